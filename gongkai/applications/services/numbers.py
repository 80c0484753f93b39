"""Yearly numbers of the case file: tracking numbers and the reply's document number.
`next_number` is the one place a number is drawn."""

from __future__ import annotations

from gongkai.applications import queries
from gongkai.applications.models import Counter
from gongkai.core.models import Organisation

TRACKING_PREFIX = "YSQ"


def next_number(name: str, year: int) -> int:
    """The next number of a yearly sequence; the counter row is locked until the transaction ends."""
    Counter.objects.bulk_create([Counter(name=name, year=year, last=0)], ignore_conflicts=True)
    counter = Counter.objects.select_for_update().get(name=name, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def tracking_number() -> str:
    year = queries.today().year
    return f"{TRACKING_PREFIX}{year}-{next_number('tracking', year):05d}"


def document_number(year: int) -> str:
    organisation = Organisation.current()
    prefix = organisation.short_name or organisation.name
    return f"{prefix}依申请公开答〔{year}〕{next_number('reply', year)}号"
