"""Demo data of 示例市生态环境局's enforcement disclosure, entered through the services as the demo
officer (enforcer) and leader would (idempotent: each part is loaded only when its table is empty).

- a year of decisions: about 180 行政处罚 (fines, warnings, 责令停产整治, two 按日连续处罚, a few natural
  persons) and 16 查封/扣押 (some released); published 1–6 working days after the decision (within the 7
  of 双公示), the latest ones still waiting; one withdrawn after a court judgment, one changed after
  行政复议; and from the year before (outside the PITI self-assessment's 12 months), two published late,
  to show the late flag;
- the 双随机 pools (80 重点, 300 一般, 20 特殊 units; 24 inspectors, some conflicts) and two rounds (third
  and fourth quarter) with their commitments, seeds and results;
- three listed cases (挂牌督办 closed and overdue, one 专项督查曝光);
- a 中央生态环境保护督察 feedback with 20 problems in every state, with progress history.

All names and codes are fictional; the credit codes carry valid GB 32100-2015 check characters."""

from __future__ import annotations

import contextlib
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.core.identifiers import CREDIT_CODE_ALPHABET, credit_code_check_char
from gongkai.enforcement import services
from gongkai.enforcement.models import (
    Decision,
    DrawPlan,
    InspectionObject,
    Inspector,
    ListedCase,
    RectificationPlan,
)

AUTHORITY = "示例市生态环境局"
SEED = 20261206
PLACES = ("东城", "西岭", "南湖", "北山", "青石", "白沙", "柳溪", "明湖", "双江", "红旗", "新港", "金桥")
TRADES = (
    ("化工有限公司", "化学原料和化学制品制造业"),
    ("印染有限公司", "纺织业"),
    ("热电有限公司", "电力、热力生产和供应业"),
    ("铸造有限公司", "金属制品业"),
    ("电镀有限公司", "金属表面处理"),
    ("制药有限公司", "医药制造业"),
    ("食品有限公司", "农副食品加工业"),
    ("建材有限公司", "非金属矿物制品业"),
    ("污水处理有限公司", "水的生产和供应业"),
    ("汽车维修有限公司", "机动车维修"),
)
# violation type, facts, legal basis, kind, content, fine in 万元 (low, high)
VIOLATIONS = (
    (
        "超标排放大气污染物",
        "经执法检查和在线监测数据核实，该单位锅炉烟气中氮氧化物排放浓度超过《锅炉大气污染物排放标准》规定的限值。",
        "《中华人民共和国大气污染防治法》第九十九条第（二）项",
        "罚款",
        (10, 60),
    ),
    (
        "超标排放水污染物",
        "经监测，该单位废水总排口化学需氧量、氨氮浓度超过《污水综合排放标准》规定的排放限值。",
        "《中华人民共和国水污染防治法》第八十三条第（二）项",
        "罚款",
        (10, 80),
    ),
    (
        "未批先建",
        "该单位建设项目的环境影响评价文件未经审批即擅自开工建设。",
        "《中华人民共和国环境影响评价法》第三十一条第一款",
        "罚款",
        (5, 40),
    ),
    (
        "危险废物贮存不规范",
        "该单位将危险废物混入非危险废物中贮存，贮存场所未设置危险废物识别标志。",
        "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项",
        "罚款",
        (10, 50),
    ),
    (
        "未按规定开展自行监测",
        "该单位未按照排污许可证规定的频次开展废气自行监测。",
        "《排污许可管理条例》第三十六条第（六）项",
        "罚款",
        (2, 10),
    ),
    (
        "无证排污",
        "该单位未取得排污许可证排放大气污染物。",
        "《排污许可管理条例》第三十三条第（一）项",
        "罚款",
        (20, 100),
    ),
    (
        "噪声超标",
        "经监测，该单位厂界夜间噪声超过《工业企业厂界环境噪声排放标准》规定的排放限值。",
        "《中华人民共和国噪声污染防治法》第七十五条",
        "罚款",
        (1, 10),
    ),
    (
        "未落实扬尘污染防治措施",
        "该单位施工工地未对裸露地面进行覆盖，未采取有效防尘降尘措施。",
        "《中华人民共和国大气污染防治法》第一百一十五条第一款第（一）项",
        "罚款",
        (1, 10),
    ),
    (
        "自动监测设备不正常运行",
        "该单位污染源自动监测设备数据传输中断超过规定时限，未按规定报告。",
        "《中华人民共和国水污染防治法》第八十二条第（二）项",
        "警告",
        None,
    ),
)
PERSON_NAMES = ("刘志强", "陈国平", "黄春梅", "赵建华")


