"""Collecting the registered contributions into the 2021 format: cells given twice refused, rows nobody
gives counted 0 and named, the year checked, the narrative drafted from the facts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.annual import collect, narrative
from gongkai.annual import format as fmt

pytestmark = pytest.mark.django_db
R, K = fmt.TableTwoRow, fmt.TableTwoColumn


def test_table_two_from_every_contributor_and_missing_rows_are_zero(fake_yearly):
    collected = collect.collect(2026)
    table = collected.report.table2
    assert table.cell(R.NORMATIVE_DOCUMENTS, K.IN_FORCE) == 12
    assert table.cell(R.PENALTY, K.DECISIONS) == 37
    assert table.cell(R.FEES, K.FEE_AMOUNT) == Decimal("1.25")
    assert table.cell(R.LICENSING, K.DECISIONS) == 0
    assert table.cell(R.COERCION, K.DECISIONS) == 0
    assert collected.missing == ["行政许可", "行政强制"]
    assert collected.sources["penalty.decisions"] == "penalties"
    assert collected.sources["table3"] == "cases"
    assert fmt.cross_checks(collected.report) == []


def test_a_cell_given_twice_is_refused_naming_both_modules(fake_yearly):
    fake_yearly(penalty_twice=True)
    with pytest.raises(collect.CollectError) as caught:
        collect.collect(2026)
    assert "表二“行政处罚”的“本年处理决定数量”由“penalties”和“again”两个模块重复提供" in caught.value.message


def test_nothing_registered_gives_zero_tables_and_names_them(monkeypatch):
    from gongkai.core import yearly

    monkeypatch.setattr(yearly, "_contributors", {})
    collected = collect.collect(2026)
    assert "表三" in collected.missing and "表四" in collected.missing and "规章" in collected.missing
    assert fmt.cross_checks(collected.report) == []


def test_years_before_any_record_in_the_future_or_not_years_are_refused(fake_yearly, monkeypatch):
    with pytest.raises(collect.CollectError, match="早于系统中最早的业务记录（2024年）"):
        collect.check_year(2023)
    with pytest.raises(collect.CollectError, match="尚未开始"):
        collect.check_year(date.today().year + 1)
    with pytest.raises(collect.CollectError, match="不是有效的年份"):
        collect.parse_year("二〇二六")
    assert collect.check_year(2024) == 2024
    from gongkai.core import yearly

    monkeypatch.setattr(yearly, "_contributors", {})
    with pytest.raises(collect.CollectError, match="还没有任何业务记录"):
        collect.check_year(2026)


def test_the_draft_covers_the_five_topics_and_marks_gaps():
    sections = narrative.draft(
        year=2026,
        organisation="示例市生态环境局",
        facts=[
            fmt_fact("一", "主动公开", "主动公开120条。"),
            fmt_fact("六", "信息处理费", "未收取信息处理费。"),
        ],
        missing=["行政许可"],
    )
    one = sections["一"].splitlines()
    assert one[1] == "（一）主动公开。主动公开120条。"
    assert one[2].startswith("（二）依申请公开。【请补充")
    assert [line[:3] for line in one[1:]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert "行政许可无对应业务模块数据，按0填报" in sections["六"]
    assert narrative.gaps(sections) == ["一", "五"]


def fmt_fact(section, topic, text):
    from gongkai.core.yearly import Fact

    return Fact(section, topic, text)
