"""The water app's facts for the annual report (core.yearly, issue 19): bulletins published in the year
and the share of sections meeting their target class, from hand-made records."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.core import publishing, yearly
from gongkai.water import services
from gongkai.water import yearly as water_yearly
from gongkai.water.models import Bulletin, Section

ZONE = ZoneInfo("Asia/Shanghai")
HEADER = "section,ph,do,codmn,nh3_n,tp\n"


@pytest.fixture
def sections(db, administrator):
    for code in ("R1", "R2", "R4"):
        Section.objects.create(
            code=code, name=f"断面{code}", water_name="测试河", water_body="river", target_class=3,
            control_level=Section.ControlLevel.PROVINCIAL,
        )  # fmt: skip
    # R1 Class II, R2 Class III (both meet Class III), R4 Class IV (NH3-N 1.2): two of three meet
    content = HEADER + "R1,7.4,7.8,3.1,0.3,0.08\nR2,7.1,6.5,5.5,0.8,0.15\nR4,7.2,5.5,5.0,1.2,0.18\n"
    for month in (date(2026, 9, 1), date(2026, 10, 1)):
        services.import_monthly(actor=administrator, month=month, content=content.encode())
        services.publish_month(actor=administrator, month=month)


def test_the_water_facts(sections, monkeypatch):
    published = {
        1: datetime(2026, 1, 8, 10, tzinfo=ZONE),  # December 2025's bulletin, published in 2026
        2: datetime(2026, 10, 12, 10, tzinfo=ZONE),
        3: None,  # handed to 主动公开, still in review
        4: datetime(2025, 12, 31, 23, 30, tzinfo=ZONE),  # published in 2025 (Beijing time)
    }
    for document_id, month in ((1, date(2025, 12, 1)), (2, date(2026, 9, 1)), (3, date(2026, 10, 1)),
                               (4, date(2025, 11, 1))):  # fmt: skip
        Bulletin.objects.create(
            month=month, title=f"{month:%Y年%m月}月报", body_html="<p>月报</p>", document_id=document_id
        )
    Bulletin.objects.create(
        month=date(2026, 8, 1), title="未提交", body_html="<p>月报</p>"
    )  # never handed over
    monkeypatch.setattr(
        publishing,
        "status",
        lambda pk: publishing.DraftRef(
            pk, "published" if published[pk] else "in_review", "", published_at=published[pk]
        ),
    )
    [fact] = water_yearly.compute(2026).facts
    assert (fact.section, fact.topic) == ("一", "主动公开")
    assert fact.figures == {
        "bulletins": 2, "result_months": 2, "sections": 3, "sections_meeting": 2,
    }  # fmt: skip
    assert fact.text == (
        "全年发布地表水环境质量月报2期，公开2个月的断面监测结果；按年均值评价，3个考核断面中2个达到水质目标，"
        "达标比例66.7%。"
    )
    assert water_yearly.compute(2024).facts == ()  # nothing published that year: nothing to say
    assert "water" in {c.key for c in yearly.contributors()}
