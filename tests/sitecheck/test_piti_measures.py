"""The PITI measures each app registers (core.piti), against hand-made records: every deduction shows
with its fix, and a category with everything in order scores 100."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from gongkai.core import lists, piti
from gongkai.sitecheck import piti as scoring

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 6)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), ZONE)


def by_criterion(measures):
    return {m.criterion: m for m in measures}


def deductions(measures):
    """Each measure's deduction, by criterion, as the self-assessment page shows it."""
    [category] = [c for c in scoring.score(measures, piti.CATEGORIES)[1] if c.measures]
    return {m.criterion: lost for m, lost in zip(category.measures, category.deductions, strict=True)}


def category_score(measures):
    [category] = [c for c in scoring.score(measures, piti.CATEGORIES)[1] if c.measures]
    return category.score


def test_every_category_is_measured_by_some_app():
    categories = {indicator.category for indicator in piti.indicators()}
    assert categories == set(piti.CATEGORIES)


def test_friendliness_checks_the_public_list(monkeypatch):
    full = piti.friendliness("日常监管", "enforcement-decisions", "列表")
    assert (full.done, full.total, full.fixes) == (4, 4, ())
    declared = lists.registered("enforcement-decisions")
    monkeypatch.setitem(
        lists._REGISTRY, "enforcement-decisions", declared.variant(orderings=(), permission="x.view")
    )
    poor = piti.friendliness("日常监管", "enforcement-decisions", "列表")
    assert (poor.done, poor.total) == (2, 4)
    assert [fix.split("：")[1] for fix in poor.fixes] == ["公众无需登录即可查看", "提供排序"]
    missing = piti.friendliness("日常监管", "no-such-list", "列表")
    assert (missing.done, missing.fixes) == (0, ("公开列表“no-such-list”未注册",))


# --- sources: 重点排污单位名录, 自行监测, 排放数据 ---------------------------------------------


def _unit(serial, category="water", year=2026):
    from gongkai.sources.models import Enterprise, KeyUnit, Outlet

    enterprise = Enterprise.objects.create(credit_code=f"91990100MA0TE{serial:04d}X", name=f"单位{serial}")
    KeyUnit.objects.create(year=year, category=category, enterprise=enterprise)
    outlet = Outlet.objects.create(enterprise=enterprise, code="DW001", name="总排口", medium="water")
    return enterprise, outlet


def _self_result(outlet, day):
    from gongkai.sources.models import MonitoringResult

    MonitoringResult.objects.create(
        source="self", enterprise=outlet.enterprise, outlet=outlet, sampled_on=day, pollutant="化学需氧量",
        statistic="daily", value=Decimal("20"),
    )  # fmt: skip


def _device(outlet, mn, data_on=None):
    from gongkai.sources.models import Device, Measurement

    Device.objects.create(mn=mn, outlet=outlet)
    if data_on is not None:
        Measurement.objects.create(
            mn=mn, cn="2061", data_time=at(data_on), code="w01018", sent_code="w01018", avg=20.0, valid=True,
            packet_key=f"{mn}-1", received_at=at(data_on),
        )  # fmt: skip


def test_the_key_units_list_measures():
    from gongkai.sources.models import KeyUnitPublication
    from gongkai.sources.piti import key_unit_measures

    made, handed, complete, _friendly = key_unit_measures(TODAY)
    assert (made.done, made.fixes) == (0, ("编制2026年度环境监管重点单位名录",))
    assert (handed.done, handed.fixes) == (0, ("将2026年度名录提交主动公开",))
    assert (complete.done, complete.total) == (0, 0)  # nothing published yet: nothing to compare
    assert category_score(key_unit_measures(TODAY)) == Decimal("50.0")
    _unit(1)
    KeyUnitPublication.objects.create(year=2026, document_id=1, entries=1)
    assert category_score(key_unit_measures(TODAY)) == Decimal("100.0")
    # a unit added to the list after it was published: the published list is no longer complete
    _unit(2)
    listed = key_unit_measures(TODAY)
    complete = by_criterion(listed)["完整"]
    assert (complete.done, complete.total) == (0, 1)
    assert complete.fixes == ("2026年度名录公开版1条，现行名录2条：更新公开的名录",)
    assert deductions(listed)["完整"] == Decimal("25.0")
    assert category_score(listed) == Decimal("75.0")
    # before April the previous year's list is the one expected
    assert key_unit_measures(date(2027, 3, 31))[0].label == "2026年度名录已编制"


