"""Demo data (core.demo): a dozen licences of both kinds with their decisions, a year of approval
results (some published late, the newest not yet), and the obliged enterprises of 2025 and 2026 with
their reports (some late, some missing). The enterprises are the registry's when one is installed
(core.facility), so the records show on their facility pages; otherwise fictional names and credit
codes with valid GB 32100 check characters. The 危险废物 categories are demo placeholders, not 名录 entries:
a bureau enters the 名录 in force as reference data."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongkai.core.identifiers import credit_code_check_char
from gongkai.licensing import services
from gongkai.licensing.models import Decision, DisclosureReport, Item, Licence, Obligation, WasteCategory

DISTRICTS = ("东城区", "西城区", "高新区", "经济开发区", "北山县", "南湖县")
FIRMS = (
    "绿源",
    "清河",
    "华瑞",
    "恒达",
    "新峰",
    "东泰",
    "中科",
    "远航",
    "金石",
    "宏远",
    "瑞丰",
    "安泰",
    "博润",
    "明阳",
    "天诚",
    "永昌",
    "嘉禾",
    "鼎盛",
    "长青",
    "锦程",
    "同创",
    "华信",
    "众合",
    "凯达",
)
TRADES = (
    ("化工", "有限公司"),
    ("制药", "股份有限公司"),
    ("电镀", "有限公司"),
    ("纸业", "有限公司"),
    ("热电", "有限公司"),
    ("钢铁", "集团有限公司"),
    ("食品", "有限公司"),
    ("纺织印染", "有限公司"),
    ("汽车零部件", "有限公司"),
    ("建材", "有限公司"),
    ("环保科技", "有限公司"),
    ("医院", ""),
)


def credit_code(n: int) -> str:
    """A fictional 统一社会信用代码 (9 企业, 1 公司, region 411000) with a valid check character."""
    first17 = f"91411000MA{n:07d}"
    return first17 + credit_code_check_char(first17)


def enterprise(n: int) -> tuple[str, str]:
    firm = FIRMS[n % len(FIRMS)]
    trade, suffix = TRADES[(n // len(FIRMS) + n) % len(TRADES)]
    if trade == "医院":
        return credit_code(n), f"示例市{firm}医院"
    return credit_code(n), f"示例市{firm}{trade}{suffix}"


def _pool() -> list[tuple[str, str, str]]:
    """(credit code, name, district) of the enterprises to use: the registry's when one is installed
    (so that the records show on their facility pages), else fictional ones made here."""
    from gongkai.core import facility

    refs = facility.search("9", 100) if facility.has_directory() else []  # codes of 企业 start with 9
    if len(refs) >= 45:
        return [
            (r.credit_code, r.name, r.district or DISTRICTS[i % len(DISTRICTS)]) for i, r in enumerate(refs)
        ]
    return [(*enterprise(300 + n), DISTRICTS[n % len(DISTRICTS)]) for n in range(90)]


def _users():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=("editor", "enforcer"))
    found = {u.username: u for u in users}
    return found.get("editor"), found.get("enforcer")


def _when(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _publish_after(cal, decided: date, workdays: int, today: date) -> datetime | None:
    day = cal.add_workdays(decided, workdays)
    return _when(day) if day <= today else None


@transaction.atomic
def load_demo() -> int:
    editor, enforcer = _users()
    if editor is None or enforcer is None or Decision.objects.exists():
        return 0
    rng = random.Random(15_17)
    today = timezone.localdate()
    cal = services.calendar()
    added = 0

    categories = []
    for index, name in enumerate(
        ("废矿物油类", "废有机溶剂类", "表面处理废物类", "废酸类", "废催化剂类", "其他废物类"), 1
    ):
        category, _created = WasteCategory.objects.get_or_create(
            code=f"示例{index:02d}",
            defaults={"name": f"{name}（演示，须按现行名录录入）", "edition": "演示数据"},
        )
        categories.append(category)

    # A dozen licences: 6 危险废物经营许可证, 6 辐射安全许可证, with changes, a renewal and a revocation.
    scopes = (
        "使用Ⅲ类射线装置",
        "使用Ⅱ类、Ⅲ类射线装置",
        "销售、使用Ⅳ类、Ⅴ类放射源",
        "使用Ⅴ类放射源；使用Ⅲ类射线装置",
    )
    for n in range(12):
        code, name = enterprise(100 + n)
        hazardous = n < 6
        issued = today - timedelta(days=60 + 45 * n)
        decided = cal.next_workday(issued) if issued.year <= today.year else issued
        data = {
            "kind": Licence.Kind.HAZARDOUS_WASTE if hazardous else Licence.Kind.RADIATION,
            "number": (
                f"示危许〔{decided.year}〕{n + 1:03d}号" if hazardous else f"示环辐证〔{n + 10:05d}〕"
            ),
            "holder_name": name if hazardous else f"示例市{FIRMS[n]}医院",
            "credit_code": code,
            "legal_representative": "",
            "address": f"示例市{DISTRICTS[n % len(DISTRICTS)]}工业路{10 + n}号",
            "valid_from": decided,
            "valid_to": decided.replace(year=decided.year + 5),
            "business_mode": "收集、贮存、利用"
            if hazardous and n % 2
            else ("收集、贮存、处置" if hazardous else ""),
            "capacity_tpa": Decimal(5000 + 2500 * n) if hazardous else None,
            "scope": "" if hazardous else scopes[n % len(scopes)],
        }
        licence = services.issue_licence(
            actor=editor,
            data=data,
            categories=rng.sample(categories, 2 + n % 3) if hazardous else (),
            decided_on=decided,
        )
        decision = licence.decisions.get()
        services.publish_decision(
            actor=editor,
            decision=decision,
            when=_publish_after(cal, decided, 2 + n % 6, today) or timezone.now(),
        )
        added += 1
        if n in (1, 7):
            changed_on = cal.next_workday(decided + timedelta(days=30))
            if changed_on < today:
                change = services.change_licence(
                    actor=editor,
                    licence=licence,
                    action=Decision.Action.CHANGE,
                    decided_on=changed_on,
                    changes={"capacity_tpa": Decimal(9000)}
                    if hazardous
                    else {"scope": "使用Ⅱ类、Ⅲ类射线装置"},
                )
                services.publish_decision(
                    actor=editor,
                    decision=change,
                    when=_publish_after(cal, changed_on, 9, today) or timezone.now(),
                )
        if n == 4:
            revoked_on = cal.next_workday(today - timedelta(days=20))
            revoke = services.change_licence(
                actor=editor,
                licence=licence,
                action=Decision.Action.REVOKE,
                decided_on=revoked_on,
                reason="持证单位申请注销，停止经营",
            )
            services.publish_decision(
                actor=editor, decision=revoke, when=_publish_after(cal, revoked_on, 3, today)
            )

    pool = _pool()
    # A year of approval results: EIA approvals and discharge permits, each with its 办件.
    start = today - timedelta(days=365)
    day = start
    serial = 0
    while day <= today:
        if cal.is_workday(day):
            for _i in range(rng.choice((0, 1, 1, 2))):
                serial += 1
                item = Item.EIA if serial % 5 in (0, 2) else Item.DISCHARGE_PERMIT
                code, name, _district = pool[serial % len(pool)]
                received = day - timedelta(days=rng.randint(10, 40))
                application = services.register_application(
                    actor=editor,
                    data={
                        "number": f"XK{received:%Y%m%d}{serial:04d}",
                        "item": item,
                        "applicant_name": name,
                        "credit_code": code,
                        "received_on": received,
                    },
                )
                if day > today - timedelta(days=3) and serial % 3 == 0:
                    services.conclude_application(
                        actor=editor, application=application, status="reviewing", concluded_on=None
                    )
                    continue
                services.conclude_application(
                    actor=editor, application=application, status="approved", concluded_on=day
                )
                eia = item == Item.EIA
                decision = services.create_decision(
                    actor=editor,
                    data={
                        "item": item,
                        "action": Decision.Action.ISSUE,
                        "party_name": name,
                        "party_category": "organisation",
                        "credit_code": code,
                        "document_title": (
                            f"关于{name}建设项目环境影响报告表的批复" if eia else f"{name}排污许可证核发决定"
                        ),
                        "document_number": "",
                        "licence_category": Decision.LicenceCategory.ORDINARY,
                        "certificate_name": "" if eia else "排污许可证",
                        "certificate_number": "" if eia else f"{code}001{'V' if serial % 2 else 'U'}",
                        "content": (
                            "同意项目按报告表所列性质、规模、地点和环境保护措施建设"
                            if eia
                            else "核发排污许可证（重点管理）"
                        ),
                        "decided_on": day,
                        "valid_from": None if eia else day,
                        "valid_to": None if eia else day.replace(year=day.year + 5) - timedelta(days=1),
                        "remarks": "",
                    },
                    application=application,
                )
                lag = rng.choice((1, 2, 2, 3, 3, 4, 5, 6, 7, 7, 9, 12))
                when = _publish_after(cal, day, lag, today)
                if when is not None and not (day > today - timedelta(days=25) and serial % 11 == 0):
                    services.publish_decision(actor=editor, decision=decision, when=when)
                added += 1
        day += timedelta(days=1)

    # 企业环境信息依法披露: the 2025 and 2026 lists, reports with some late and some missing.
    bases = list(Obligation.Basis.values)
    for year, count in ((2025, 40), (2026, 45)):
        for n in range(count):
            code, name, district = pool[n]
            services.add_obligation(
                actor=enforcer,
                year=year,
                credit_code=code,
                name=name,
                district=district,
                basis=bases[0] if n % 4 else bases[n % len(bases)],
            )
    due_2025 = date(2026, 3, 15)
    for n in range(40):
        code = pool[n][0]
        if n % 10 == 9:
            continue  # missing: no annual report for 2025
        late = n % 10 == 7
        disclosed = (
            due_2025 + timedelta(days=rng.randint(3, 30))
            if late
            else due_2025 - timedelta(days=rng.randint(0, 40))
        )
        if disclosed <= today:
            services.record_report(
                actor=enforcer,
                year=2025,
                credit_code=code,
                kind=DisclosureReport.Kind.ANNUAL,
                disclosed_on=disclosed,
                summary="2025年度环境信息依法披露报告",
                link=f"https://example.invalid/disclosure/{code}/2025",
            )
    for year in (2025, 2026):
        for n in range(0, 40, 3):
            code = pool[n][0]
            received = date(year, 1 + (n * 7) % 11, 1 + n % 27)
            if received >= today:
                continue
            lag = 8 if n % 9 == 0 else rng.randint(1, 5)
            disclosed = cal.add_workdays(received, lag)
            if disclosed > today:
                continue
            services.record_report(
                actor=enforcer,
                year=year,
                credit_code=code,
                kind=DisclosureReport.Kind.TEMPORARY,
                event=rng.choice(("permit", "penalty", "other")),
                event_date=received,
                disclosed_on=disclosed,
                summary="收到相关法律文书后披露",
            )
    return added
