"""The intake importer ``water.monthly``: a month's results per section, all rows or none, run by
the worker with progress and problems named by the line Excel shows (header = line 1)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gongkai.water import services

IMPORTER = "water.monthly"


def process_monthly(ctx) -> str:
    table = ctx.table()
    rows, problems = services.monthly_rows(table)
    if rows:
        problems += services.unknown_sections(rows)[1]
    for line, column, message in problems:
        ctx.error(line, column, message)
    ctx.progress(len(table))
    month = date.fromisoformat(ctx.params["month"])
    summary = ctx.apply(
        lambda: services.store_monthly(
            actor=ctx.actor, month=month, rows=rows, reason=ctx.params.get("reason", "")
        )
    )
    return _(services.SUMMARY) % vars(summary)