def test_the_self_monitoring_measures():
    from gongkai.sources.piti import self_monitoring_measures

    _e1, fresh = _unit(1)
    _e2, stale = _unit(2)
    _unit(3)  # nothing in 12 months
    _unit(4, year=2025)  # not on this year's list: not counted
    _self_result(fresh, TODAY - timedelta(days=10))
    _self_result(stale, TODAY - timedelta(days=200))
    listed = self_monitoring_measures(TODAY)
    measures = by_criterion(listed)
    assert (measures["覆盖"].done, measures["覆盖"].total) == (2, 3)
    assert measures["覆盖"].fixes == ("单位3：近12个月无自行监测结果",)
    assert (measures["及时"].done, measures["及时"].total) == (1, 2)
    assert measures["及时"].fixes == (f"单位2：最近一次自行监测为{TODAY - timedelta(days=200):%Y-%m-%d}",)
    assert (measures["完整"].done, measures["完整"].total) == (0, 0)  # no 自行监测方案 on record
    # four measures (覆盖, 及时, 完整, 友好): 1/3 and 1/2 missed cost a quarter of 33.3 and of 50 points
    lost = deductions(listed)
    assert (lost["覆盖"], lost["及时"], lost["完整"], lost["友好"]) == (
        Decimal("8.3"), Decimal("12.5"), Decimal("0.0"), Decimal("0.0"),
    )  # fmt: skip
    assert category_score(listed) == Decimal("79.2") == 100 - sum(lost.values())


def test_the_self_monitoring_plan_measure():
    """自行监测 完整: each manual item of a key unit's 自行监测方案 in force has a result in 12 months."""
    from gongkai.sources.models_permits import SelfMonitoringPlanItem
    from gongkai.sources.piti import self_monitoring_measures

    _e1, outlet = _unit(1)
    _e2, other = _unit(2, year=2025)  # not on this year's list: not counted

    def plan(outlet, pollutant, mode="manual", valid_until=None):
        SelfMonitoringPlanItem.objects.create(
            outlet=outlet, pollutant=pollutant, mode=mode, frequency="monthly",
            valid_from=TODAY - timedelta(days=400), valid_until=valid_until,
        )  # fmt: skip

    plan(outlet, "化学需氧量")  # sampled below
    plan(outlet, "氨氮")  # never sampled
    plan(outlet, "流量", mode="automatic")  # online: not a manual result
    plan(outlet, "总磷", valid_until=TODAY - timedelta(days=30))  # no longer in the plan
    plan(other, "氨氮")
    _self_result(outlet, TODAY - timedelta(days=40))
    listed = self_monitoring_measures(TODAY)
    complete = by_criterion(listed)["完整"]
    assert (complete.done, complete.total) == (1, 2)
    assert complete.fixes == ("单位1 DW001：近12个月无氨氮自行监测结果",)
    # 覆盖 and 及时 full, 完整 half, 友好 full: half of one of four measures
    assert deductions(listed)["完整"] == Decimal("12.5")
    assert category_score(listed) == Decimal("87.5")


def test_the_emission_data_measures():
    from gongkai.sources.piti import emission_measures

    _e1, online = _unit(1)
    _e2, silent = _unit(2, category="air")
    _unit(3)  # no device
    _unit(4, category="soil")  # not expected to run automatic monitoring
    _device(online, "MN0001", data_on=TODAY.replace(day=1))
    _device(silent, "MN0002", data_on=TODAY.replace(day=1) - timedelta(days=1))  # last month only
    measures = by_criterion(emission_measures(TODAY))
    assert (measures["覆盖"].done, measures["覆盖"].total, measures["覆盖"].fixes) == (
        2, 3, ("单位3：未登记自动监控设备",),
    )  # fmt: skip
    assert (measures["及时"].done, measures["及时"].total, measures["及时"].fixes) == (
        1, 2, ("单位2：本月无在线监测数据",),
    )  # fmt: skip
    # 友好: the public list of online exceedances is searchable, sortable and downloadable without login
    assert (measures["友好"].done, measures["友好"].total) == (4, 4)
    assert "完整" not in measures  # piti.md gives no pass mark for the data-completeness rate
    # (66.7 + 50 + 100) / 3; the lost points are 11.1 and 16.7
    assert category_score(list(measures.values())) == Decimal("72.2")
    lost = deductions(list(measures.values()))
    assert (lost["覆盖"], lost["及时"], lost["友好"]) == (Decimal("11.1"), Decimal("16.7"), Decimal("0.0"))


# --- eia: 环评信息 ----------------------------------------------------------------------------


def _project(name, document_kind="report"):
    from gongkai.eia.models import Project

    return Project.objects.create(
        name=name, builder="建设单位", credit_code="91990100MA0TE0010X", location="示例市",
        document_kind=document_kind,
    )  # fmt: skip


def _notice(project, stage, published_on, due_on, document=True):
    from gongkai.eia.models import Notice

    return Notice.objects.create(
        project=project, stage=stage, status="published", formed_on=due_on - timedelta(days=20),
        body="公示内容", document="notices/x.pdf" if document else "", due_on=due_on,
        published_at=at(published_on),
    )  # fmt: skip


