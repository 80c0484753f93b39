"""Public lists of online monitoring (issue 16), each a page, a CSV/XLSX export and an API twin
(``GET /api/v1/lists/<name>``): confirmed exceedances, and the monthly data-completeness rate of each
enterprise with loggers at its outlets.

Completeness (有效数据传输率 as computed here): the hours of the month (up to now) in which a logger
sent a valid (N) hourly record (CN 2061), over the hours expected from each active logger at the
enterprise's outlets; a logger registered during the month still counts for the whole month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncHour
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from gongkai.sources.hj212 import validity
from gongkai.sources.models import Device, Measurement, OnlineExceedance
from gongkai.sources.partitions import BEIJING, month_start, next_month

HOURLY_CN = "2061"
MONTHS_SHOWN = 12


def _facility_url(enterprise) -> str:
    return reverse("sources:facility", args=[enterprise.credit_code])


def _exceedances(request, params):
    return OnlineExceedance.objects.filter(status=OnlineExceedance.Status.CONFIRMED).select_related(
        "outlet__enterprise"
    )


def _moment(value):
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if value else ""


def _statistic_choices():
    from gongkai.sources.models import Statistic

    return Statistic.choices


EXCEEDANCES = register(
    DeclaredList(
        name="sources-online-exceedances",
        source=_exceedances,
        columns=(
            Column(
                "unit_name",
                _("单位名称"),
                lambda e: e.outlet.enterprise.name,
                link=lambda e: _facility_url(e.outlet.enterprise),
            ),
            Column("credit_code", _("统一社会信用代码"), "outlet.enterprise.credit_code"),
            Column("outlet", _("排放口"), lambda e: f"{e.outlet.code} {e.outlet.name}"),
            Column("pollutant", _("污染物"), "pollutant"),
            Column("pollutant_code", _("污染物编码"), "pollutant_code"),
            Column("statistic", _("统计口径"), "statistic_label"),
            Column("period_start", _("时段开始"), lambda e: _moment(e.period_start)),
            Column("value", _("监测值"), "value", numeric=True),
            Column("limit", _("限值"), "limit", numeric=True),
            Column("unit", _("单位"), "unit"),
            Column("multiple", _("超标倍数"), "multiple", numeric=True),
        ),
        filters=(
            Filter("statistic", _("统计口径"), choices=_statistic_choices, lookup="statistic"),
            Filter(
                "q",
                _("名称或代码"),
                kind="search",
                search=("outlet__enterprise__name", "outlet__enterprise__credit_code"),
            ),
        ),
        orderings=(
            Ordering("new", _("最新"), ("-period_start", "pollutant_code")),
            Ordering("name", _("按名称"), ("outlet__enterprise__name", "-period_start")),
        ),
        filename="online-exceedances",
        caption=_("自动监控超标记录"),
        empty=_("暂无超标记录。"),
    )
)


@dataclass(frozen=True)
class Completeness:
    month: date
    enterprise: object
    loggers: int
    expected_hours: int
    valid_hours: int

    @property
    def rate(self) -> Decimal | None:
        return validity.completeness(self.valid_hours, self.expected_hours)


def month_choices(today: date | None = None) -> list[tuple[str, str]]:
    month = month_start(today or timezone.now().astimezone(BEIJING).date())
    choices = []
    for _number in range(MONTHS_SHOWN):
        choices.append((f"{month:%Y-%m}", f"{month:%Y-%m}"))
        month = (month - timedelta(days=1)).replace(day=1)
    return choices


def completeness(month: date, now: datetime | None = None) -> list[Completeness]:
    """One row per enterprise with active loggers at its outlets, for the Beijing-time month."""
    now = now or timezone.now()
    start = datetime(month.year, month.month, 1, tzinfo=BEIJING)
    following = next_month(month)
    end = min(datetime(following.year, following.month, 1, tzinfo=BEIJING), now)
    hours = max(0, int((end - start).total_seconds() // 3600))
    devices = list(
        Device.objects.filter(active=True, outlet__isnull=False).select_related("outlet__enterprise")
    )
    valid = dict(
        Measurement.objects.filter(
            mn__in=[d.mn for d in devices], cn=HOURLY_CN, valid=True, data_time__gte=start, data_time__lt=end
        )
        .values("mn")
        .annotate(hours=Count(TruncHour("data_time"), distinct=True))
        .values_list("mn", "hours")
    )
    by_enterprise: dict[int, list[Device]] = defaultdict(list)
    for device in devices:
        by_enterprise[device.outlet.enterprise_id].append(device)
    rows = [
        Completeness(
            month=month,
            enterprise=group[0].outlet.enterprise,
            loggers=len(group),
            expected_hours=hours * len(group),
            valid_hours=sum(min(hours, valid.get(d.mn, 0)) for d in group),
        )
        for group in by_enterprise.values()
    ]
    return sorted(rows, key=lambda r: r.enterprise.credit_code)


def _completeness(request, params):
    wanted = str(params.get("month", "") or "")
    choices = {code for code, _label in month_choices()}
    if wanted not in choices:
        wanted = month_choices()[0][0]
    year, month = (int(part) for part in wanted.split("-"))
    return completeness(date(year, month, 1))


def _rate(value) -> str:
    return "" if value is None else f"{value}%"


COMPLETENESS = register(
    DeclaredList(
        name="sources-online-completeness",
        source=_completeness,
        columns=(
            Column("month", _("月份"), lambda r: f"{r.month:%Y-%m}"),
            Column(
                "unit_name",
                _("单位名称"),
                lambda r: r.enterprise.name,
                link=lambda r: _facility_url(r.enterprise),
            ),
            Column("credit_code", _("统一社会信用代码"), "enterprise.credit_code"),
            Column("loggers", _("监控设备数"), "loggers", numeric=True),
            Column("expected_hours", _("应传输小时数"), "expected_hours", numeric=True),
            Column("valid_hours", _("有效小时数"), "valid_hours", numeric=True),
            Column("rate", _("数据完整率"), "rate", html=_rate, numeric=True),
        ),
        filters=(Filter("month", _("月份"), choices=month_choices, empty_label=_("本月")),),
        filename="online-completeness",
        caption=_("自动监控数据完整率"),
        empty=_("暂无自动监控设备。"),
    )
)
