"""Online monitoring data judged against permit limits (issue 16, validity and exceedance).

- Only data flagged N count (``hj212.validity``). An hourly value is the logger's hourly record
  (CN 2061) or, for an hour without one, the mean of its minute records (CN 2051) when the hour holds
  ``settings.HJ212_HOURLY_VALID_MINUTES`` valid minutes (default 45, standards.md §6 citing HJ 75-2017).
  A daily value is the daily record (CN 2031) or the mean of the day's valid hourly values when there
  are ``settings.HJ212_DAILY_VALID_HOURS`` of them (default 20: no confirmed number, a setting).
- The concentration compared is the converted one (``ZsAvg``) when the logger sends it, else ``Avg``;
  the daily amount is the daily record's ``Cou``.
- Each value is compared only with the outlet's permit limit of the same statistic (``compliance``).
- An exceedance opens an alert (a to-do card for enforcement officers, ``status=open``). It becomes
  public on the enterprise's facility page once confirmed: by an officer (``confirm``), or — when
  ``settings.HJ212_EXCEEDANCE_AUTO_CONFIRM_HOURS`` is set (default None: officers only) — by the
  worker after that many hours without a decision. An officer may dismiss it instead (e.g. a declared
  start-up period), with a reason."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.audit import services as audit
from gongkai.core.dashboard import Card
from gongkai.core.errors import DomainError
from gongkai.core.facility import FacilitySection
from gongkai.sources import compliance
from gongkai.sources.hj212 import validity
from gongkai.sources.models import Device, Measurement, OnlineExceedance, PermitLimit

HOURLY_CN, MINUTE_CN, DAILY_CN = "2061", "2051", "2031"


def _setting(name: str, default):
    return getattr(settings, name, default)


def _concentration(row) -> float | None:
    return row.zs_avg if row.zs_avg is not None else row.avg


def hourly_values(mn: str, code: str, start: datetime, end: datetime) -> dict[datetime, validity.Mean]:
    """Hour start → hourly mean of one pollutant (valid or not) in [start, end)."""
    rows = Measurement.objects.filter(mn=mn, code=code, data_time__gte=start, data_time__lt=end)
    hours: dict[datetime, validity.Mean] = {}
    minutes: dict[datetime, list[validity.Reading]] = defaultdict(list)
    for row in rows.filter(cn__in=[HOURLY_CN, MINUTE_CN]).only("cn", "data_time", "avg", "zs_avg", "flag"):
        value = _concentration(row)
        if row.cn == HOURLY_CN:
            valid = value is not None and validity.is_valid(row.flag)
            hours[row.data_time] = validity.Mean(Decimal(str(value)) if valid else None, int(valid))
        else:
            hour = row.data_time.replace(minute=0, second=0, microsecond=0)
            minutes[hour].append(validity.Reading(row.data_time, value, row.flag))
    required = _setting("HJ212_HOURLY_VALID_MINUTES", validity.DEFAULT_REQUIRED_MINUTES)
    for hour, readings in minutes.items():
        if hour not in hours:
            interval = validity.interval_of([r.at for r in readings])
            hours[hour] = validity.hourly_mean(readings, interval=interval, required_minutes=required)
    return hours


def daily_values(mn: str, code: str, day_starts: list[datetime]) -> dict[datetime, tuple]:
    """Day start → (daily mean concentration or None, daily amount or None)."""
    out = {}
    required = _setting("HJ212_DAILY_VALID_HOURS", validity.DEFAULT_REQUIRED_HOURS)
    for day in day_starts:
        record = (
            Measurement.objects.filter(mn=mn, code=code, cn=DAILY_CN, data_time=day)
            .only("avg", "zs_avg", "cou", "flag")
            .first()
        )
        mean = amount = None
        if record is not None and validity.is_valid(record.flag):
            value = _concentration(record)
            mean = Decimal(str(value)) if value is not None else None
            amount = Decimal(str(record.cou)) if record.cou is not None else None
        if mean is None:
            mean = validity.daily_mean(
                hourly_values(mn, code, day, day + timedelta(days=1)).values(), required_hours=required
            ).value
        out[day] = (mean, amount)
    return out


def _limit(row: PermitLimit) -> compliance.Limit:
    return compliance.Limit(row.pollutant_code, row.statistic, upper=row.value, lower=row.lower)


@transaction.atomic
def detect(start: datetime, end: datetime) -> list[OnlineExceedance]:
    """Judge the valid data of [start, end) of every active logger at an outlet with limits; open
    an exceedance for each value above its limit (once: a second run finds the same ones)."""
    opened = []
    devices = Device.objects.filter(active=True, outlet__isnull=False).select_related("outlet")
    for device in devices:
        limits = [row for row in device.outlet.limits.all() if row.pollutant_code]
        by_code: dict[str, list[PermitLimit]] = defaultdict(list)
        for row in limits:
            by_code[row.pollutant_code].append(row)
        for code, rows in by_code.items():
            judged: list[tuple[PermitLimit, datetime, Decimal]] = []
            statistics = {row.statistic: row for row in rows}
            if compliance.HOURLY in statistics:
                for hour, mean in hourly_values(device.mn, code, start, end).items():
                    if mean.value is not None:
                        judged.append((statistics[compliance.HOURLY], hour, mean.value))
            if compliance.DAILY in statistics or compliance.DAILY_AMOUNT in statistics:
                days = sorted(
                    Measurement.objects.filter(
                        mn=device.mn, code=code, cn=DAILY_CN, data_time__gte=start, data_time__lt=end
                    ).values_list("data_time", flat=True)
                )
                for day, (mean, amount) in daily_values(device.mn, code, days).items():
                    if mean is not None and compliance.DAILY in statistics:
                        judged.append((statistics[compliance.DAILY], day, mean))
                    if amount is not None and compliance.DAILY_AMOUNT in statistics:
                        judged.append((statistics[compliance.DAILY_AMOUNT], day, amount))
            for row, period, value in judged:
                result = compliance.assess(
                    value, pollutant=code, statistic=row.statistic, limits=[_limit(row)], valid=True
                )
                if not result.exceeded:
                    continue
                found, created = OnlineExceedance.objects.get_or_create(
                    outlet=device.outlet,
                    pollutant_code=code,
                    statistic=row.statistic,
                    period_start=period,
                    defaults={
                        "mn": device.mn,
                        "pollutant": row.pollutant,
                        "value": value,
                        "limit": row.value,
                        "lower": row.lower,
                        "unit": row.unit,
                        "multiple": result.multiple,
                    },
                )
                if created:
                    opened.append(found)
    return opened


def _summary(item: OnlineExceedance) -> dict:
    return {"status": item.status, "note": item.note}


@transaction.atomic
def decide(*, actor, exceedance: OnlineExceedance, confirm: bool, note: str = "") -> OnlineExceedance:
    """An officer confirms (made public) or dismisses (with a reason) an open exceedance."""
    if not actor.has_perm("sources.change_onlineexceedance"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    item = OnlineExceedance.objects.select_for_update().get(pk=exceedance.pk)
    if item.status != OnlineExceedance.Status.OPEN:
        raise DomainError(_("该超标记录已处理。"))
    note = note.strip()
    if not confirm and not note:
        raise DomainError(_("排除超标须说明理由。"), field="note")
    before = _summary(item)
    item.status = OnlineExceedance.Status.CONFIRMED if confirm else OnlineExceedance.Status.DISMISSED
    item.note, item.decided_at, item.decided_by = note[:300], timezone.now(), actor
    item.save(update_fields=["status", "note", "decided_at", "decided_by"])
    action = "sources.exceedance_confirm" if confirm else "sources.exceedance_dismiss"
    audit.record(actor=actor, action=action, target=item, before=before, after=_summary(item))
    return item


def auto_confirm(now: datetime | None = None) -> int:
    """Open exceedances older than the configured hours become public (none when not configured)."""
    hours = _setting("HJ212_EXCEEDANCE_AUTO_CONFIRM_HOURS", None)
    if not hours:
        return 0
    now = now or timezone.now()
    stale = OnlineExceedance.objects.filter(
        status=OnlineExceedance.Status.OPEN, detected_at__lte=now - timedelta(hours=hours)
    )
    count = 0
    for item in stale:
        before = _summary(item)
        item.status, item.decided_at = OnlineExceedance.Status.CONFIRMED, now
        item.save(update_fields=["status", "decided_at"])
        audit.record(
            actor=None, action="sources.exceedance_confirm", target=item, before=before, after=_summary(item)
        )
        count += 1
    return count


def _public_exceedances(credit_code: str, public: bool) -> dict | None:
    rows = list(
        OnlineExceedance.objects.filter(
            outlet__enterprise__credit_code=credit_code, status=OnlineExceedance.Status.CONFIRMED
        ).select_related("outlet")[:20]
    )
    return {"rows": rows} if rows else None


SECTION = FacilitySection(
    "sources.online_exceedances",
    gettext_lazy("自动监控超标记录"),
    "sources/facility/online_exceedances.html",
    _public_exceedances,
    206,
)
CARD = Card(
    key="sources.online_exceedances_open",
    section=gettext_lazy("污染源自动监控"),
    title=gettext_lazy("在线监控超标待确认"),
    permission="sources.change_onlineexceedance",
    count=lambda user: OnlineExceedance.objects.filter(status=OnlineExceedance.Status.OPEN).count(),
    url="sources:staff_exceedances",
    alert=True,
)


def register() -> None:
    """Called by the app's ready(): roles, menu, audit labels, the card and the facility section."""
    from gongkai.audit import labels
    from gongkai.core import dashboard, facility, menu
    from gongkai.core.roles import Role, grant

    grant(Role.ENFORCEMENT_OFFICER, "sources.view_onlineexceedance", "sources.change_onlineexceedance")
    for role in (Role.DATA_OFFICER, Role.LEADER, Role.ADMINISTRATOR):
        grant(role, "sources.view_onlineexceedance")
    menu.register(
        menu.MenuEntry(
            gettext_lazy("污染源自动监控"),
            gettext_lazy("在线监控超标"),
            "sources:staff_exceedances",
            "sources.view_onlineexceedance",
            420,
        )
    )
    menu.register(
        menu.MenuEntry(
            gettext_lazy("污染源自动监控"),
            gettext_lazy("接收服务运行指标"),
            "sources:staff_receiver_metrics",
            "sources.view_rawpacket",
            405,
        )
    )
    labels.register("sources.exceedance_confirm", gettext_lazy("确认在线监控超标"))
    labels.register("sources.exceedance_dismiss", gettext_lazy("排除在线监控超标"))
    dashboard.register(CARD)
    facility.register(SECTION)
    facility.register(LATEST_SECTION)
    from gongkai.sources import online_lists  # noqa: F401 - registers the public lists


