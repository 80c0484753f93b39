"""A string enumeration whose members carry a Chinese label: ``CODE = "code", "标签"``. Pure (no
Django), for the standard modules (outcomes, clock, fees, receipt, annual-report format)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Marks a label for the translation catalogue (makemessages finds the calls) and returns it
    unchanged: the pure modules stay Chinese and Django-free; the pages translate the label when they
    show it (`gettext(member.label)`)."""
    return message


class LabelledStrEnum(StrEnum):
    """``member == "code"`` (what is stored and exported) and ``member.label`` (what is shown)."""

    label: str

    def __new__(cls, code: str, label: str):
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member


def chinese_date(day: date) -> str:
    """2026年3月1日, as Chinese documents and messages write a date."""
    return f"{day.year}年{day.month}月{day.day}日"


class IsoDate(date):
    """A date that a `Text` writes as 2026-03-01 in Chinese (a table's list of fixes), not as
    `chinese_date`; a page in another language shows it in its DATE_FORMAT like any date."""


class Text(str):
    """A generated message: the Chinese text itself (what the pure module returns, stores and compares)
    that keeps its `template` (marked with `gettext_noop`) and `values`, so a page can show it in the
    interface language. Dates are written as `chinese_date` (an `IsoDate` as 2026-03-01), labelled members
    as their label, a list or tuple as its items joined with "、"."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Text:
        text = str.__new__(cls, template % {name: _chinese(value) for name, value in values.items()})
        text.template = template
        text.values = values
        return text


def _chinese(value: object) -> object:
    if isinstance(value, IsoDate):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "、".join(str(_chinese(item)) for item in value)
    if isinstance(value, date):
        return chinese_date(value)
    if isinstance(value, LabelledStrEnum):
        return value.label
    return value
