"""This app's PITI self-assessment measures (`core.piti`, issue 19): 重点排污单位名录 (the year's list made,
handed to 主动公开, and the published version holding every unit of the list as it stands), 自行监测 (key
units' own monitoring results published, and every manual item of their 自行监测方案 with a result) and
排放数据 (key units' online monitoring data this month), each with the public list's user-friendliness.

Rules chosen here (piti.md gives what to publish, not a formula): the year's list is expected from
`LIST_DUE_MONTH` on (before it, last year's list counts); self-monitoring covers the last 12 months and is
timely when the latest result is within `SELF_MONITORING_DAYS`; online data is expected of the key units
of the water and air categories (the ones that run 自动监控), this calendar month. 自行监测 完整 (piti.md
item 4 and generation 3's "completeness of original records"): each manual item of the key units'
自行监测方案 in force has at least one self-monitoring result in the last 12 months (the facility page
shows the periods missing; a per-period measure would need a tolerance piti.md does not give).
排放数据 has no 完整 measure: piti.md asks for the online data to be published (item 4), which 覆盖 and
及时 measure; judging the data-completeness rate (有效数据传输率, published in the public list
`sources-online-completeness`) would need a pass mark that neither piti.md nor regulations.md gives.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from gongkai.core import piti
from gongkai.core.labelled import Text, gettext_noop
from gongkai.core.piti import iso
from gongkai.sources.models import (
    Device,
    KeyUnit,
    KeyUnitCategory,
    KeyUnitPublication,
    Measurement,
    MonitoringResult,
)
from gongkai.sources.models_permits import SelfMonitoringPlanItem

LIST_DUE_MONTH = 4
SELF_MONITORING_DAYS = 92
ONLINE_CATEGORIES = (KeyUnitCategory.WATER, KeyUnitCategory.AIR)
MAX_FIXES = 10


def list_year(today: date) -> int:
    return today.year if today.month >= LIST_DUE_MONTH else today.year - 1


def _units(year: int, categories=None) -> dict[int, str]:
    rows = KeyUnit.objects.filter(year=year)
    if categories is not None:
        rows = rows.filter(category__in=categories)
    return dict(rows.values_list("enterprise_id", "enterprise__name").distinct())


def key_unit_measures(today: date) -> list[piti.Measure]:
    year = list_year(today)
    made = KeyUnit.objects.filter(year=year).exists()
    handed = KeyUnitPublication.objects.filter(year=year).exists()
    return [
        piti.Measure(
            "重点排污单位名录", "覆盖", Text(gettext_noop("%(year)s年度名录已编制"), year=year), int(made), 1,
            () if made else (Text(gettext_noop("编制%(year)s年度环境监管重点单位名录"), year=year),),
        ),
        piti.Measure(
            "重点排污单位名录", "及时", Text(gettext_noop("%(year)s年度名录已提交主动公开"), year=year),
            int(handed), 1,
            () if handed else (Text(gettext_noop("将%(year)s年度名录提交主动公开"), year=year),),
        ),
        _published_list(year),
        piti.friendliness("重点排污单位名录", "sources-key-units", gettext_noop("名录可检索、排序、下载")),
    ]  # fmt: skip


def _published_list(year: int) -> piti.Measure:
    """完整 (piti.md item 3, the list updated): the version handed to 主动公开 holds as many entries as the
    year's list holds now; a unit added or removed since needs the published list replaced."""
    published = KeyUnitPublication.objects.filter(year=year).first()
    now = KeyUnit.objects.filter(year=year).count()
    current = published is not None and published.entries == now
    return piti.Measure(
        "重点排污单位名录", "完整", Text(gettext_noop("公开的%(year)s年度名录与现行名录一致"), year=year),
        int(current), int(published is not None),
        () if current or published is None
        else (Text(gettext_noop("%(year)s年度名录公开版%(published)s条，现行名录%(now)s条：更新公开的名录"),
                   year=year, published=published.entries, now=now),),
    )  # fmt: skip


