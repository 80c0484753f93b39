"""Frozen daily reports and their corrections (日报更正).

A published 日报 keeps the values it published (`freeze` copies the computed daily values into the
`Published*Value` rows). When the day's data change later (a late or corrected import, a staff edit, a
quality-control invalidation), `derived.recompute_days` calls `review_published_days`: the computed
values are compared, as the page shows them, with the published ones, and any difference becomes the
day's one pending `DailyReportCorrection` (before → after, and which data change caused it). Nothing
public changes until air staff publish the correction with a reason (`services.publish_correction`);
the report then shows the corrected values with a 更正 notice (time, reason, before → after) and keeps
its first 发布时间."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.air import aqi, publication
from gongkai.air.models import (
    DAILY_FIELDS,
    POLLUTANT_LABELS,
    DailyRegionValue,
    DailyReport,
    DailyReportCorrection,
    DailyStationValue,
    PublishedRegionValue,
    PublishedStationValue,
)

MISSING = "NA"  # HJ 633-2012 Tables 3/4 and HJ 633-2026 Tables 4/5 notes (queries.missing_mark)
# The compared items in the order the report's table shows them; the template names them.
ITEMS = ("aqi", "category", "primary_pollutants", *DAILY_FIELDS)
MAX_TRIGGERS = 50
VALUE_FIELDS = [*DAILY_FIELDS, "standard", "aqi", "level", "primary_pollutants", "iaqi", "computed_at"]


def shown_items(value) -> dict[str, str]:
    """A daily value as the report shows it: the AQI, category, primary pollutants and each
    pollutant's cell ("concentration（IAQI）", rounded once as published); "NA" where not valid."""
    if value is None:
        return dict.fromkeys(ITEMS, MISSING)
    items = {
        "aqi": MISSING if value.aqi is None else str(value.aqi),
        "category": aqi.CATEGORIES[value.level - 1] if value.level else MISSING,
        "primary_pollutants": MISSING if value.aqi is None else (value.primary_pollutants or "—"),
    }
    for name in DAILY_FIELDS:
        if name == "o3_1h_max" and value.standard != aqi.Standard.HJ_633_2012:
            items[name] = "—"  # not part of the HJ 633-2026 daily report
            continue
        text = publication.shown(name, getattr(value, name))
        index = value.iaqi.get(publication.DAILY_IAQI[name])
        items[name] = MISSING if text is None else (text if index is None else f"{text}（{index}）")
    return items


def _places(values, kind: str) -> dict[tuple[str, int], tuple[str, str, object]]:
    """(kind, id) -> (code, name, value)."""
    if kind == "region":
        return {(kind, v.region_id): (v.region.code, v.region.name, v) for v in values}
    return {(kind, v.station_id): (v.station.code, v.station.name, v) for v in values}


def _order(key_and_place) -> tuple:
    (kind, _pk), (code, _name, value) = key_and_place
    region_kind = getattr(getattr(value, "region", None), "kind", "")
    return (kind != "region", region_kind, code)


def diff_report(report: DailyReport) -> list[dict]:
    """What would change on the published report if it showed the values computed now: one entry per
    item that differs, {"kind", "code", "name", "field", "before", "after"}; [] when nothing shown
    differs (an invisible change, below the published precision, is no correction)."""
    day = report.date
    published = {
        **_places(PublishedRegionValue.objects.filter(report=report).select_related("region"), "region"),
        **_places(PublishedStationValue.objects.filter(report=report).select_related("station"), "station"),
    }
    computed = {
        **_places(DailyRegionValue.objects.filter(date=day).select_related("region"), "region"),
        **_places(DailyStationValue.objects.filter(date=day).select_related("station"), "station"),
    }
    places = sorted({**published, **computed}.items(), key=_order)
    changes = []
    for key, _place in places:
        before_place, after_place = published.get(key), computed.get(key)
        code, name, _value = after_place or before_place
        before = shown_items(before_place[2] if before_place else None)
        after = shown_items(after_place[2] if after_place else None)
        for item in ITEMS:
            if before[item] != after[item]:
                changes.append(
                    {
                        "kind": key[0],
                        "code": code,
                        "name": name,
                        "field": item,
                        "before": before[item],
                        "after": after[item],
                    }
                )
    return changes


