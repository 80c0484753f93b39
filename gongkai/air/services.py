"""State changes of the air app other than intake: daily-report publishing. (Data-submission tokens
and upload jobs live in the intake app.)"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.air.derived import recompute_days
from gongkai.air.models import DailyReport, Station
from gongkai.audit import services as audit


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
    return report


def publish_previous_day(*, now=None) -> DailyReport:
    return publish_daily_report(day=timezone.localtime(now).date() - timedelta(days=1))
