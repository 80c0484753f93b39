# ruff: noqa: F811  (fixtures imported from the apps' own conftest files)
"""The 主动公开 app's contribution: Table 二 第二十条第（一）项 from its frozen or live figures, and the
documents published in the year by catalogue column."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.disclosure import queries, yearly
from gongkai.disclosure.models import DocType, Validity
from tests.disclosure.conftest import (  # noqa: F401 (fixtures)
    _fresh_cache,
    admin_user,
    catalogue,
    editor,
    leader,
    make_draft,
    publish,
    reviewer,
)

pytestmark = pytest.mark.django_db
WHEN = datetime(2026, 10, 9, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_table_two_first_block_and_published_by_column(make_draft, publish, catalogue):
    publish(
        make_draft(doc_type=DocType.NORMATIVE, validity=Validity.VALID, date_formed=date(2026, 9, 28)), WHEN
    )
    publish(
        make_draft(
            title="示例市生态环境局2026年第三季度建设项目环评审批结果",
            document_number="",
            catalogue_item=catalogue["05.01.01"],
        ),
        WHEN,
    )
    contribution = yearly.compute(2026)
    rows = {row.label: row for row in queries.table2(year=2026)}
    assert contribution.table2["normative_documents"] == {
        "issued": rows["行政规范性文件"].issued,
        "repealed": rows["行政规范性文件"].repealed,
        "in_force": rows["行政规范性文件"].in_force,
    }
    assert contribution.table2["normative_documents"]["issued"] == 1
    assert set(contribution.table2) == {"rules", "normative_documents"}
    assert yearly.published_by_column(2026) == [("03", "法定主动公开内容", 1), ("05", "标准目录", 1)]
    assert contribution.facts[0].text == (
        "本年度在政府信息公开平台主动公开政府信息2条，其中“法定主动公开内容”1条，“标准目录”1条。"
    )
    assert yearly.first_year() == 2026
    assert yearly.compute(2025).facts[0].text == "本年度未在政府信息公开平台主动公开政府信息。"
