"""The district map (区县边界): one GeoJSON of the bureau's districts that every public map draws
with ECharts (`static/lib/echarts-map.min.js`, bundled from `core/assets/echarts-map.js`, and the
helpers in `static/core/districtmap.js`); no outside tile service.

One app provides it — the interaction app, where the administrator uploads the GeoJSON (the 举报
map's upload page) — and registers a `DistrictMapSource` in `AppConfig.ready`; other apps (the air
map) ask `geojson_url()` for the public address of the current boundaries, so no domain app imports
another. Features are keyed by `properties.name`, the district's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class DistrictMapSource:
    url_name: str  # a public view answering the current FeatureCollection as JSON
    available: Callable[[], bool]  # whether a map has been uploaded


_source: DistrictMapSource | None = None


def register(source: DistrictMapSource) -> None:
    """Set the provider; the same URL again replaces it, a second provider (another URL) raises."""
    global _source
    if _source is not None and _source.url_name != source.url_name:
        raise ValueError("a district map source is already registered")
    _source = source


def geojson_url() -> str:
    """The public URL of the current district boundaries, or "" when none has been uploaded (or no
    app provides them): the pages then show their tables without the map."""
    if _source is None or not _source.available():
        return ""
    return reverse(_source.url_name)