def self_monitoring_measures(today: date) -> list[piti.Measure]:
    units = _units(list_year(today))
    latest = dict(
        MonitoringResult.objects.filter(
            source=MonitoringResult.Source.SELF,
            enterprise_id__in=units,
            sampled_on__gt=today - timedelta(days=365),
            sampled_on__lte=today,
        )
        .order_by()
        .values_list("enterprise_id")
        .annotate(latest=Max("sampled_on"))
    )
    absent = sorted(name for pk, name in units.items() if pk not in latest)
    recent = today - timedelta(days=SELF_MONITORING_DAYS)
    stale = sorted((units[pk], day) for pk, day in latest.items() if day < recent)
    return [
        piti.Measure(
            "自行监测", "覆盖", gettext_noop("重点单位近12个月公开自行监测结果"), len(units) - len(absent),
            len(units),
            tuple(Text(gettext_noop("%(unit)s：近12个月无自行监测结果"), unit=name)
                  for name in absent[:MAX_FIXES]),
        ),
        piti.Measure(
            "自行监测", "及时",
            Text(gettext_noop("最近一次自行监测结果在%(days)s日内"), days=SELF_MONITORING_DAYS),
            len(latest) - len(stale), len(latest),
            tuple(Text(gettext_noop("%(unit)s：最近一次自行监测为%(day)s"), unit=name, day=iso(day))
                  for name, day in stale[:MAX_FIXES]),
        ),
        _plan_measure(today, units),
        piti.friendliness("自行监测", "sources-monitoring", gettext_noop("监测结果可检索、排序、下载")),
    ]  # fmt: skip


def _plan_measure(today: date, units: dict[int, str]) -> piti.Measure:
    items = list(
        SelfMonitoringPlanItem.objects.filter(
            outlet__enterprise_id__in=units, mode=SelfMonitoringPlanItem.Mode.MANUAL, valid_from__lte=today
        )
        .exclude(valid_until__lt=today)
        .values_list("outlet_id", "outlet__enterprise_id", "outlet__code", "pollutant")
        .order_by("outlet__enterprise__name", "outlet__code", "pollutant")
        .distinct()
    )
    sampled = set(
        MonitoringResult.objects.filter(
            source=MonitoringResult.Source.SELF,
            outlet_id__in={item[0] for item in items},
            sampled_on__gt=today - timedelta(days=365),
            sampled_on__lte=today,
        )
        .values_list("outlet_id", "pollutant")
        .distinct()
    )
    missing = [item for item in items if (item[0], item[3]) not in sampled]
    return piti.Measure(
        "自行监测", "完整", gettext_noop("自行监测方案的手工监测项目近12个月均有结果"),
        len(items) - len(missing), len(items),
        tuple(Text(gettext_noop("%(unit)s %(outlet)s：近12个月无%(pollutant)s自行监测结果"), unit=units[unit],
                   outlet=code, pollutant=pollutant)
              for _outlet, unit, code, pollutant in missing[:MAX_FIXES]),
    )  # fmt: skip


def emission_measures(today: date) -> list[piti.Measure]:
    units = _units(list_year(today), ONLINE_CATEGORIES)
    devices: dict[int, list[str]] = {}
    for mn, enterprise in Device.objects.filter(active=True, outlet__enterprise_id__in=units).values_list(
        "mn", "outlet__enterprise_id"
    ):
        devices.setdefault(enterprise, []).append(mn)
    zone = timezone.get_current_timezone()
    month_start = datetime.combine(today.replace(day=1), time.min, zone)
    reporting = set(
        Measurement.objects.filter(
            mn__in=[mn for mns in devices.values() for mn in mns], data_time__gte=month_start
        )
        .values_list("mn", flat=True)
        .distinct()
    )
    online = {pk for pk, mns in devices.items() if any(mn in reporting for mn in mns)}
    no_device = sorted(name for pk, name in units.items() if pk not in devices)
    silent = sorted(units[pk] for pk in devices if pk not in online)
    return [
        piti.Measure(
            "排放数据", "覆盖", gettext_noop("水、气重点单位已联网自动监控"), len(units) - len(no_device),
            len(units),
            tuple(Text(gettext_noop("%(unit)s：未登记自动监控设备"), unit=name)
                  for name in no_device[:MAX_FIXES]),
        ),
        piti.Measure(
            "排放数据", "及时", gettext_noop("联网单位本月有在线监测数据"), len(online), len(devices),
            tuple(Text(gettext_noop("%(unit)s：本月无在线监测数据"), unit=name)
                  for name in silent[:MAX_FIXES]),
        ),
        piti.friendliness(
            "排放数据", "sources-online-exceedances", gettext_noop("自动监控超标记录可检索、排序、下载")
        ),
    ]  # fmt: skip


INDICATORS = (
    piti.Indicator(key="sources.key_units", category="重点排污单位名录", compute=key_unit_measures),
    piti.Indicator(key="sources.self_monitoring", category="自行监测", compute=self_monitoring_measures),
    piti.Indicator(key="sources.emissions", category="排放数据", compute=emission_measures),
)
