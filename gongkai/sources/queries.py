"""Read-side helpers of the pollution-source registry shared by pages, the API and the publishing step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from gongkai.sources.models import KeyUnit, KeyUnitCategory, KeyUnitPublication

# The day of the year by which a year's 名录 should be published. regulations.md does not state the
# 《环境监管重点单位名录管理办法》(2022) date (it is commonly practised "by the end of March" [U]), so it is a
# setting: SOURCES_KEY_UNITS_DUE = "MM-DD", default "03-31".
DEFAULT_KEY_UNITS_DUE = "03-31"


def key_units_due(year: int) -> date:
    text = getattr(settings, "SOURCES_KEY_UNITS_DUE", DEFAULT_KEY_UNITS_DUE) or DEFAULT_KEY_UNITS_DUE
    month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def key_unit_years() -> list[int]:
    return list(KeyUnit.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass
class Change:
    credit_code: str
    name: str
    district: str
    categories: list[str]


def key_unit_changes(year: int) -> dict:
    """Enterprises added to and removed from the list against the previous year, per category.
    {"previous": year or None, "added": {category label: [Change]}, "removed": {…}, counts}."""
    previous = KeyUnit.objects.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first()
    labels = dict(KeyUnitCategory.choices)

    def entries(y):
        rows = KeyUnit.objects.filter(year=y).select_related("enterprise") if y else []
        return {(k.category, k.enterprise.credit_code): k.enterprise for k in rows}

    now, before = entries(year), entries(previous)

    def grouped(keys, source):
        out: dict[str, list] = {}
        for category, code in sorted(keys, key=lambda key: (list(labels).index(key[0]), source[key].name)):
            enterprise = source[(category, code)]
            out.setdefault(str(labels[category]), []).append(
                Change(enterprise.credit_code, enterprise.name, enterprise.district_name, [category])
            )
        return out

    added_keys = set(now) - set(before) if previous else set()
    removed_keys = set(before) - set(now)
    return {
        "year": year,
        "previous": previous,
        "added": grouped(added_keys, now),
        "removed": grouped(removed_keys, before),
        "added_count": len(added_keys),
        "removed_count": len(removed_keys),
    }


def key_unit_counts(year: int) -> list[tuple[str, int]]:
    counts = {c: 0 for c, _label in KeyUnitCategory.choices}
    for category in KeyUnit.objects.filter(year=year).values_list("category", flat=True):
        counts[category] += 1
    labels = dict(KeyUnitCategory.choices)
    return [(str(labels[c]), n) for c, n in counts.items()]


def publication(year: int) -> KeyUnitPublication | None:
    return KeyUnitPublication.objects.filter(year=year).first()