def test_the_eia_measures():
    from gongkai.eia.piti import measures

    good = _project("完整项目")
    day = TODAY - timedelta(days=60)
    _notice(good, "acceptance", day, day)
    _notice(good, "pre_approval", day + timedelta(days=20), day + timedelta(days=20), document=False)
    _notice(good, "decision", day + timedelta(days=30), day + timedelta(days=30))
    assert category_score(measures(TODAY)) == Decimal("100.0")
    poor = _project("问题项目", document_kind="table")
    _notice(poor, "acceptance", day + timedelta(days=3), day, document=False)
    _notice(poor, "decision", day + timedelta(days=30), day + timedelta(days=30))
    found = by_criterion(measures(TODAY))
    assert (found["覆盖"].done, found["覆盖"].total) == (1, 2)
    assert found["覆盖"].fixes == ("问题项目：受理公示未附环境影响报告表全本",)
    assert (found["及时"].done, found["及时"].total) == (4, 5)
    assert found["及时"].fixes == (
        f"问题项目（受理公示）：{day + timedelta(days=3):%Y-%m-%d}发布，晚于期限{day:%Y-%m-%d}",
    )
    assert (found["完整"].done, found["完整"].total, found["完整"].fixes) == (
        1,
        2,
        ("问题项目：缺少拟审批公示",),
    )
    assert found["友好"].done == found["友好"].total


# --- enforcement: 日常监管 --------------------------------------------------------------------


def _decision(number, decided, published=None, **extra):
    from gongkai.enforcement.models import Decision

    fields = {
        "number": number, "party_type": "organisation", "party_name": "示例公司", "credit_code": "",
        "violation_type": "超标排放", "facts": "事实", "legal_basis": "依据", "kind": "罚款",
        "content": "罚款一万元", "decided_on": decided, "authority": "示例市生态环境局", "authority_code": "",
        "publish_due": decided + timedelta(days=9), "published_at": at(published) if published else None,
    }  # fmt: skip
    fields.update(extra)
    return Decision.objects.create(**fields)


def test_the_enforcement_measures_with_every_deduction():
    from gongkai.enforcement.piti import measures

    code = "11990100MB0TE0010X"
    company = "91990100MA0TE0010X"
    day = TODAY - timedelta(days=60)
    _decision("罚1", day, day + timedelta(days=2), credit_code=company, authority_code=code)
    assert category_score(measures(TODAY)) == Decimal("100.0")
    _decision("罚2", day, day + timedelta(days=12), credit_code=company, authority_code=code)  # late
    _decision("罚3", day, None, credit_code=company, authority_code=code)  # overdue, unpublished
    _decision("罚4", day, day + timedelta(days=1), authority_code=code)  # no credit code
    found = by_criterion(measures(TODAY))
    assert (found["覆盖"].done, found["覆盖"].total, found["覆盖"].fixes) == (
        3,
        4,
        ("罚3：已超过公示期限，尚未公示",),
    )
    assert (found["及时"].done, found["及时"].total) == (2, 3)
    assert found["及时"].fixes == (
        f"罚2：{day + timedelta(days=12):%Y-%m-%d}公示，晚于期限{day + timedelta(days=9):%Y-%m-%d}",
    )
    assert (found["完整"].done, found["完整"].total) == (2, 3)
    assert found["完整"].fixes == ("罚4：缺少行政相对人统一社会信用代码",)
    # (75 + 66.7 + 66.7 + 100) / 4
    assert category_score(list(found.values())) == Decimal("77.1")


# --- interaction: 投诉举报 --------------------------------------------------------------------


def test_the_interaction_coverage_measure():
    from gongkai.interaction.models import Message
    from gongkai.interaction.piti import measures

    day = TODAY - timedelta(days=30)
    for number, consent, published in (("JB1", True, True), ("JB2", True, False), ("JB3", False, False)):
        Message.objects.create(
            number=number, kind="report", title="举报", body="内容", name="张三", phone="13800000000",
            query_code_hash="x", submitted_at=at(day - timedelta(days=10)),
            received_on=day - timedelta(days=10),
            status="replied", due_on=day, replied_on=day, consent_publish=consent,
            published_at=at(day) if published else None,
        )  # fmt: skip
    found = by_criterion(measures(TODAY))
    assert (found["覆盖"].done, found["覆盖"].total) == (1, 2)
    assert found["覆盖"].fixes == ("JB2：已答复，同意公开但尚未公开",)
    assert (found["及时"].done, found["及时"].total) == (3, 3)
    # 完整: JB1 was published without its public copy of the content and the answer
    assert (found["完整"].done, found["完整"].total, found["完整"].fixes) == (
        0,
        1,
        ("JB1：公开内容或公开答复为空",),
    )
    assert deductions(list(found.values()))["完整"] == Decimal("25.0")
    Message.objects.filter(number="JB1").update(public_body="内容", public_reply="已查处，责令整改")
    complete = by_criterion(measures(TODAY))["完整"]
    assert (complete.done, complete.total) == (1, 1)