# --- the facility page: latest values against the limits, and 30 days of daily values ---------------
CHART_DAYS = 30
CHART_WIDTH, CHART_HEIGHT = 300, 80


def _latest_value(mn: str, code: str, statistic: str):
    cn = HOURLY_CN if statistic == compliance.HOURLY else DAILY_CN
    row = (
        Measurement.objects.filter(mn=mn, code=code, cn=cn, valid=True)
        .only("data_time", "avg", "zs_avg", "cou")
        .order_by("-data_time")
        .first()
    )
    if row is None:
        return None, None
    value = row.cou if statistic == compliance.DAILY_AMOUNT else _concentration(row)
    return (Decimal(str(value)) if value is not None else None), row.data_time


def daily_series(mn: str, code: str, end: datetime, days: int = CHART_DAYS) -> list[tuple]:
    """(Beijing date, mean of the day's valid hourly values or None) for the ``days`` days up to ``end``."""
    from django.db.models import Avg, Q
    from django.db.models.functions import Coalesce, TruncDate

    from gongkai.sources.partitions import BEIJING

    last = end.astimezone(BEIJING).date()
    first = last - timedelta(days=days - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=BEIJING)
    rows = (
        Measurement.objects.filter(mn=mn, code=code, cn=HOURLY_CN, valid=True, data_time__gte=start)
        .filter(Q(avg__isnull=False) | Q(zs_avg__isnull=False))
        .annotate(day=TruncDate("data_time", tzinfo=BEIJING))
        .values("day")
        .annotate(mean=Avg(Coalesce("zs_avg", "avg")))
    )
    means = {row["day"]: row["mean"] for row in rows}
    return [(first + timedelta(days=n), means.get(first + timedelta(days=n))) for n in range(days)]


