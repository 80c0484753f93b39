"""索引号 (index numbers): one per published document, unique, never reused.

The pattern is a setting (`DISCLOSURE_INDEX_PATTERN`, a str.format template with the fields
`org`, `category`, `year` and `serial`); the default is the organisation code, the year and a
five-digit serial ("11990100MB0000001T-2026-00001"). Organisations also use
"机构代码-类别-年份-流水号": `{org}-{category}-{year}-{serial:05d}`, where the category is the
code of the document's catalogue row: its top-level code (`DISCLOSURE_INDEX_CATEGORY = "root"`,
the default, e.g. "03") or its whole code without dots ("item", e.g. "050102"). A number is given
once, at approval, and never changes: a revision or a later change of pattern keeps it. `org` is
the organisation's unified social credit code (or its region code when the credit code is not
entered); `year` is the year of the date formed (成文日期).

Serials come from the core sequence "disclosure.index:<scope>" (the scope is the pattern with
everything but the serial filled in; `core.sequences` locks it while a number is handed out). A
serial is consumed even when the number already exists (a legacy number imported with the same
scope), so no number is ever handed out twice."""

from __future__ import annotations

import string

from django.conf import settings
from django.db import transaction

DEFAULT_PATTERN = "{org}-{year}-{serial:05d}"
FIELDS = {"org", "category", "year", "serial"}
DEFAULT_CATEGORY = "00"  # when no catalogue row is known
SEQUENCE_PREFIX = "disclosure.index:"  # also in migration 0004


class _SerialPlaceholder:
    def __format__(self, spec: str) -> str:
        return "#"


def pattern() -> str:
    return getattr(settings, "DISCLOSURE_INDEX_PATTERN", DEFAULT_PATTERN)


def check_pattern(template: str) -> None:
    """A pattern must contain {serial} and nothing but the known fields."""
    names = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}
    if "serial" not in names or not names <= FIELDS:
        raise ValueError(
            f"索引号格式“{template}”无效：必须包含 {{serial}}，"
            "只能使用 {org}、{category}、{year}、{serial}。"
        )


def format_number(
    template: str, *, org: str, year: int, serial: int, category: str = DEFAULT_CATEGORY
) -> str:
    check_pattern(template)
    return template.format(org=org, category=category, year=year, serial=serial)


def scope_of(template: str, *, org: str, year: int, category: str = DEFAULT_CATEGORY) -> str:
    check_pattern(template)
    return template.format(org=org, category=category, year=year, serial=_SerialPlaceholder())


def category_of(item_code: str) -> str:
    """The 类别 segment for a catalogue row's code."""
    if not item_code:
        return DEFAULT_CATEGORY
    if getattr(settings, "DISCLOSURE_INDEX_CATEGORY", "root") == "item":
        return item_code.replace(".", "")
    return item_code.split(".", 1)[0]


def organisation_code() -> str:
    from gongkai.core.models import Organisation

    organisation = Organisation.current()
    return organisation.credit_code or organisation.region_code or "000000"


def allocate(*, year: int, item_code: str = "") -> str:
    """The next index number of `year`'s scope (and the category of catalogue row `item_code` when
    the pattern has one). Call inside the transaction that stores it."""
    from gongkai.core.sequences import NOT_YEARLY, next_value
    from gongkai.disclosure.models import Document

    template = pattern()
    org = organisation_code()
    category = category_of(item_code)
    name = SEQUENCE_PREFIX + scope_of(template, org=org, year=year, category=category)
    with transaction.atomic():
        # The scope carries the year when the pattern has one, so the sequence itself never resets.
        while True:
            serial = next_value(name, NOT_YEARLY)
            number = format_number(template, org=org, year=year, serial=serial, category=category)
            if not Document.objects.filter(index_number=number).exists():
                return number
