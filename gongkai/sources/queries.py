"""Read-side helpers of the pollution-source registry shared by pages, the API and the publishing step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count

from gongkai.sources.models import Enterprise, KeyUnit, KeyUnitCategory, KeyUnitPublication

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
    {"previous": year or None, "added": {category label: [Change]}, "removed": {…}, counts}. Compares
    (category, enterprise) pairs in the database's rows and loads names only of what changed."""
    previous = KeyUnit.objects.filter(year__lt=year).order_by("-year").values_list("year", flat=True).first()
    labels = dict(KeyUnitCategory.choices)
    order = {code: index for index, code in enumerate(labels)}

    def pairs(y):
        return set(KeyUnit.objects.filter(year=y).values_list("category", "enterprise_id")) if y else set()

    now, before = pairs(year), pairs(previous)
    added_keys = now - before if previous else set()
    removed_keys = before - now
    names = {
        pk: (code, name, district)
        for pk, code, name, district in Enterprise.objects.filter(
            pk__in={pk for _category, pk in added_keys | removed_keys}
        ).values_list("pk", "credit_code", "name", "district_name")
    }

    def grouped(keys):
        out: dict[str, list] = {}
        for category, pk in sorted(keys, key=lambda key: (order[key[0]], names[key[1]][1])):
            code, name, district = names[pk]
            out.setdefault(str(labels[category]), []).append(Change(code, name, district, [category]))
        return out

    return {
        "year": year,
        "previous": previous,
        "added": grouped(added_keys),
        "removed": grouped(removed_keys),
        "added_count": len(added_keys),
        "removed_count": len(removed_keys),
    }


def key_unit_counts(year: int) -> list[tuple[str, int]]:
    counts = {c: 0 for c, _label in KeyUnitCategory.choices}
    for row in KeyUnit.objects.filter(year=year).values("category").annotate(n=Count("id")):
        counts[row["category"]] = row["n"]
    labels = dict(KeyUnitCategory.choices)
    return [(str(labels[c]), n) for c, n in counts.items()]


def publication(year: int) -> KeyUnitPublication | None:
    return KeyUnitPublication.objects.filter(year=year).first()


# --- 自行监测方案 against the self-monitoring results ----------------------------------------------

PLAN_WINDOW_MONTHS = 12


@dataclass
class PlanCoverage:
    """One plan item over the window: the periods due, those without a result (missing), or
    ``checked`` False for continuous (automatic) monitoring, which is judged on its own data."""

    item: object
    checked: bool
    due: int = 0
    missing: list = None  # [(first, last)]
    window: tuple = None


def plan_window(today: date) -> tuple[date, date]:
    """The last twelve months ending yesterday (a period is due once it has ended)."""
    from datetime import timedelta

    month = today.month - PLAN_WINDOW_MONTHS % 12
    start = date(today.year - PLAN_WINDOW_MONTHS // 12 - (month < 1), (month - 1) % 12 + 1, 1)
    return start, today - timedelta(days=1)


def plan_coverage(credit_code: str, today: date) -> list[PlanCoverage]:
    """Every plan item of the enterprise with the self-monitoring periods missing in the window."""
    from gongkai.sources import compliance
    from gongkai.sources.models import MonitoringResult
    from gongkai.sources.models_permits import SelfMonitoringPlanItem

    items = list(
        SelfMonitoringPlanItem.objects.filter(outlet__enterprise__credit_code=credit_code)
        .select_related("outlet")
        .order_by("outlet__code", "pollutant", "-valid_from")
    )
    if not items:
        return []
    start, end = plan_window(today)
    sampled: dict[tuple[int, str], list[date]] = {}
    rows = MonitoringResult.objects.filter(
        source=MonitoringResult.Source.SELF,
        outlet__enterprise__credit_code=credit_code,
        sampled_on__gte=start,
        sampled_on__lte=end,
    ).values_list("outlet_id", "pollutant", "sampled_on")
    for outlet_id, pollutant, day in rows:
        sampled.setdefault((outlet_id, pollutant), []).append(day)
    coverage = []
    for item in items:
        if item.frequency == compliance.CONTINUOUS:
            coverage.append(PlanCoverage(item=item, checked=False))
            continue
        first = max(start, item.valid_from)
        last = min(end, item.valid_until) if item.valid_until else end
        due = compliance.due_periods(item.frequency, first, last) if first <= last else []
        missing = (
            compliance.missing_periods(
                item.frequency, first, last, sampled.get((item.outlet_id, item.pollutant), [])
            )
            if due
            else []
        )
        coverage.append(
            PlanCoverage(item=item, checked=True, due=len(due), missing=missing, window=(first, last))
        )
    return coverage
