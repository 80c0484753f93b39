"""Yearly numbers of the case file: tracking numbers and the reply's document number.
`next_number` is the one place a number is drawn."""

from __future__ import annotations

from gongkai.applications import queries
from gongkai.core.models import Organisation
from gongkai.core.sequences import next_value

TRACKING_PREFIX = "YSQ"


def next_number(name: str, year: int) -> int:
    """The next number of a yearly sequence (core.sequences, locked until the transaction ends)."""
    return next_value(f"applications.{name}", year)


def tracking_number() -> str:
    year = queries.today().year
    return f"{TRACKING_PREFIX}{year}-{next_number('tracking', year):05d}"


def document_number(year: int) -> str:
    organisation = Organisation.current()
    prefix = organisation.short_name or organisation.name
    return f"{prefix}依申请公开答〔{year}〕{next_number('reply', year)}号"