def chart_points(series: list[tuple], limit: Decimal | None) -> dict:
    """SVG coordinates of a daily series and of its limit line (a day without data is a gap)."""
    values = [float(v) for _day, v in series if v is not None]
    top = max([*values, float(limit) if limit else 0.0, 1e-9]) * 1.1
    step = CHART_WIDTH / max(1, len(series) - 1)
    segments, current = [], []
    for index, (_day, value) in enumerate(series):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        y = CHART_HEIGHT - float(value) / top * CHART_HEIGHT
        current.append(f"{index * step:.1f},{y:.1f}")
    if current:
        segments.append(" ".join(current))
    limit_y = f"{CHART_HEIGHT - float(limit) / top * CHART_HEIGHT:.1f}" if limit else None
    return {"segments": segments, "limit_y": limit_y, "width": CHART_WIDTH, "height": CHART_HEIGHT}


def _latest(credit_code: str, public: bool) -> dict | None:
    devices = list(
        Device.objects.filter(outlet__enterprise__credit_code=credit_code, active=True)
        .select_related("outlet")
        .order_by("outlet__code", "mn")
    )
    now = timezone.now()
    rows = []
    for device in devices:
        for limit in device.outlet.limits.exclude(pollutant_code="").order_by("pollutant_code", "statistic"):
            value, at = _latest_value(device.mn, limit.pollutant_code, limit.statistic)
            result = None
            if value is not None:
                result = compliance.assess(
                    value, pollutant=limit.pollutant_code, statistic=limit.statistic, limits=[_limit(limit)]
                )
            series = daily_series(device.mn, limit.pollutant_code, now)
            chart_limit = limit.value if limit.statistic in compliance.CONCENTRATIONS else None
            rows.append(
                {
                    "outlet": device.outlet,
                    "limit": limit,
                    "value": value,
                    "at": at,
                    "exceeded": bool(result and result.exceeded),
                    "series": series,
                    "chart": chart_points(series, chart_limit),
                }
            )
    gaps = [(device, gap) for device in devices for gap in device_gaps(device.mn, now)]
    return {"rows": rows, "days": CHART_DAYS, "gaps": gaps, "gap_days": GAP_DAYS} if rows or gaps else None


GAP_DAYS = 7


def device_gaps(mn: str, end: datetime, days: int = GAP_DAYS) -> list[validity.Gap]:
    """Hours of the last ``days`` days without an hourly record (offline), or whose hourly record
    is flagged for stop, maintenance, fault, calibration or communication trouble."""
    end = end.replace(minute=0, second=0, microsecond=0)
    start = end - timedelta(days=days)
    flags: dict[datetime, str] = {}
    rows = Measurement.objects.filter(mn=mn, cn=HOURLY_CN, data_time__gte=start, data_time__lt=end)
    for at, flag in rows.values_list("data_time", "flag"):
        if not validity.is_valid(flag) and flag in validity.GAP_FLAGS:
            flags[at] = flag
        else:
            flags.setdefault(at, validity.VALID_FLAG)
    readings = [validity.Reading(at, None, flag) for at, flag in flags.items()]
    found = validity.gaps(readings, start=start, end=end, interval=timedelta(hours=1), tolerance=1)
    return [gap for gap in found if gap.end > gap.start]


LATEST_SECTION = FacilitySection(
    "sources.online_latest",
    gettext_lazy("自动监控数据与许可限值"),
    "sources/facility/online_latest.html",
    _latest,
    204,
)
