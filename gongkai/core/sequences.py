"""Numbered sequences: every yearly number of the platform (登记号, 答复书文号, 索引号, and the
decision and notice numbers of later apps) comes from here.

`next_value(name, year)` locks the `core.Sequence` row of (name, year) until the surrounding
transaction ends and returns the next number: unique and gap-free across processes and threads.
PostgreSQL serialises on `SELECT … FOR UPDATE`; SQLite connections open their transactions with
`BEGIN IMMEDIATE` (settings.py), which serialises every writer. Call it inside the transaction
that stores the number, so a rolled-back write gives its number back instead of leaving a gap.

Names are namespaced by the app that owns them ("applications.tracking"); a new year starts at 1.
`NOT_YEARLY` (0) as the year gives a sequence that never resets."""

from __future__ import annotations

from django.db import IntegrityError, transaction

NOT_YEARLY = 0


def next_value(name: str, year: int) -> int:
    """The next number of (name, year): 1 for a sequence not used before."""
    from gongkai.core.models import Sequence

    _check(name, year)
    with transaction.atomic():
        try:
            sequence = Sequence.objects.select_for_update().get(name=name, year=year)
        except Sequence.DoesNotExist:
            try:
                # A savepoint: when another transaction created the row first, the unique
                # constraint refuses ours and the lock below waits for theirs.
                with transaction.atomic():
                    sequence = Sequence.objects.create(name=name, year=year, last=0)
            except IntegrityError:
                sequence = Sequence.objects.select_for_update().get(name=name, year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
        return sequence.last


def current_value(name: str, year: int) -> int:
    """The last number handed out for (name, year); 0 when none was."""
    from gongkai.core.models import Sequence

    _check(name, year)
    return Sequence.objects.filter(name=name, year=year).values_list("last", flat=True).first() or 0


def _check(name: str, year: int) -> None:
    if not name or len(name) > 200:
        raise ValueError(f"序列名称“{name}”无效：须为1至200个字符。")
    if year != NOT_YEARLY and not 1900 <= year <= 9999:
        raise ValueError(f"序列年度“{year}”无效。")
