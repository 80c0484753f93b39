"""Demo data of the pollution-source registry (issue 15): about 60 fictional enterprises of 示例市 across
industries and the three districts of the air demo, the 2025 and 2026 环境监管重点单位名录, permits with
outlets, limits (with their averaging period) and allowances, a year of monthly supervisory monitoring
with some exceedances, some self-monitoring (including hourly values at outlets with daily limits only,
shown as not judged), quarterly validity audits, a rename and a merger.

Everything is fictional; limit values follow the usual national discharge standards named in each
limit's 执行标准 but are demo data, not a reference. Idempotent: enterprises are matched by credit code;
a run finds the registry present and adds nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.core.identifiers import credit_code_check_char
from gongkai.sources import compliance
from gongkai.sources.models import (
    Allowance,
    Enterprise,
    EnterpriseEvent,
    KeyUnit,
    MonitoringResult,
    Outlet,
    Permit,
    PermitEvent,
    PermitLimit,
    SelfMonitoringPlanItem,
    ValidityAudit,
)

SEED = 20260115
DISTRICTS = (
    ("990102", "示范区", 116.42, 39.91),
    ("990103", "东湖区", 116.56, 39.90),
    ("990121", "西山县", 116.22, 39.90),
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"

D = Decimal
# pollutant, HJ 212 code, statistic, lower, upper, unit, typical fraction of the limit
GB18918 = "GB 18918-2002 一级A"
GB4287 = "GB 4287-2012"
GB3544 = "GB 3544-2008"
GB21900 = "GB 21900-2008"
GB13271 = "GB 13271-2014"
GB13223 = "GB 13223-2011"
GB4915 = "GB 4915-2013"
GB18485 = "GB 18485-2014"
GB31571 = "GB 31571-2015"
WATER_SEWAGE = (
    ("化学需氧量", "w01018", "daily", None, D("50"), "mg/L", GB18918),
    ("氨氮", "w21003", "daily", None, D("5"), "mg/L", GB18918),
    ("总磷", "w21011", "daily", None, D("0.5"), "mg/L", GB18918),
    ("总氮", "w21001", "daily", None, D("15"), "mg/L", GB18918),
    ("pH值", "w01001", "daily", D("6"), D("9"), "", GB18918),
)
WATER_DYEING = (
    ("化学需氧量", "w01018", "daily", None, D("80"), "mg/L", GB4287),
    ("氨氮", "w21003", "daily", None, D("10"), "mg/L", GB4287),
    ("总磷", "w21011", "daily", None, D("0.5"), "mg/L", GB4287),
    ("pH值", "w01001", "daily", D("6"), D("9"), "", GB4287),
)
WATER_PAPER = (
    ("化学需氧量", "w01018", "daily", None, D("80"), "mg/L", GB3544),
    ("氨氮", "w21003", "daily", None, D("8"), "mg/L", GB3544),
    ("总磷", "w21011", "daily", None, D("0.8"), "mg/L", GB3544),
)
WATER_PLATING = (
    ("化学需氧量", "w01018", "daily", None, D("80"), "mg/L", GB21900),
    ("总铬", "w20116", "daily", None, D("0.5"), "mg/L", GB21900),
    ("六价铬", "w20117", "daily", None, D("0.1"), "mg/L", GB21900),
    ("总铜", "w20122", "daily", None, D("0.5"), "mg/L", GB21900),
)
WATER_CHEMICAL = (
    ("化学需氧量", "w01018", "daily", None, D("60"), "mg/L", GB31571),
    ("氨氮", "w21003", "daily", None, D("8"), "mg/L", GB31571),
    ("pH值", "w01001", "daily", D("6"), D("9"), "", GB31571),
)
AIR_BOILER = (
    ("颗粒物", "a34013", "hourly", None, D("20"), "mg/m³", GB13271),
    ("二氧化硫", "a21026", "hourly", None, D("50"), "mg/m³", GB13271),
    ("氮氧化物", "a21002", "hourly", None, D("200"), "mg/m³", GB13271),
)
AIR_POWER = (
    ("烟尘", "a34013", "hourly", None, D("30"), "mg/m³", GB13223),
    ("二氧化硫", "a21026", "hourly", None, D("100"), "mg/m³", GB13223),
    ("氮氧化物", "a21002", "hourly", None, D("100"), "mg/m³", GB13223),
)
AIR_CEMENT = (
    ("颗粒物", "a34013", "hourly", None, D("30"), "mg/m³", GB4915),
    ("二氧化硫", "a21026", "hourly", None, D("200"), "mg/m³", GB4915),
    ("氮氧化物", "a21002", "hourly", None, D("400"), "mg/m³", GB4915),
)
AIR_INCINERATOR = (
    ("颗粒物", "a34013", "hourly", None, D("30"), "mg/m³", GB18485),
    ("颗粒物", "a34013", "daily", None, D("20"), "mg/m³", GB18485),
    ("二氧化硫", "a21026", "hourly", None, D("100"), "mg/m³", GB18485),
    ("二氧化硫", "a21026", "daily", None, D("80"), "mg/m³", GB18485),
    ("氮氧化物", "a21002", "hourly", None, D("300"), "mg/m³", GB18485),
    ("氮氧化物", "a21002", "daily", None, D("250"), "mg/m³", GB18485),
)
AIR_VOC = (("非甲烷总烃", "a24088", "hourly", None, D("60"), "mg/m³", GB31571),)

# industry code, industry name, name stem, outlets [(code, name, medium, kind, limits)], categories
INDUSTRIES = (
    (
        "D4620",
        "污水处理及其再生利用",
        "污水处理厂",
        (("DW001", "污水总排口", "water", "main", WATER_SEWAGE),),
        ("water",),
    ),
    (
        "D4411",
        "火力发电",
        "热电有限公司",
        (("DA001", "1号锅炉烟囱", "air", "main", AIR_POWER),),
        ("air", "risk"),
    ),
    (
        "D4430",
        "热力生产和供应",
        "供热有限公司",
        (("DA001", "锅炉房烟囱", "air", "main", AIR_BOILER),),
        ("air",),
    ),
    (
        "C1713",
        "棉印染精加工",
        "印染有限公司",
        (
            ("DW001", "废水总排口", "water", "main", WATER_DYEING),
            ("DA001", "定型机废气排口", "air", "general", AIR_VOC),
        ),
        ("water",),
    ),
    (
        "C2221",
        "机制纸及纸板制造",
        "纸业有限公司",
        (("DW001", "废水总排口", "water", "main", WATER_PAPER),),
        ("water",),
    ),
    (
        "C3011",
        "水泥制造",
        "水泥有限公司",
        (("DA001", "窑尾烟囱", "air", "main", AIR_CEMENT),),
        ("air", "noise"),
    ),
    (
        "C3360",
        "金属表面处理及热处理加工",
        "电镀有限公司",
        (("DW001", "电镀废水排口", "water", "main", WATER_PLATING),),
        ("water", "soil", "groundwater"),
    ),
    (
        "C2614",
        "有机化学原料制造",
        "化工有限公司",
        (
            ("DW001", "废水总排口", "water", "main", WATER_CHEMICAL),
            ("DA001", "工艺废气排口", "air", "main", AIR_VOC),
        ),
        ("water", "air", "soil", "risk"),
    ),
    (
        "D4417",
        "生物质能发电",
        "垃圾焚烧发电有限公司",
        (("DA001", "焚烧炉烟囱", "air", "main", AIR_INCINERATOR),),
        ("air", "risk"),
    ),
    (
        "C2710",
        "化学药品原料药制造",
        "制药有限公司",
        (("DW001", "废水总排口", "water", "main", WATER_CHEMICAL),),
        ("water", "risk", "other"),
    ),
)
PLACES = ("东方", "红星", "长河", "西岭", "金山", "青湖", "南华", "北辰", "新城", "永安", "广源", "泰和")
# The HJ 212 demo's six enterprises (gongkai/sources/demo.py) are among the registry's, same outlets.
HJ212_DEMO = (
    ("示例市城东污水处理厂", 0),
    ("示例市热电有限公司", 1),
    ("示例市印染有限公司", 3),
    ("示例市水泥有限公司", 5),
    ("示例市化工园区污水处理厂", 0),
    ("示例市垃圾焚烧发电厂", 8),
)
COUNT = 60


def credit_code(district: str, serial: int) -> str:
    body = f"91{district}MA{serial:07d}"
    return body + credit_code_check_char(body)


def _plan(rng: random.Random) -> list[dict]:
    plan = []
    for serial in range(1, COUNT + 1):
        if serial <= len(HJ212_DEMO):
            name, industry = HJ212_DEMO[serial - 1]
        else:
            industry = (serial * 7) % len(INDUSTRIES)
            place = PLACES[serial % len(PLACES)]
            name = f"示例市{place}{INDUSTRIES[industry][2]}" if serial < 2 * len(PLACES) else ""
            if not name:
                name = f"示例市{place}第{serial // len(PLACES)}{INDUSTRIES[industry][2]}"
        district = DISTRICTS[serial % len(DISTRICTS)]
        plan.append({"serial": serial, "name": name, "industry": INDUSTRIES[industry], "district": district})
    return plan


def _address(district: str, serial: int) -> str:
    return f"示例市{district}{PLACES[serial % len(PLACES)]}路{serial * 3 + 1}号"


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(12):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def _value(rng: random.Random, lower, upper, *, exceed: bool) -> Decimal:
    if lower is not None and upper is not None and upper < 20:  # pH
        value = (
            rng.uniform(6.6, 8.4)
            if not exceed
            else rng.choice((rng.uniform(4.5, 5.8), rng.uniform(9.3, 10.5)))
        )
        return D(f"{value:.2f}")
    factor = rng.uniform(1.05, 2.6) if exceed else rng.uniform(0.15, 0.85)
    value = float(upper) * factor
    places = 3 if value < 1 else 1
    return D(f"{value:.{places}f}")


@transaction.atomic
def load_registry_demo(*, today: date | None = None) -> int:
    """Create the demo registry unless present; returns the enterprises added."""
    rng = random.Random(SEED)
    today = today or timezone.localdate()
    plan = _plan(rng)
    codes = [credit_code(p["district"][0], p["serial"]) for p in plan]
    if Enterprise.objects.filter(credit_code__in=codes).exists():
        return 0
    testing = getattr(settings, "TESTING", False)
    months = _months(today)[-2:] if testing else _months(today)
    enterprises, results, audits, plans = [], [], [], []
    for item, code in zip(plan, codes, strict=True):
        district_code, district_name, lon, lat = item["district"]
        industry_code, industry_name, _stem, outlets, _categories = item["industry"]
        enterprise = Enterprise.objects.create(
            credit_code=code,
            name=item["name"],
            address=_address(district_name, item["serial"]),
            district_code=district_code,
            district_name=district_name,
            industry_code=industry_code,
            industry_name=industry_name,
            longitude=D(f"{lon + rng.uniform(-0.08, 0.08):.6f}"),
            latitude=D(f"{lat + rng.uniform(-0.06, 0.06):.6f}"),
            legal_representative=f"{SURNAMES[item['serial'] % len(SURNAMES)]}某某",
        )
        EnterpriseEvent.objects.create(
            enterprise=enterprise,
            kind=EnterpriseEvent.Kind.REGISTERED,
            date=date(2024, 12, 1),
            new_name=enterprise.name,
        )
        enterprises.append((enterprise, item))
        key = item["serial"] % 4 != 0  # three in four are key units
        registration = item["serial"] % 15 == 0
        management = (
            Permit.Management.REGISTRATION
            if registration
            else Permit.Management.KEY
            if key
            else Permit.Management.SIMPLIFIED
        )
        issued = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 700))
        permit = Permit.objects.create(
            enterprise=enterprise,
            number=f"{code}001{'W' if registration else 'P' if key else 'V'}",
            management=management,
            issued_on=issued,
            valid_from=issued,
            valid_until=issued.replace(year=issued.year + 5) - timedelta(days=1),
            authority="示例市生态环境局",
        )
        item["key"], item["permit"] = key and not registration, permit
        if registration:
            continue  # 登记管理: no permitted limits
        for outlet_code, outlet_name, medium, kind, limits in outlets:
            outlet = Outlet.objects.create(
                enterprise=enterprise,
                permit=permit,
                code=outlet_code,
                name=outlet_name,
                medium=medium,
                kind=kind,
                longitude=enterprise.longitude + D("0.0010"),
                latitude=enterprise.latitude + D("0.0008"),
            )
            declared = []
            for pollutant, pcode, statistic, lower, upper, unit, standard in limits:
                PermitLimit.objects.create(
                    outlet=outlet,
                    pollutant_code=pcode,
                    pollutant=pollutant,
                    statistic=statistic,
                    lower=lower,
                    value=upper,
                    unit=unit,
                    standard=standard,
                )
                declared.append(compliance.Limit(pollutant, statistic, upper=upper, lower=lower))
            for pollutant, *_rest in limits[:3]:
                if pollutant in ("pH值", "六价铬", "总铜"):
                    continue
                Allowance.objects.get_or_create(
                    permit=permit,
                    pollutant=pollutant,
                    defaults={"tonnes_per_year": D(f"{rng.uniform(2, 180):.2f}")},
                )
            # monthly supervisory monitoring (key units) or quarterly (the others)
            for month in months:
                if not key and month.month % 3:
                    continue
                day = month.replace(day=rng.randrange(5, 25))
                for pollutant, _pcode, statistic, lower, upper, unit, _standard in limits:
                    if medium == "air" and statistic == "daily":
                        continue  # a stack test gives hourly means
                    exceed = rng.random() < 0.035
                    value = _value(rng, lower, upper, exceed=exceed)
                    results.append(
                        _result("supervisory", outlet, day, pollutant, statistic, value, unit, declared)
                    )
            # the 自行监测方案: the first pollutant monthly by hand (from six months back, so the months
            # before the results below show as missing), a main outlet's flow continuously
            plan_start = _months(today)[-6]
            plans.append(
                SelfMonitoringPlanItem(
                    outlet=outlet,
                    pollutant=limits[0][0],
                    mode=SelfMonitoringPlanItem.Mode.MANUAL,
                    frequency=SelfMonitoringPlanItem.Frequency.MONTHLY,
                    method="HJ 828-2017" if medium == "water" else "HJ 57-2017",
                    valid_from=plan_start,
                )
            )
            if kind == "main":
                plans.append(
                    SelfMonitoringPlanItem(
                        outlet=outlet,
                        pollutant="流量" if medium == "water" else "烟气流量",
                        mode=SelfMonitoringPlanItem.Mode.AUTOMATIC,
                        frequency=SelfMonitoringPlanItem.Frequency.CONTINUOUS,
                        method="HJ 353-2019" if medium == "water" else "HJ 75-2017",
                        valid_from=plan_start,
                    )
                )
            # self-monitoring: the enterprise's own results, some hourly at water outlets (no hourly limit)
            for month in months[-3:]:
                day = month.replace(day=rng.randrange(1, 28))
                pollutant, _pcode, statistic, lower, upper, unit, _standard = limits[0]
                statistic = "hourly" if medium == "water" and rng.random() < 0.4 else statistic
                value = _value(rng, lower, upper, exceed=rng.random() < 0.03)
                results.append(_result("self", outlet, day, pollutant, statistic, value, unit, declared))
            if medium == "air" and kind == "main":
                for month in months[2::3]:
                    quarter = (month.month - 1) // 3 + 1
                    failed = rng.random() < 0.08
                    audits.append(
                        ValidityAudit(
                            enterprise=enterprise,
                            outlet=outlet,
                            year=month.year,
                            quarter=quarter,
                            result=ValidityAudit.Result.FAILED if failed else ValidityAudit.Result.PASSED,
                            note="数据传输有效率低于要求，已责令整改" if failed else "",
                        )
                    )
    MonitoringResult.objects.bulk_create(results, ignore_conflicts=True)
    ValidityAudit.objects.bulk_create(audits, ignore_conflicts=True)
    SelfMonitoringPlanItem.objects.bulk_create(plans, ignore_conflicts=True)
    _key_units(enterprises, rng)
    _history(enterprises, today)
    _applications(enterprises, today)
    return len(enterprises)


def _applications(enterprises, today: date) -> None:
    """Four 排污许可 applications: two under publicity now, one upcoming, one renewal granted."""
    from gongkai.sources.models_permits import PermitApplication, PermitApplicationDocument

    plans = (
        (PermitApplication.Kind.NEW, today - timedelta(days=2), PermitApplication.Status.PUBLICITY),
        (PermitApplication.Kind.CHANGE, today - timedelta(days=1), PermitApplication.Status.PUBLICITY),
        (PermitApplication.Kind.NEW, today + timedelta(days=3), PermitApplication.Status.PUBLICITY),
        (PermitApplication.Kind.RENEWAL, today - timedelta(days=60), PermitApplication.Status.GRANTED),
    )
    chosen = [(e, item) for e, item in enterprises if item.get("key")][: len(plans)]
    for (enterprise, item), (kind, start, status) in zip(chosen, plans, strict=False):
        application = PermitApplication.objects.create(
            enterprise=enterprise,
            kind=kind,
            management="key",
            publicity_start=start,
            status=status,
            permit=item["permit"] if status == PermitApplication.Status.GRANTED else None,
            summary=f"{enterprise.name}拟申请的许可事项：排放口{len(item['industry'][3])}个，"
            "执行的排放标准、许可排放浓度和排放量见申请表。",
        )
        for index, title in enumerate(("排污许可证申请表", "承诺书"), start=1):
            PermitApplicationDocument.objects.create(
                application=application,
                title=title,
                url=f"https://www.example.gov.cn/permit-applications/{enterprise.credit_code}/{application.pk}-{index}.pdf",
            )


def _result(source, outlet, day, pollutant, statistic, value, unit, declared) -> MonitoringResult:
    assessment = compliance.assess(value, pollutant=pollutant, statistic=statistic, limits=declared)
    limit = assessment.limit
    return MonitoringResult(
        source=source,
        enterprise_id=outlet.enterprise_id,
        outlet=outlet,
        sampled_on=day,
        pollutant=pollutant,
        statistic=statistic,
        value=value,
        unit=unit,
        limit_value=limit.upper if limit else None,
        limit_lower=limit.lower if limit else None,
        judged=assessment.judged,
        exceeded=assessment.exceeded,
        multiple=assessment.multiple,
    )


def _key_units(enterprises, rng: random.Random) -> None:
    rows = []
    for enterprise, item in enterprises:
        if not item["key"]:
            continue
        categories = item["industry"][4]
        serial = item["serial"]
        for year in (2025, 2026):
            if year == 2025 and serial % 9 == 1:
                continue  # added in 2026
            if year == 2026 and serial % 11 == 3:
                continue  # removed in 2026
            for category in categories:
                if year == 2025 and category == "risk" and serial % 2:
                    continue  # environmental-risk category added in 2026 for some
                rows.append(KeyUnit(year=year, category=category, enterprise=enterprise))
    KeyUnit.objects.bulk_create(rows, ignore_conflicts=True)


def _history(enterprises, today: date) -> None:
    """A rename, a merger and permit status changes, as a year of registry work leaves them."""
    (renamed, _r_item), (absorbed, _a_item), (survivor, _s_item) = (
        enterprises[10],
        enterprises[23],
        enterprises[13],
    )
    old = renamed.name
    renamed.name = old.replace("示例市", "示例市新")
    renamed.save(update_fields=["name"])
    EnterpriseEvent.objects.create(
        enterprise=renamed,
        kind=EnterpriseEvent.Kind.RENAMED,
        date=date(2025, 9, 16),
        old_name=old,
        new_name=renamed.name,
    )
    absorbed.is_active = False
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["is_active", "merged_into"])
    merger = date(2025, 11, 3)
    EnterpriseEvent.objects.create(
        enterprise=absorbed,
        kind=EnterpriseEvent.Kind.MERGED_INTO,
        date=merger,
        other_credit_code=survivor.credit_code,
        other_name=survivor.name,
    )
    EnterpriseEvent.objects.create(
        enterprise=survivor,
        kind=EnterpriseEvent.Kind.ABSORBED,
        date=merger,
        other_credit_code=absorbed.credit_code,
        other_name=absorbed.name,
    )
    for index, status, reason in (
        (4, Permit.Status.CHANGED, "增加排放口，许可排放量调整"),
        (23, Permit.Status.REVOKED, "单位被吸收合并，依申请注销"),
        (33, Permit.Status.EXPIRED, ""),
    ):
        permit = enterprises[index][1]["permit"]
        when = merger if index == 23 else date(2026, 4, 20) if index == 4 else permit.valid_until
        if status == Permit.Status.EXPIRED:
            permit.valid_until = min(permit.valid_until, today - timedelta(days=40))
            when = permit.valid_until
            permit.save(update_fields=["valid_until"])
        Permit.objects.filter(pk=permit.pk).update(status=status)
        PermitEvent.objects.create(permit=permit, status=status, date=when, reason=reason)
