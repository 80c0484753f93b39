"""To-do cards of 空气质量 on the staff home (core.dashboard): the user's own rejected imports of the
last week and the stations that have stopped reporting."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.air.models import Station
from gongkai.core.dashboard import Card, CardItem
from gongkai.intake import queries as intake_queries

SECTION = _("空气质量")
FAILED_IMPORT_DAYS = 7  # a rejected upload stays on the card for a week (it is fixed by uploading again)
# A station counts as silent when its newest hour is older than this. A working default, not a
# rule of a standard: real-time data normally arrives within the next hour.
SILENT_HOURS = 3


def failed_imports(user):
    since = timezone.now() - timedelta(days=FAILED_IMPORT_DAYS)
    return intake_queries.failed_jobs(since=since, importer="air.observations").filter(uploaded_by=user)


def silent_stations():
    """Stations in service today whose newest hour is older than SILENT_HOURS (or that never reported)."""
    now = timezone.now()
    today = timezone.localdate(now)
    cutoff = now - timedelta(hours=SILENT_HOURS)
    in_service = Station.objects.filter(active_from__lte=today).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=today)
    )
    return (
        in_service.annotate(newest=Max("observations__hour"))
        .filter(Q(newest__isnull=True) | Q(newest__lt=cutoff))
        .order_by("code")
    )


def _silent_label(station) -> str:
    if station.newest is None:
        return format_lazy(_("{station}：从未上报"), station=station)
    newest = timezone.localtime(station.newest)
    return format_lazy(_("{station}：最新 {hour}"), station=station, hour=f"{newest:%m-%d %H:%M}")


CARDS = (
    Card(
        key="air.failed_imports",
        section=SECTION,
        title=format_lazy(_("近 {days} 天导入失败"), days=FAILED_IMPORT_DAYS),
        permission="air.add_hourlyobservation",
        count=lambda user: failed_imports(user).count(),
        items=lambda user: [
            CardItem(f"{job.filename} {timezone.localtime(job.created_at):%m-%d %H:%M}", job_url(job))
            for job in failed_imports(user)[:5]
        ],
        url="air:staff_upload",
        order=300,
        alert=True,
    ),
    Card(
        key="air.silent_stations",
        section=SECTION,
        title=format_lazy(_("超过 {hours} 小时未上报数据的站点"), hours=SILENT_HOURS),
        permission="air.view_hourlyobservation",
        count=lambda user: silent_stations().count(),
        items=lambda user: [
            CardItem(
                _silent_label(station),
                f"{reverse('air:staff_observations')}?{urlencode({'station': station.code})}",
            )
            for station in silent_stations()[:5]
        ],
        url="air:staff_observations",
        order=310,
        alert=True,
    ),
)


def job_url(job) -> str:
    return reverse("intake:job", args=[job.pk])
