"""State changes of the air app other than intake: daily-report publishing. (Data-submission tokens
and upload jobs live in the intake app.)"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.air.aqi import CATEGORIES
from gongkai.air.derived import recompute_days
from gongkai.air.models import DailyRegionValue, DailyReport, Station
from gongkai.audit import services as audit
from gongkai.core import publishing


@transaction.atomic
def publish_daily_report(*, day: date) -> DailyReport:
    """日报 of ``day``: recompute the day from the hourly data as received so far (late data included)
    and publish it; a report already published keeps its first publication time and records the update."""
    stations = list(Station.objects.filter(active_from__lte=day).values_list("pk", flat=True))
    recompute_days(stations, [day])
    now = timezone.now()
    report, created = DailyReport.objects.get_or_create(
        date=day, defaults={"published_at": now, "updated_at": now}
    )
    if not created:
        report.published_at = report.published_at or now
        report.updated_at = now
        report.save(update_fields=["published_at", "updated_at"])
    if created:
        audit.record(actor=None, action="air.daily_publish", target=report, after={"date": day.isoformat()})
    publishing.announce(daily_announcement(report))  # the unified feed and its new-media texts
    return report


def daily_announcement(report: DailyReport) -> publishing.Announcement:
    """The 日报 as a feed entry: one row per region (AQI, category, primary pollutant)."""
    rows = []
    for value in (
        DailyRegionValue.objects.filter(date=report.date)
        .select_related("region")
        .order_by("region__kind", "region__code")
    ):
        category = CATEGORIES[value.level - 1] if value.level else "—"
        aqi = "—" if value.aqi is None else str(value.aqi)
        primary = value.primary_pollutants or "—"
        rows.append(
            f"<tr><td>{escape(value.region.name)}</td><td>{aqi}</td><td>{category}</td><td>{escape(primary)}</td></tr>"
        )
    table = (
        "<table><tr><th>区域</th><th>AQI</th><th>类别</th><th>首要污染物</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else "<p>当日有效监测数据不足。</p>"
    )
    title = f"{report.date:%Y年%m月%d日}空气质量日报"
    return publishing.Announcement(
        source="air",
        key=f"air.dailyreport:{report.date:%Y-%m-%d}",
        title=title,
        body_html=f"<p>{title}如下。</p>{table}",
        link=f"{reverse('air:daily')}?date={report.date:%Y-%m-%d}",
        published_at=report.published_at,
    )


def publish_previous_day(*, now=None) -> DailyReport:
    return publish_daily_report(day=timezone.localtime(now).date() - timedelta(days=1))
