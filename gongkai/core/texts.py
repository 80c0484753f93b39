"""Messages of the pure modules (`labelled.Text`) in the interface language: the template through
gettext, dates in DATE_FORMAT, labelled members and marked strings translated. In Chinese the result
is the pure module's own text."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext

from gongkai.core.labelled import LabelledStrEnum, Text


def translated(text: str) -> str:
    """`text` in the interface language: a `Text` by its template; a plain string that is a marked
    msgid (a stored rule or label) by gettext; any other string as it is."""
    if isinstance(text, Text):
        return gettext(text.template) % {name: _shown(value) for name, value in text.values.items()}
    return gettext(text) if text else text


def _shown(value: object) -> object:
    if isinstance(value, str):  # a Text, a marked label, or a value shown as it is
        return translated(value)
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, LabelledStrEnum):
        return gettext(value.label)
    return value
