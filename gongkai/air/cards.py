"""To-do cards of 空气质量 on the staff home (core.dashboard): the user's own rejected imports of the
last week (intake's card), the stations that have stopped reporting and the daily-report corrections
waiting to be published."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.air.corrections import pending_corrections
from gongkai.air.models import Station
from gongkai.core.dashboard import Card, CardItem
from gongkai.intake.cards import failed_imports_card

SECTION = _("空气质量")
# A station counts as silent when its newest hour is older than this. A working default, not a
# rule of a standard: real-time data normally arrives within the next hour.
SILENT_HOURS = 3


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
    failed_imports_card(
        key="air.failed_imports",
        section=SECTION,
        importer="air.observations",
        permission="air.add_hourlyobservation",
        url="air:staff_upload",
        order=300,
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
    Card(
        key="air.pending_corrections",
        section=SECTION,
        title=_("待发布的日报更正"),
        permission="air.publish_dailyreportcorrection",
        count=lambda user: pending_corrections().count(),
        items=lambda user: [
            CardItem(
                format_lazy(_("{day} 日报：{n} 项变化"), day=f"{c.report.date:%Y-%m-%d}", n=len(c.changes)),
                reverse("air:staff_corrections"),
            )
            for c in pending_corrections()[:5]
        ],
        url="air:staff_corrections",
        order=320,
        alert=True,
    ),
)
