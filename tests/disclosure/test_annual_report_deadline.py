"""The 年报 column of the catalogue states its statutory deadline (条例 Art. 49: a 部门 publishes its
annual report by 31 January), not “无法定时限”."""

from __future__ import annotations


def test_the_annual_report_column_states_the_31_january_deadline():
    from gongkai.disclosure.models import CatalogueItem, TimeLimitStart
    from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

    row = next(row for row in STANDARD_CATALOGUE if row["name"] == "政府信息公开年报")
    item = CatalogueItem(**row)
    assert item.time_limit_start == TimeLimitStart.ANNUAL
    assert item.time_limit_text == "每年1月31日前（条例第四十九条）"
    assert "无法定时限" not in item.time_limit_text
