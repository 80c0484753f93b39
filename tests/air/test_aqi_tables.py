"""The HJ 633 tables as data: version by date, breakpoints, levels, colours, texts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest

from gongkai.air import aqi
from gongkai.air.aqi import Standard


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (date(2013, 1, 1), Standard.HJ_633_2012),
        (date(2026, 2, 28), Standard.HJ_633_2012),
        (datetime(2026, 2, 28, 23, 59, 59), Standard.HJ_633_2012),
        (date(2026, 3, 1), Standard.HJ_633_2026),
        (datetime(2026, 3, 1, 0, 0), Standard.HJ_633_2026),
        (date(2031, 1, 1), Standard.HJ_633_2026),
        # zoned times are read in Beijing time: 16:00 UTC on 28 Feb is 00:00 on 1 March there
        (datetime(2026, 2, 28, 16, 0, tzinfo=UTC), Standard.HJ_633_2026),
        (datetime(2026, 2, 28, 15, 59, tzinfo=UTC), Standard.HJ_633_2012),
        (datetime(2026, 3, 1, 0, 30, tzinfo=timezone(timedelta(hours=9))), Standard.HJ_633_2012),
    ],
)
def test_standard_follows_the_date_of_the_data(moment, expected):
    assert aqi.standard_for(moment) is expected


def test_standards_for_matches_standard_for_on_datetime64():
    times = np.array(
        ["2026-02-28T23:59:59", "2026-03-01T00:00:00", "2020-06-01", "2027-01-01"], "datetime64[s]"
    )
    assert aqi.standards_for(times).tolist() == [2012, 2026, 2012, 2026]


def test_2026_table_3_differs_from_2012_table_1_only_in_pm():
    old, new = aqi.BREAKPOINTS[Standard.HJ_633_2012], aqi.BREAKPOINTS[Standard.HJ_633_2026]
    assert {key for key in old if old[key] != new[key]} == {"PM10_24H", "PM2_5_24H"}
    assert new["PM2_5_24H"] == (0, 35, 60, 115, 150, 250, 350, 500)
    assert new["PM10_24H"] == (0, 50, 120, 250, 350, 420, 500, 600)
    assert old["PM2_5_24H"] == (0, 35, 75, 115, 150, 250, 350, 500)
    assert old["PM10_24H"] == (0, 50, 150, 250, 350, 420, 500, 600)


def test_columns_that_stop_short_are_the_footnoted_ones():
    short = {key: column for key, column in aqi.BREAKPOINTS[Standard.HJ_633_2012].items() if len(column) < 8}
    assert short == {"SO2_1H": (0, 150, 500, 650, 800), "O3_8H": (0, 100, 160, 215, 265, 800)}


@pytest.mark.parametrize(
    ("value", "level", "category"),
    [
        (0, 1, "优"),
        (50, 1, "优"),
        (51, 2, "良"),
        (100, 2, "良"),
        (101, 3, "轻度污染"),
        (150, 3, "轻度污染"),
        (151, 4, "中度污染"),
        (200, 4, "中度污染"),
        (201, 5, "重度污染"),
        (300, 5, "重度污染"),
        (301, 6, "严重污染"),
        (500, 6, "严重污染"),
    ],
)
@pytest.mark.parametrize("standard", list(Standard))
def test_level_ranges_of_table_2_and_2026_table_1(standard, value, level, category):
    info = aqi.level_of(value, standard)
    assert (info.number, info.category) == (level, category)


def test_colours_of_appendix_a():
    assert [colour.hex for colour in aqi.COLOURS] == [
        "#00E400",
        "#FFFF00",
        "#FF7E00",
        "#FF0000",
        "#99004C",
        "#7E0023",
    ]
    assert [colour.name for colour in aqi.COLOURS] == ["绿色", "黄色", "橙色", "红色", "紫色", "褐红色"]
    assert aqi.COLOURS[4].cmyk == (10, 100, 40, 30)


def test_health_texts_per_version():
    old, new = aqi.LEVELS[Standard.HJ_633_2012], aqi.LEVELS[Standard.HJ_633_2026]
    assert old[0].health_effect == new[0].health_effect == "空气质量令人满意，基本无空气污染"
    assert "心脏病" in old[2].advice and "青少年儿童" not in old[2].advice
    for level in new[2:]:
        assert level.advice.startswith("青少年儿童、老年人")
    assert "心血管系统" in new[3].health_effect and "心血管系统" in new[4].health_effect
    assert old[5].advice.endswith("一般人群应避免户外活动")
    assert old[2].advice.endswith("高强度的户外锻炼")


def test_sensitive_groups_only_under_2026_and_above_100():
    high = aqi.daily_aqi(standard=Standard.HJ_633_2026, so2=1, no2=1, co=0.1, pm10=1, pm2_5=80, o3_8h=170)
    assert set(high.sensitive_groups) == {"PM2.5", "O3_8h"}
    assert high.sensitive_groups["O3_8h"] == aqi.SENSITIVE_GROUPS_2026["O3"]
    old = aqi.daily_aqi(standard=Standard.HJ_633_2012, pm2_5=80)
    assert old.sensitive_groups == {}


def test_result_carries_level_texts():
    result = aqi.daily_aqi(standard=Standard.HJ_633_2026, so2=1, no2=1, co=0.1, pm10=1, pm2_5=80, o3_8h=10)
    assert (result.aqi, result.level, result.category, result.colour) == (119, 3, "轻度污染", "#FF7E00")
    assert result.health_effect == aqi.HEALTH_EFFECTS_2026[2]
    assert result.advice == aqi.ADVICE_2026[2]
    empty = aqi.daily_aqi(standard=Standard.HJ_633_2026)
    assert (empty.aqi, empty.level_info, empty.health_effect, empty.advice) == (None, None, None, None)
