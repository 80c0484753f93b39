"""GB 3838-2002 Table 3 rows the bureau supplies (WATER_TABLE_3_FILE): rows 20 and 40-80 are not in
shared/domain and are never shipped; a supplied row is recognised as an import column and used by the
drinking-water source rule; a bad file names its line. The seed file holds the 38 default rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.water import gb3838

SEED = Path(gb3838.__file__).with_name("table3_seed.csv")


@pytest.fixture
def restore_tables():
    items, words = dict(gb3838.SOURCE_ITEMS), dict(gb3838._ITEM_WORDS)
    yield
    gb3838.SOURCE_ITEMS.clear()
    gb3838.SOURCE_ITEMS.update(items)
    gb3838._ITEM_WORDS.clear()
    gb3838._ITEM_WORDS.update(words)


def test_the_seed_file_is_the_default_rows():
    items = gb3838.table_3_items(SEED.read_text(encoding="utf-8"))
    assert [(i.code, i.name, i.limit) for i in items] == [(i.code, i.name, i.limit) for i in gb3838.TABLE_3]
    assert "t3_20" not in gb3838.SOURCE_ITEMS and "t3_40" not in gb3838.SOURCE_ITEMS


def test_an_item_without_a_limit_is_refused_until_supplied(restore_tables):
    with pytest.raises(ValueError, match="t3_40"):
        gb3838.source_compliance({"t3_40": Decimal("0.001")})
    assert gb3838.item_by_name("示例特定项目") is None
    gb3838.add_source_items(gb3838.table_3_items("序号,项目,标准限值\n40,示例特定项目,0.002\n"))
    assert gb3838.item_by_name("示例特定项目").code == "t3_40"
    assert gb3838.source_compliance({"t3_40": Decimal("0.002")}).complies is True  # on the limit: meets it
    failing = gb3838.source_compliance({"t3_40": Decimal("0.003")})
    assert failing.complies is False and failing.failing[0].name == "示例特定项目"


def test_a_supplied_row_replaces_a_default(restore_tables):
    gb3838.add_source_items(gb3838.table_3_items("序号,项目,标准限值\n1,三氯甲烷,0.05\n"))
    assert gb3838.SOURCE_ITEMS["t3_01"].limit == Decimal("0.05")
    assert gb3838.item_by_name("三氯甲烷").limit == Decimal("0.05")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("序号,项目,标准限值\n81,某项目,0.1\n", 2),
        ("序号,项目,标准限值\n40,某项目,0\n", 2),
        ("序号,项目,标准限值\n40,某项目,0.1\n40,某项目,0.1\n", 3),
        ("序号,项目,标准限值\n40,,0.1\n", 2),
        ("序号,项目,标准限值\n\n四十,某项目,0.1\n", 3),
        ("序号,项目,标准限值\n40,某项目\n", 2),
    ],
)
def test_a_bad_file_names_its_line(text, line):
    with pytest.raises(ValueError, match=f"line {line}:"):
        gb3838.table_3_items(text)


def test_the_setting_is_read_at_start(tmp_path, settings, restore_tables):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    config = apps.get_app_config("water")
    path = tmp_path / "table3.csv"
    path.write_text("\ufeff序号,项目,标准限值\n20,甲苯,0.7\n", encoding="utf-8")
    settings.WATER_TABLE_3_FILE = str(path)
    config._table_3()
    assert gb3838.item_by_name("甲苯").code == "t3_20"  # the value here is only a test value
    path.write_text("序号,项目,标准限值\n20,甲苯,-1\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="line 2"):
        config._table_3()
