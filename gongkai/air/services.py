"""State changes of the air app other than intake: daily-report publishing, staff corrections of
hourly data (数据审核) and the publishing of a daily report's correction (更正). (Data-submission tokens
and upload jobs live in the intake app.)"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html import escape

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.air import corrections
from gongkai.air.aqi import CATEGORIES
from gongkai.air.derived import recompute_days
from gongkai.air.intake import validate_rows
from gongkai.air.models import (
    POLLUTANT_LABELS,
    POLLUTANTS,
    Channel,
    DailyReport,
    DailyReportCorrection,
    HourlyObservation,
    PublishedRegionValue,
    Station,
)
from gongkai.audit import services as audit
from gongkai.core import publishing
from gongkai.core.errors import DomainError, require

# The worker runs hourly from 01:05 to 11:05 (tasks.py). It publishes the previous day's report as soon
# as every station in service has sent all 24 hours, and at its last run at the latest, before the
# 12:00 deadline of the HJ 633 daily report (README). A schedule of the platform, not of a standard.
LAST_RUN_HOUR = 11
EDIT_PERMISSION = "air.change_hourlyobservation"
PUBLISH_CORRECTION_PERMISSION = "air.publish_dailyreportcorrection"


def _in_service(day: date):
    return [station.pk for station in Station.objects.filter(active_from__lte=day) if station.active_on(day)]


@transaction.atomic
def publish_daily_report(*, day: date) -> DailyReport:
    """日报 of ``day``: recompute the day from the hourly data received so far and publish it, freezing
    the values it shows. A report published before is not republished: data that change later make a
    pending correction (corrections.py), published by staff with a reason."""
    stations = list(Station.objects.filter(active_from__lte=day).values_list("pk", flat=True))
    recompute_days(stations, [day])
    report = DailyReport.objects.select_for_update().filter(date=day).first()
    if report is not None and report.published_at is not None:
        return report
    now = timezone.now()
    if report is None:
        report = DailyReport.objects.create(date=day, published_at=now)
    else:
        report.published_at = now
        report.save(update_fields=["published_at"])
    corrections.freeze([report])
    audit.record(actor=None, action="air.daily_publish", target=report, after={"date": day.isoformat()})
    publishing.announce(daily_announcement(report))  # the unified feed and its new-media texts
    return report


def day_complete(day: date) -> bool:
    """Whether every station in service on ``day`` has sent all 24 hours (any flag: a 缺测 hour is sent)."""
    stations = _in_service(day)
    if not stations:
        return False
    start = timezone.make_aware(datetime.combine(day, time.min))
    counts = dict(
        HourlyObservation.objects.filter(
            station_id__in=stations, hour__gte=start, hour__lt=start + timedelta(days=1)
        )
        .order_by()
        .values("station_id")
        .annotate(hours=Count("pk"))
        .values_list("station_id", "hours")
    )
    return all(counts.get(pk, 0) >= 24 for pk in stations)


def publish_previous_day(*, now=None) -> DailyReport | None:
    """The worker's hourly run: publish yesterday's report once its data are complete, or at the last
    run (LAST_RUN_HOUR) with what has arrived; None while it waits."""
    now = timezone.localtime(now)
    day = now.date() - timedelta(days=1)
    report = DailyReport.objects.filter(date=day, published_at__isnull=False).first()
    if report is not None:
        return report
    if now.hour >= LAST_RUN_HOUR or day_complete(day):
        return publish_daily_report(day=day)
    return None


def _region_table(values) -> str:
    rows = []
    for value in values:
        category = CATEGORIES[value.level - 1] if value.level else "—"
        aqi = "—" if value.aqi is None else str(value.aqi)
        primary = value.primary_pollutants or "—"
        rows.append(
            f"<tr><td>{escape(value.region.name)}</td><td>{aqi}</td><td>{category}</td><td>{escape(primary)}</td></tr>"
        )
    if not rows:
        return "<p>当日有效监测数据不足。</p>"
    return (
        "<table><tr><th>区域</th><th>AQI</th><th>类别</th><th>首要污染物</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _published_regions(report: DailyReport):
    return (
        PublishedRegionValue.objects.filter(report=report)
        .select_related("region")
        .order_by("region__kind", "region__code")
    )


def daily_announcement(report: DailyReport) -> publishing.Announcement:
    """The 日报 as a feed entry: one row per region (AQI, category, primary pollutant) as published."""
    title = f"{report.date:%Y年%m月%d日}空气质量日报"
    return publishing.Announcement(
        source="air",
        key=f"air.dailyreport:{report.date:%Y-%m-%d}",
        title=title,
        body_html=f"<p>{title}如下。</p>{_region_table(_published_regions(report))}",
        link=f"{reverse('air:daily')}?date={report.date:%Y-%m-%d}",
        published_at=report.published_at,
    )


FEED_ITEM_LABELS = {"aqi": "AQI", "category": "类别", "primary_pollutants": "首要污染物", **POLLUTANT_LABELS}


def correction_announcement(correction: DailyReportCorrection) -> publishing.Announcement:
    """A published correction as its own feed entry (the first announcement is not rewritten)."""
    report = correction.report
    title = f"{report.date:%Y年%m月%d日}空气质量日报更正（第{correction.number}次）"
    rows = "".join(
        f"<tr><td>{escape(c['name'])}</td><td>{escape(FEED_ITEM_LABELS.get(c['field'], c['field']))}</td>"
        f"<td>{escape(c['before'])}</td><td>{escape(c['after'])}</td></tr>"
        for c in correction.changes
    )
    body = (
        f"<p>{report.date:%Y年%m月%d日}空气质量日报（发布时间 "
        f"{timezone.localtime(report.published_at):%Y-%m-%d %H:%M}）更正如下。"
        f"更正原因：{escape(correction.reason)}</p>"
        f"<table><tr><th>对象</th><th>项目</th><th>原发布值</th><th>更正后</th></tr>{rows}</table>"
    )
    return publishing.Announcement(
        source="air",
        key=f"air.dailycorrection:{correction.pk}",
        title=title,
        body_html=body,
        link=f"{reverse('air:daily')}?date={report.date:%Y-%m-%d}#air-daily-corrections",
        published_at=correction.published_at,
    )


@transaction.atomic
def correct_observation(
    *, actor, observation: HourlyObservation, values: dict, reason: str
) -> HourlyObservation:
    """数据审核: staff change one station-hour (values and 数据标记, e.g. invalidating a suspect value)
    with a reason; the same checks as every intake channel; audited. If the day's report is published,
    the change makes a pending correction (never a silent change of the published report)."""
    require(actor, EDIT_PERMISSION)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写修改原因。"), field="reason")
    observation = (
        HourlyObservation.objects.select_for_update().select_related("station").get(pk=observation.pk)
    )
    row = {"station": observation.station.code, "time": timezone.localtime(observation.hour), **values}
    clean, errors = validate_rows([row], {observation.station.code: observation.station})
    if errors:
        raise DomainError(errors[0].message, field=errors[0].field)
    fields = [*POLLUTANTS, *(f"{name}_flag" for name in POLLUTANTS)]
    before = audit.model_snapshot(observation, fields)
    for name in fields:
        setattr(observation, name, clean[0][name])
    after = audit.model_snapshot(observation, fields)
    if before == after:
        raise DomainError(_("数据没有变化。"))
    observation.channel = Channel.STAFF
    observation.received_at = timezone.now()
    observation.save(update_fields=[*fields, "channel", "received_at"])
    hour = timezone.localtime(observation.hour)
    what = _("人工审核修改：%(station)s %(hour)s") % {
        "station": observation.station.name,
        "hour": f"{hour:%Y-%m-%d %H:00}",
    }
    recompute_days(
        [observation.station_id],
        [hour.date()],
        change=corrections.trigger(actor=actor, what=what, reason=reason),
    )
    audit.record_change(
        actor=actor,
        action="air.observation_correct",
        target=observation,
        before=before,
        after=after,
        extra={"reason": reason},
    )
    return observation


@transaction.atomic
def publish_correction(*, actor, correction: DailyReportCorrection, reason: str) -> DailyReportCorrection:
    """Publish a pending correction of a daily report with its reason (更正原因): the report shows the
    values computed now, lists this correction (更正时间, reason, before → after) and keeps its first
    发布时间; audited and announced to the feed."""
    require(actor, PUBLISH_CORRECTION_PERMISSION)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写更正原因，它将与更正一并公开。"), field="reason")
    report = DailyReport.objects.select_for_update().get(pk=correction.report_id)
    correction = DailyReportCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != DailyReportCorrection.Status.PENDING:
        raise DomainError(_("该更正已经发布。"))
    changes = corrections.diff_report(report)  # as of now, not as of the last data change
    if not changes:
        correction.delete()
        raise DomainError(_("数据已与发布的日报一致，无需更正。"))
    now = timezone.now()
    corrections.freeze([report])
    correction.changes = changes
    correction.status = DailyReportCorrection.Status.PUBLISHED
    correction.number = corrections.published_corrections(report).count() + 1
    correction.published_at = now
    correction.published_by = actor
    correction.reason = reason
    correction.save()
    report.corrected_at = now
    report.save(update_fields=["corrected_at"])
    audit.record(
        actor=actor,
        action="air.daily_correct",
        target=report,
        after={"number": correction.number, "reason": reason, "changes": changes},
    )
    publishing.announce(correction_announcement(correction))
    return correction