def credit_code(prefix: str, serial: int) -> str:
    """A fictional code: authority + type, region 330100, then the serial in the code alphabet."""
    body, number = "", serial
    for _position in range(9):
        body = CREDIT_CODE_ALPHABET[number % 31] + body
        number //= 31
    first17 = f"{prefix}330100{body}"
    return first17 + credit_code_check_char(first17)


AUTHORITY_CODE = credit_code("11", 1)  # the fictional bureau's own code (机关)


def enterprises() -> list[tuple[str, str, str]]:
    """(credit code, name, industry) of 120 fictional enterprises."""
    rows = []
    for n in range(120):
        place = PLACES[n % len(PLACES)]
        suffix, industry = TRADES[(n // len(PLACES)) % len(TRADES)]
        rows.append((credit_code("91", 1000 + n), f"示例市{place}{suffix}", industry))
    return rows


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _users():
    users = get_user_model().objects
    return users.filter(username="enforcer").first(), users.filter(username="leader").first()


def load_demo() -> int:
    officer, leader = _users()
    if officer is None or leader is None:
        return 0
    today = timezone.localdate()
    added = 0
    added += _decisions(officer, leader, today)
    added += _pools(officer)
    added += _rounds(officer, today)
    added += _listed(officer, today)
    added += _rectification(officer, today)
    return added


@transaction.atomic
def _decisions(officer, leader, today: date) -> int:
    if Decision.objects.exists():
        return 0
    generator = random.Random(SEED)
    calendar = services.common.calendar()
    companies = enterprises()
    created = []
    start = today - timedelta(days=365)
    days = sorted(start + timedelta(days=generator.randrange(365)) for _ in range(180))
    for index, decided in enumerate(days):
        decided = calendar.next_workday(decided) if decided < today - timedelta(days=10) else decided
        decided = min(decided, today)
        code, name, _industry = companies[generator.randrange(len(companies))]
        violation, facts, basis, kind, fine = VIOLATIONS[generator.randrange(len(VIOLATIONS))]
        data = {
            "category": "penalty",
            "party_type": "organisation",
            "party_name": name,
            "credit_code": code,
            "legal_representative": "",
            "violation_type": violation,
            "facts": facts,
            "legal_basis": basis,
            "kind": kind,
            "content": "警告，责令立即改正违法行为" if kind == "警告" else "",
            "decided_on": decided,
            "authority": AUTHORITY,
            "authority_code": AUTHORITY_CODE,  # 双公示 必填 (regulations.md §9.1)
        }
        if fine:
            amount = Decimal(generator.randint(*fine))
            data["amount"] = amount
            data["content"] = f"责令改正违法行为，罚款人民币{amount}万元"
        if index % 45 == 7:  # 个人: masked when published
            data.update(
                party_type="person",
                party_name=PERSON_NAMES[index % len(PERSON_NAMES)],
                credit_code="",
                violation_type="露天焚烧",
                facts="当事人在人口集中地区露天焚烧废旧电线，产生有毒有害烟尘。",
                legal_basis="《中华人民共和国大气污染防治法》第一百一十九条第二款",
                kind="罚款",
                amount=Decimal("0.5"),
                content="罚款人民币五千元",
            )
        if index in (30, 120):  # 按日连续处罚
            served = decided - timedelta(days=40)
            data.update(
                daily_amount=Decimal(20),
                order_served_on=served,
                rechecked_on=served + timedelta(days=15 + index % 7),
                violation_type="拒不改正超标排放",
                content="按日连续处罚",
            )
        created.append(services.create_decision(actor=officer, data=data))
    for index in range(16):  # 查封、扣押
        decided = calendar.next_workday(start + timedelta(days=20 + index * 21))
        code, name, _industry = companies[generator.randrange(len(companies))]
        seize = index % 3 == 0
        decision = services.create_decision(
            actor=officer,
            data={
                "category": "coercion",
                "party_type": "organisation",
                "party_name": name,
                "credit_code": code,
                "violation_type": "超标排放污染物，可能造成严重污染",
                "facts": "该单位通过未经处理的旁路排放含重金属废水，可能造成严重污染。",
                "legal_basis": "《中华人民共和国环境保护法》第二十五条；"
                "《环境保护主管部门实施查封、扣押办法》第四条",
                "kind": "扣押" if seize else "查封",
                "content": "扣押用于违法排污的设备" if seize else "查封造成污染物排放的设施、设备",
                "seized_items": "潜水泵2台、排污软管60米" if seize else "电镀生产线1条及其配套废水处理设施",
                "measure_from": decided,
                "measure_to": decided + timedelta(days=29),
                "decided_on": decided,
                "authority": AUTHORITY,
                "authority_code": AUTHORITY_CODE,
            },
        )
        created.append(decision)
        if decided + timedelta(days=25) < today and index % 2 == 0:
            services.release_measure(
                actor=officer,
                decision=decision,
                released_on=decided + timedelta(days=25),
                reason="当事人已完成整改",
            )
    for position, decision in enumerate(sorted(created, key=lambda d: d.decided_on)):
        delay = 1 + position % 6  # within the 7 working days (the late ones are from the year before)
        published = calendar.add_workdays(decision.decided_on, delay)
        if published >= today:
            continue  # still waiting: the officer's cards show them
        services.publish_decision(actor=officer, decision=decision, at=_aware(published))
    published = list(Decision.objects.published().order_by("decided_on"))
    if len(published) > 60:
        withdrawn = published[40]
        judged = min(today, withdrawn.decided_on + timedelta(days=58))
        reason = "示例市中级人民法院判决撤销该行政处罚决定。"
        services.record_revocation(actor=officer, decision=withdrawn, revoked_on=judged, reason=reason)
        services.withdraw_decision(
            actor=leader,
            decision=withdrawn,
            reason=reason,
            withdrawn_on=min(today, judged + timedelta(days=2)),
        )
        changed = published[50]
        if changed.amount:
            data = {f: getattr(changed, f) for f in services.DECISION_FIELDS}
            data["amount"] = changed.amount / 2
            data["content"] = f"责令改正违法行为，罚款人民币{data['amount'].normalize()}万元"
            services.update_decision(
                actor=officer,
                decision=changed,
                data=data,
                reason="行政复议决定变更罚款数额。",
                changed_on=min(today, changed.decided_on + timedelta(days=45)),
            )
    _late_last_year(officer, calendar, companies, today)
    return Decision.objects.count()


def _late_last_year(officer, calendar, companies, today: date) -> None:
    """Two penalties of the year before the demo year, published 9 working days after the decision
    (late: the public list and the officer's pages flag them), outside the last 12 months scored."""
    for number, days in enumerate((430, 400)):
        decided = calendar.next_workday(today - timedelta(days=days))
        code, name, _industry = companies[-1 - number]
        violation, facts, basis, kind, fine = VIOLATIONS[number % len(VIOLATIONS)]
        amount = Decimal(fine[0]) if fine else None
        content = f"责令改正违法行为，罚款人民币{amount}万元" if amount else "警告，责令立即改正违法行为"
        decision = services.create_decision(
            actor=officer,
            data={
                "category": "penalty",
                "party_type": "organisation",
                "party_name": name,
                "credit_code": code,
                "legal_representative": "",
                "violation_type": violation,
                "facts": facts,
                "legal_basis": basis,
                "kind": kind,
                "content": content,
                "decided_on": decided,
                "authority": AUTHORITY,
                "authority_code": AUTHORITY_CODE,
                **({"amount": amount} if amount else {}),
            },
        )
        published = calendar.add_workdays(decided, 9)
        services.publish_decision(actor=officer, decision=decision, at=_aware(published))


@transaction.atomic
def _pools(officer) -> int:
    if InspectionObject.objects.exists():
        return 0
    companies = enterprises()
    rows = []
    for n in range(80):
        code, name, industry = companies[n]
        rows.append(
            InspectionObject(
                code=f"ZD{n + 1:03d}", credit_code=code, name=name, category="key", industry=industry
            )
        )
    for n in range(300):
        place = PLACES[n % len(PLACES)]
        suffix, industry = TRADES[n % len(TRADES)]
        rows.append(
            InspectionObject(
                code=f"YB{n + 1:03d}",
                credit_code=credit_code("92", 5000 + n),
                name=f"示例市{place}{n + 1}号{suffix.replace('有限公司', '')}经营部",
                category="general",
                industry=industry,
            )
        )
    for n in range(20):
        code, name, industry = companies[80 + n]
        rows.append(
            InspectionObject(
                code=f"TS{n + 1:03d}", credit_code=code, name=name, category="special", industry=industry
            )
        )
    InspectionObject.objects.bulk_create(rows)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋"
    inspectors = Inspector.objects.bulk_create(
        Inspector(
            code=f"ZF{n + 1:02d}",
            name=f"{surnames[n]}执法",
            certificate=f"33010026{n + 1:04d}",
            department="执法支队",
        )
        for n in range(24)
    )
    units = {
        o.code: o for o in InspectionObject.objects.filter(code__in=["ZD003", "ZD017", "YB042", "TS005"])
    }
    for inspector, unit in ((0, "ZD003"), (3, "ZD017"), (5, "YB042"), (9, "TS005"), (0, "YB042")):
        services.add_conflict(
            actor=officer,
            inspector=inspectors[inspector],
            object_code=units[unit].code,
            reason="曾在该单位任职",
        )
    return len(rows)


def _quarter(day: date) -> tuple[date, date]:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = (first.replace(month=first.month + 2) + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return first, last


@transaction.atomic
def _rounds(officer, today: date) -> int:
    if DrawPlan.objects.exists():
        return 0
    calendar = services.common.calendar()
    current, _end = _quarter(today)
    previous = _quarter(current - timedelta(days=1))
    outcomes = ("no_problem", "no_problem", "no_problem", "ordered", "case", "no_problem", "closed")
    generator = random.Random(SEED + 1)
    for period, complete in ((previous, True), (_quarter(current), False)):
        start, end = period
        plan = services.create_plan(
            actor=officer,
            title=f"{start.year}年第{(start.month - 1) // 3 + 1}季度污染源日常监管随机抽查",
            period_start=start,
            period_end=end,
            # Ratios as in the local implementation plan (regulations.md §8: configurable, [U])
            pools=[
                ("key", Decimal("0.125"), None),
                ("general", None, 15),
                ("special", Decimal("0.25"), None),
            ],
            inspectors_per_unit=2,
            max_units_per_inspector=4,
        )
        committed = _aware(calendar.add_workdays(start, -3), 9)
        plan = services.commit_plan(actor=officer, plan=plan, at=committed)
        plan = services.run_draw(actor=officer, plan=plan, at=_aware(calendar.add_workdays(start, -1), 10))
        results = list(plan.results.all())
        for index, result in enumerate(results):
            inspected = calendar.add_workdays(start, 3 + index * 2)
            if inspected >= today or (not complete and index % 3 == 2):
                continue
            outcome = outcomes[generator.randrange(len(outcomes))]
            findings = {
                "ordered": "危险废物管理台账记录不完整，已责令限期整改。",
                "case": "废水排放口在线监测数据超标，已立案调查。",
                "closed": "该单位已停产。",
            }.get(outcome, "")
            services.record_result(
                actor=officer, result=result, inspected_on=inspected, outcome=outcome, findings=findings
            )
        recorded = [r for r in plan.results.all() if r.result_due]
        if recorded:
            last_due = max(r.inspected_on for r in recorded)
            published_on = calendar.add_workdays(last_due, 5)
            if published_on < today:
                with contextlib.suppress(DomainError):  # nothing recorded yet
                    services.publish_results(actor=officer, plan=plan, at=_aware(published_on))
    return DrawPlan.objects.count()


@transaction.atomic
def _listed(officer, today: date) -> int:
    if ListedCase.objects.exists():
        return 0
    companies = enterprises()
    year = today.year
    first = services.create_listed_case(
        actor=officer,
        kind="supervised",
        campaign=f"{year}年大气污染防治重点问题挂牌督办",
        party_name=companies[3][1],
        credit_code=companies[3][0],
        problem="铸造车间无组织排放严重，除尘设施长期不正常运行。",
        requirement="完成熔炼工序密闭改造，除尘设施稳定运行并安装用电监控。",
        listed_on=today - timedelta(days=200),
        deadline=today - timedelta(days=110),
    )
    services.close_listed_case(
        actor=officer,
        case=first,
        closed_on=today - timedelta(days=115),
        outcome="已完成密闭改造和除尘设施更换，经现场核查验收合格，予以销号。",
    )
    services.create_listed_case(
        actor=officer,
        kind="supervised",
        campaign=f"{year}年水污染防治重点问题挂牌督办",
        party_name=companies[8][1],
        credit_code=companies[8][0],
        problem="污水处理厂进水浓度低，管网雨污混接问题突出，出水氨氮多次超标。",
        requirement="完成管网排查和混接点改造，出水稳定达标。",
        listed_on=today - timedelta(days=120),
        deadline=today - timedelta(days=10),
    )
    services.create_listed_case(
        actor=officer,
        kind="exposed",
        campaign=f"{year}年“清废行动”专项督查",
        party_name=companies[14][1],
        credit_code=companies[14][0],
        problem="厂区内危险废物露天堆放，未采取防扬散、防流失、防渗漏措施。",
        requirement="立即清理转移，规范建设危险废物贮存库。",
        listed_on=today - timedelta(days=40),
        deadline=today + timedelta(days=50),
    )
    return 3


PROBLEMS = (
    (
        "城区污水管网建设滞后，部分区域污水直排河道",
        "示例市住房和城乡建设局",
        "实施管网补短板工程，完成雨污分流改造",
    ),
    ("工业园区污水处理厂超负荷运行", "示例市工业园区管委会", "扩建园区污水处理厂，新增处理能力"),
    ("白沙河入河排污口排查整治不到位", "示例市生态环境局", "完成入河排污口排查、监测、溯源和整治"),
    ("部分企业危险废物长期违规贮存", "示例市生态环境局", "开展危险废物专项整治，规范贮存和转移"),
    ("建筑工地扬尘管控不力", "示例市住房和城乡建设局", "落实“六个百分之百”扬尘防治措施"),
    ("散乱污企业整治不彻底", "各区人民政府", "建立清单，分类实施关停取缔和整合提升"),
    ("饮用水水源保护区内违法建设未清理", "示例市水利局", "清理拆除保护区内违法建筑"),
    ("农村生活污水治理设施运行率低", "示例市农业农村局", "完善运维机制，提高设施正常运行率"),
    ("畜禽养殖污染治理不到位", "示例市农业农村局", "规模养殖场粪污处理设施配套率达到100%"),
    ("垃圾填埋场渗滤液处理能力不足", "示例市城市管理局", "新建渗滤液处理设施"),
    ("矿山生态修复进度滞后", "示例市自然资源和规划局", "完成历史遗留矿山生态修复"),
    ("重点行业挥发性有机物治理不到位", "示例市生态环境局", "完成重点企业VOCs深度治理"),
    ("燃煤锅炉淘汰任务未完成", "示例市发展和改革委员会", "淘汰35蒸吨以下燃煤锅炉"),
    ("柳溪黑臭水体整治反弹", "柳溪区人民政府", "实施控源截污、清淤疏浚和生态修复"),
    ("餐饮油烟扰民问题突出", "示例市城市管理局", "餐饮单位全部安装油烟净化设施"),
    ("砂石码头环境管理粗放", "示例市交通运输局", "关停整合非法码头，完善防尘措施"),
    ("医疗废物收集处置体系不健全", "示例市卫生健康委员会", "建立乡镇医疗废物收集转运体系"),
    ("机动车尾气检测监管不严", "示例市生态环境局", "加强机动车检验机构监管"),
    ("湿地保护区内违规开发", "示例市林业局", "清理违规项目，实施湿地修复"),
    ("生态环境监测数据质量管理薄弱", "示例市生态环境局", "建立监测数据质量追溯制度"),
)


@transaction.atomic
def _rectification(officer, today: date) -> int:
    if RectificationPlan.objects.exists():
        return 0
    feedback = today - timedelta(days=300)
    plan = services.create_rectification_plan(
        actor=officer,
        title="第三轮中央生态环境保护督察反馈意见整改",
        level="central",
        feedback_on=feedback,
        summary="根据督察反馈意见，市委、市政府制定整改方案，明确责任单位、整改措施和整改时限，逐项推进整改。",
    )
    # 8 done, 6 on schedule, 3 not done (deadline ahead), 3 overdue (deadline passed, not done)
    plan_for = ["done"] * 8 + ["on_schedule"] * 6 + ["not_done"] * 3 + ["overdue"] * 3
    for index, ((description, unit, measures), state) in enumerate(zip(PROBLEMS, plan_for, strict=True)):
        if state in ("done", "overdue"):
            deadline = today - timedelta(days=30 + index * 5)
        else:
            deadline = today + timedelta(days=60 + index * 10)
        problem = services.add_problem(
            actor=officer,
            plan=plan,
            description=description,
            responsible_unit=unit,
            measures=measures,
            deadline=deadline,
        )
        first = feedback + timedelta(days=60 + index)
        services.record_progress(
            actor=officer,
            problem=problem,
            reported_on=first,
            state="on_schedule",
            note="已制定整改工作方案，按序时推进。",
        )
        if state == "done":
            services.record_progress(
                actor=officer,
                problem=problem,
                reported_on=min(today, deadline - timedelta(days=10)),
                state="done",
                note="已完成整改并通过验收。",
                evidence_name="整改验收意见.txt",
                evidence="整改任务已完成，经现场核查，达到整改目标，同意销号。".encode(),
                evidence_public=True,
            )
        elif state == "not_done":
            services.record_progress(
                actor=officer,
                problem=problem,
                reported_on=today - timedelta(days=20),
                state="not_done",
                note="受项目审批进度影响，整改工作尚未完成。",
            )
        elif state == "overdue":
            services.record_progress(
                actor=officer,
                problem=problem,
                reported_on=deadline - timedelta(days=15),
                state="on_schedule",
                note="工程施工中。",
            )
    from gongkai.core import publishing

    if publishing.available():
        # Without the catalogue row the plan is drafted later from the console.
        with contextlib.suppress(DomainError):
            services.draft_rectification_document(actor=officer, plan=plan, which="plan")
    return 1
