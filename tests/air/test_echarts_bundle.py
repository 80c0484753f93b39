"""The air pages load a custom ECharts bundle (gongkai/air/assets/echarts-air.js, built by
scripts/install_assets.py) instead of the full build: every chart type and option component the
air scripts use must be imported by that entry point, or ECharts silently draws nothing for it. The
district map (static/air/map.js) uses the shared map bundle instead (gongkai/core/assets/echarts-map.js,
core/districtmap.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

AIR = Path(__file__).resolve().parents[2] / "gongkai" / "air"
ENTRY = (AIR / "assets" / "echarts-air.js").read_text(encoding="utf-8")
MAP_ENTRY = (AIR.parent / "core" / "assets" / "echarts-map.js").read_text(encoding="utf-8")
MAP_SCRIPTS = {"map.js"}  # drawn with lib/echarts-map.min.js
ALL_SCRIPTS = {path.name: path.read_text(encoding="utf-8") for path in (AIR / "static" / "air").glob("*.js")}
SCRIPTS = {name: text for name, text in ALL_SCRIPTS.items() if name not in MAP_SCRIPTS}

# option key or series type in the air scripts → the ECharts module that draws it
SERIES_MODULES = {"bar": "BarChart", "line": "LineChart", "scatter": "ScatterChart"}
OPTION_MODULES = {
    "xAxis": "GridComponent",
    "yAxis": "GridComponent",
    "tooltip": "TooltipComponent",
    "legend": "LegendPlainComponent",
    "dataZoom": "DataZoomSliderComponent",
    "geo": "GeoComponent",
}


def used_in(script: str) -> set[str]:
    series = set(re.findall(r'type:\s*"(\w+)"', script)) - {"value", "category", "slider"}
    unknown = series - set(SERIES_MODULES)
    assert not unknown, f"series types without a module in this test's table: {unknown}"
    keys = {key for key in OPTION_MODULES if re.search(rf"\b{key}:", script)}
    return {SERIES_MODULES[name] for name in series} | {OPTION_MODULES[key] for key in keys}


def imported(entry: str = ENTRY) -> set[str]:
    return set(re.findall(r"\b([A-Z]\w+(?:Chart|Component|Renderer))\b", entry))


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_chart_type_and_component_an_air_script_uses_is_in_the_bundle(name):
    assert used_in(SCRIPTS[name]) - imported() == set()


@pytest.mark.parametrize("name", sorted(MAP_SCRIPTS))
def test_the_district_map_script_is_drawn_by_the_shared_map_bundle(name):
    assert used_in(ALL_SCRIPTS[name]) - imported(MAP_ENTRY) == set()
    page = (AIR / "templates" / "air" / "map.html").read_text(encoding="utf-8")
    assert "lib/echarts-map.min.js" in page and "lib/echarts-air.min.js" not in page


def test_the_bundle_holds_nothing_the_air_scripts_do_not_use():
    needed = set().union(*(used_in(script) for script in SCRIPTS.values())) | {"CanvasRenderer"}
    assert imported() == needed


@pytest.mark.parametrize("template", ["realtime.html", "history.html", "statistics.html"])
def test_the_chart_pages_load_the_bundle_not_the_full_build(template):
    text = (AIR / "templates" / "air" / template).read_text(encoding="utf-8")
    assert "lib/echarts-air.min.js" in text and "lib/echarts.min.js" not in text