def freeze(reports: Iterable[DailyReport]) -> None:
    """Make the reports' published values the values computed now (at publishing and when a
    correction is published)."""
    reports = {report.date: report for report in reports}
    if not reports:
        return
    days = list(reports)
    PublishedStationValue.objects.filter(report__in=reports.values()).delete()
    PublishedRegionValue.objects.filter(report__in=reports.values()).delete()

    def copy(value) -> dict:
        return {name: getattr(value, name) for name in ["date", *VALUE_FIELDS]}

    PublishedStationValue.objects.bulk_create(
        [
            PublishedStationValue(report=reports[v.date], station_id=v.station_id, **copy(v))
            for v in DailyStationValue.objects.filter(date__in=days).iterator(chunk_size=5000)
        ],
        batch_size=2000,
    )
    PublishedRegionValue.objects.bulk_create(
        [
            PublishedRegionValue(
                report=reports[v.date], region_id=v.region_id, station_count=v.station_count, **copy(v)
            )
            for v in DailyRegionValue.objects.filter(date__in=days).iterator(chunk_size=5000)
        ],
        batch_size=2000,
    )


def trigger(*, actor=None, what: str, reason: str = "") -> dict:
    """A data change as a pending correction lists it for the staff who review it."""
    user = "" if actor is None else (actor.get_full_name() or actor.get_username())
    return {"at": timezone.now().isoformat(timespec="seconds"), "user": user, "what": what, "reason": reason}


@transaction.atomic
def review_published_days(dates: Iterable[date], change: dict | None = None) -> list[DailyReportCorrection]:
    """After the data of these days changed: for each published report among them, make or update its
    pending correction from the difference between the computed and the published values (or drop the
    pending correction when the data are back to what was published). Returns the pending ones."""
    now = timezone.now()
    pending = []
    reports = DailyReport.objects.select_for_update().filter(date__in=set(dates), published_at__isnull=False)
    for report in reports:
        changes = diff_report(report)
        correction = report.corrections.filter(status=DailyReportCorrection.Status.PENDING).first()
        if not changes:
            if correction is not None:
                correction.delete()  # never public; the data changes themselves stay in the audit trail
            continue
        if correction is None:
            correction = DailyReportCorrection(report=report, detected_at=now)
        correction.changes = changes
        correction.updated_at = now
        if change:  # the latest MAX_TRIGGERS (an hourly feed may touch a published day many times)
            correction.triggers = [*correction.triggers, change][-MAX_TRIGGERS:]
        correction.save()
        pending.append(correction)
    return pending


def pending_corrections():
    return (
        DailyReportCorrection.objects.filter(status=DailyReportCorrection.Status.PENDING)
        .select_related("report")
        .order_by("report__date")
    )


def published_corrections(report: DailyReport):
    return report.corrections.filter(status=DailyReportCorrection.Status.PUBLISHED).order_by("number")


ITEM_LABELS = {"aqi": "AQI", "category": _("类别"), "primary_pollutants": _("首要污染物"), **POLLUTANT_LABELS}


def shown_changes(correction: DailyReportCorrection) -> list[dict]:
    """The correction's changes with each item's label, as the pages list them."""
    return [
        {**change, "label": ITEM_LABELS.get(change["field"], change["field"])}
        for change in correction.changes
    ]


def shown_triggers(correction: DailyReportCorrection) -> list[dict]:
    """The data changes behind a pending correction, with their times as datetimes."""
    return [{**change, "at": datetime.fromisoformat(change["at"])} for change in correction.triggers]
