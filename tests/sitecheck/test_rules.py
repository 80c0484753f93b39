"""The pure rules of the self-inspection: column kinds and staleness, the column vetoes, the scoring."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from gongkai.sitecheck import rules

TODAY = date(2026, 12, 6)


def test_kinds_from_column_names():
    assert rules.classify("工作动态") == rules.NEWS
    assert rules.classify("通知公告") == rules.NOTICE
    assert rules.classify("政策文件") == rules.POLICY
    assert rules.classify("关于印发文件的通知") == rules.NOTICE  # 通知 before 文件
    assert rules.classify("人事信息") == rules.PERSONNEL
    assert rules.classify("规划计划") == rules.PLANNING
    assert rules.classify("政府信息公开指南") == ""


def test_staleness_thresholds():
    assert rules.days_stale(date(2026, 11, 22), rules.NEWS, TODAY) is None  # 14 days: not yet
    assert rules.days_stale(date(2026, 11, 21), rules.NEWS, TODAY) == 1
    assert rules.days_stale(date(2026, 6, 6), rules.NOTICE, TODAY) is None  # 183 days: on the limit
    assert rules.days_stale(date(2026, 6, 5), rules.NOTICE, TODAY) == 1
    assert rules.days_stale(date(2026, 6, 5), rules.POLICY, TODAY) == 1
    assert rules.days_stale(date(2025, 12, 5), rules.PERSONNEL, TODAY) == 1
    assert rules.days_stale(datetime(2020, 1, 1), "", TODAY) is None
    assert rules.days_stale(None, rules.NEWS, TODAY) is None
    assert rules.days_stale(date(2026, 12, 1), rules.NEWS, TODAY, {rules.NEWS: 3}) == 2


def verdicts(key=0, other=0, blank=0):
    out = [rules.ColumnVerdict(f"动态{i}", rules.NEWS, False, 3) for i in range(key)]
    out += [rules.ColumnVerdict(f"人事{i}", rules.PERSONNEL, False, 3) for i in range(other)]
    out += [rules.ColumnVerdict(f"空{i}", "", True, None) for i in range(blank)]
    return out


def test_column_vetoes():
    fresh = date(2026, 12, 1)
    assert rules.column_vetoes(verdicts(key=4, other=5, blank=4), fresh, TODAY) == []
    [(kind, message, names)] = rules.column_vetoes(verdicts(key=5), fresh, TODAY)
    assert kind == rules.COLUMNS_STALE and "共5个" in message and names[0] == "动态0"
    [(kind, message, _n)] = rules.column_vetoes(verdicts(key=4, other=6), fresh, TODAY)
    assert "应更新但长期未更新的栏目共10个" in message
    [(kind, _m, names)] = rules.column_vetoes(verdicts(blank=5), fresh, TODAY)
    assert kind == rules.COLUMNS_BLANK and len(names) == 5
    [(kind, message, _n)] = rules.column_vetoes([], date(2026, 11, 20), TODAY)
    assert kind == rules.HOME_STALE and "最近一次更新在2026-11-20" in message


def test_score_deducts_per_item_up_to_the_cap_and_a_veto_fails():
    result = rules.score({rules.BROKEN: 3, rules.BROKEN_HOME: 2, rules.STALE: 20}, veto=False)
    assert result.score == Decimal("100") - Decimal("0.3") - 2 - 20
    assert result.breakdown[rules.STALE] == {"count": "20", "points": "20"}
    assert result.passed and result.verdict == "合格"
    assert (
        rules.score({rules.PERSONAL: 10, rules.STALE: 10, rules.EXPRESSION: 10}, veto=False).verdict
        == "不合格"
    )
    vetoed = rules.score({rules.BROKEN: 1}, veto=True)
    assert (vetoed.score, vetoed.verdict) == (Decimal("0"), "不合格（单项否决）")
    assert rules.score({rules.BROKEN: 1}, veto=False, table={rules.BROKEN: ("5", "5")}).score == 95


def test_expressions_and_dates():
    found = rules.find_expressions(
        "示例市环保局发布通知，环保局要求", [rules.Expression("环保局", "生态环境局")]
    )
    [(_expression, count, context)] = found
    assert count == 2 and "环保局" in context
    assert rules.has_publication_date("发布日期：2026年10月09日")
    assert rules.has_publication_date("", "2026-10-09 10:00")
    assert not rules.has_publication_date("示例市生态环境局关于……的通知")
    assert rules.week_of(date(2026, 12, 6)) == (date(2026, 11, 30), date(2026, 12, 6))
