"""Messages of the pure modules (`labelled.Text`) in the interface language: the template through
gettext, dates in DATE_FORMAT, labelled members and marked strings translated, lists joined with the
translation of "、". In Chinese the result is the pure module's own text (an `IsoDate` stays 2026-03-01)."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from gongkai.core.labelled import IsoDate, LabelledStrEnum, Text


def translated(text: str) -> str:
    """`text` in the interface language: a `Text` by its template; a plain string that is a marked
    msgid (a stored rule or label) by gettext; any other string as it is."""
    if isinstance(text, Text):
        return gettext(text.template) % {name: _shown(value) for name, value in text.values.items()}
    return gettext(text) if text else text


def _shown(value: object) -> object:
    if isinstance(value, str):  # a Text, a marked label, or a value shown as it is
        return translated(value)
    if isinstance(value, list | tuple):
        return gettext("、").join(str(_shown(item)) for item in value)
    if isinstance(value, IsoDate) and (get_language() or "zh").startswith("zh"):
        return value.isoformat()
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, LabelledStrEnum):
        return gettext(value.label)
    return value
