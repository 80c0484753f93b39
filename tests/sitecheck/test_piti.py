"""The PITI self-assessment: scores from hand-made measures (each deduction shown), the page and export,
and the measures the apps contribute."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.core import piti
from gongkai.sitecheck import piti as scoring

M = piti.Measure


def test_scores_from_hand_made_measures():
    measures = [
        M("日常监管", "覆盖", "已公示", 9, 10, ("X1：尚未公示",)),
        M("日常监管", "及时", "7个工作日内", 8, 8),
        M("依申请公开", "及时", "按期答复", 3, 4, ("A1：逾期",)),
        M("投诉举报", "及时", "按期答复", 0, 0),
    ]
    overall, categories = scoring.score(measures, piti.CATEGORIES)
    by = {c.category: c for c in categories}
    assert by["日常监管"].score == Decimal("95.0") and by["日常监管"].fixes == ("X1：尚未公示",)
    assert by["依申请公开"].score == Decimal("75.0")
    assert by["投诉举报"].score == Decimal("100.0")  # nothing to count: full marks
    assert by["环评信息"].score is None  # no app measures it
    assert overall == Decimal("90.0")
    # each measure loses its share of the category: 9/10 of one of two measures costs 10 ÷ 2 points
    assert by["日常监管"].deductions == (Decimal("5.0"), Decimal("0.0"))
    assert by["依申请公开"].deductions == (Decimal("25.0"),)
    assert by["投诉举报"].deductions == (Decimal("0.0"),)
    with pytest.raises(ValueError):
        M("日常监管", "覆盖", "x", 3, 2)
    with pytest.raises(ValueError):
        M("其他", "覆盖", "x", 0, 0)


def test_the_deductions_of_a_category_add_up_to_what_it_lost():
    measures = [
        M("自行监测", "覆盖", "a", 2, 3),  # 33.3… ÷ 4
        M("自行监测", "及时", "b", 1, 3),  # 66.6… ÷ 4
        M("自行监测", "完整", "c", 5, 6),  # 16.6… ÷ 4
        M("自行监测", "友好", "d", 4, 4),
        M("排放数据", "覆盖", "a", 1, 3),
        M("排放数据", "及时", "b", 1, 3),
        M("排放数据", "完整", "c", 1, 3),
        M("排放数据", "友好", "d", 7, 8),
    ]
    _overall, categories = scoring.score(measures, piti.CATEGORIES)
    scored = [c for c in categories if c.measures]
    assert len(scored) == 2
    for category in scored:
        assert sum(category.deductions) == 100 - category.score
        assert all(lost >= 0 for lost in category.deductions)
    first, second = scored
    assert first.score == Decimal("70.8")
    assert first.deductions == (Decimal("8.3"), Decimal("16.7"), Decimal("4.2"), Decimal("0.0"))
    # three times 16.67 and 3.125 lost: rounded one by one they would add up to 53.2, not 100 − 46.9
    assert second.score == Decimal("46.9")
    assert second.deductions == (Decimal("16.7"), Decimal("16.6"), Decimal("16.7"), Decimal("3.1"))


@pytest.mark.django_db
def test_the_page_and_export(admin_client, monkeypatch):
    indicator = piti.Indicator(
        "test", "日常监管", lambda today: [M("日常监管", "覆盖", "已公示", 1, 2, ("X1：尚未公示",))]
    )
    monkeypatch.setattr(piti, "_indicators", {"test": indicator})
    page = admin_client.get(reverse("sitecheck:piti")).content.decode()
    assert "总分：50.0" in page and "X1：尚未公示" in page and "未接入" in page
    assert "<td>1/2</td><td>50.0</td>" in page
    export = admin_client.get(reverse("sitecheck:piti") + "?export=csv")
    assert "X1：尚未公示" in export.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_the_enforcement_measures():
    from gongkai.enforcement.piti import measures

    assert [m.total for m in measures(date(2026, 12, 6))] == [0, 0, 0, 4]
    assert set(piti._indicators) >= {"applications.replies", "enforcement.decisions", "interaction.replies"}


@pytest.mark.django_db
def test_the_interaction_measure():
    from gongkai.interaction.models import Message
    from gongkai.interaction.piti import measures

    zone = ZoneInfo("Asia/Shanghai")
    for number, due, replied in (
        ("ZX1", date(2026, 11, 1), date(2026, 10, 30)),
        ("ZX2", date(2026, 11, 1), date(2026, 11, 3)),
    ):
        Message.objects.create(
            number=number, kind="consultation", title="咨询", body="内容", name="张三", phone="13800000000",
            query_code_hash="x", submitted_at=datetime.combine(due - timedelta(days=20), time(9), zone),
            received_on=due - timedelta(days=20), status="replied", due_on=due, replied_on=replied,
        )  # fmt: skip
    measure = next(m for m in measures(date(2026, 12, 6)) if m.criterion == "及时")
    assert (measure.done, measure.total) == (1, 2)
    assert measure.fixes == ("ZX2：2026-11-03答复，晚于期限2026-11-01",)


@pytest.mark.django_db
def test_the_applications_measures(django_user_model):
    """依申请公开: 覆盖 (the reply counts in the on-time statistics), 及时, 完整 (signed letter with its
    public copy), each deduction with its fix."""
    from gongkai.applications.models import Application, ReplyLetter
    from gongkai.applications.piti import measures

    zone = ZoneInfo("Asia/Shanghai")
    officer = django_user_model.objects.create_user("officer")
    for number, due, done, signed in (
        ("Y1", date(2026, 10, 1), date(2026, 9, 30), True),
        ("Y2", date(2026, 10, 1), date(2026, 10, 9), True),
        ("Y3", None, date(2026, 11, 2), False),  # no work calendar for the due date's year
    ):
        application = Application.objects.create(
            tracking_number=number, query_code_hash="x", channel="online", applicant_type="natural_person",
            name="张三", id_type="resident_id", id_number="11010519491231002X", phone="13800000000",
            description="示例", provision_form="paper", delivery_method="post",
            submitted_at=datetime.combine(done - timedelta(days=28), time(9), zone),
            received_on=done - timedelta(days=28), calendar_missing_year=None if due else 2026,
            status="replied", outcome="disclosed", due_on=due, concluded_on=done,
        )  # fmt: skip
        if signed:
            ReplyLetter.objects.create(
                application=application, outcome="disclosed", body="答复", drafted_by=officer,
                state=ReplyLetter.State.SIGNED, document_number=f"示环公开〔2026〕{number}号",
                signed_on=done, public_pdf=f"letters/{number}-public.pdf" if number == "Y1" else "",
            )  # fmt: skip
    found = {m.criterion: m for m in measures(date(2026, 12, 6))}
    assert set(found) == {"覆盖", "及时", "完整"}  # no 友好: no public list of applications to measure
    assert (found["覆盖"].done, found["覆盖"].total) == (2, 3)
    assert found["覆盖"].fixes == ("Y3：答复期限未确定（缺少2026年工作日历）",)
    assert (found["及时"].done, found["及时"].total) == (1, 2)
    assert found["及时"].fixes == ("Y2：2026-10-09答复，晚于期限2026-10-01",)
    assert (found["完整"].done, found["完整"].total) == (1, 3)
    assert found["完整"].fixes == ("Y2：无已签发的答复书或其公开查询版", "Y3：无已签发的答复书或其公开查询版")
    [category] = [c for c in scoring.score(found.values(), piti.CATEGORIES)[1] if c.measures]
    # (66.7 + 50 + 33.3) / 3 = 50: each lost share divided by the three measures
    assert category.score == Decimal("50.0")
    assert category.deductions == (Decimal("11.1"), Decimal("16.7"), Decimal("22.2"))
