"""The district map of 环境污染举报, pure: no Django.

The administrator uploads the districts as GeoJSON (a FeatureCollection of Polygon or MultiPolygon
features, each with `properties.name` = a district name as the report form lists it; GCJ-02 or WGS-84
longitude/latitude as the bureau's own surveying office supplies them — no outside tile service is
used). `parse` checks it and keeps only the names and geometries; `locate` says in which district a
point lies (ray casting, holes respected), so the form can fill in or check the district of a point
picked on the map."""

from __future__ import annotations

import json

MAX_BYTES = 5 * 1024 * 1024
MAX_POINTS = 200_000


class MapError(ValueError):
    """A GeoJSON that cannot serve as the district map (message in Chinese, for the administrator)."""


def _ring(ring, where: str) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise MapError(f"{where}：多边形的环至少需要4个坐标点。")
    points = []
    for point in ring:
        if not (isinstance(point, list | tuple) and len(point) >= 2):
            raise MapError(f"{where}：坐标格式不正确。")
        try:
            lon, lat = float(point[0]), float(point[1])
        except (TypeError, ValueError):
            raise MapError(f"{where}：坐标不是数字。") from None
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise MapError(f"{where}：坐标超出经纬度范围（应为[经度, 纬度]）。")
        points.append([lon, lat])
    return points


def parse(data: bytes, districts: tuple[str, ...] = ()) -> dict:
    """The checked, reduced FeatureCollection. `districts`: the names the form offers; every feature
    must be one of them (when given)."""
    if len(data) > MAX_BYTES:
        raise MapError(f"文件超过{MAX_BYTES // 1024 // 1024}MB。")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise MapError("文件不是UTF-8编码的GeoJSON。") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise MapError("GeoJSON的最外层应为FeatureCollection。")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise MapError("GeoJSON中没有区县要素。")
    kept, names, count = [], [], 0
    for number, feature in enumerate(features, start=1):
        where = f"第{number}个要素"
        properties = (feature or {}).get("properties") or {}
        name = str(properties.get("name") or "").strip()
        if not name:
            raise MapError(f"{where}：缺少区县名称（properties.name）。")
        where = f"{where}（{name}）"
        if districts and name not in districts:
            raise MapError(f"{where}：不是举报表单中的区县（{'、'.join(districts)}）。")
        if name in names:
            raise MapError(f"{where}：区县重复。")
        geometry = feature.get("geometry") or {}
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Polygon":
            polygons = [coordinates]
        elif kind == "MultiPolygon":
            polygons = coordinates
        else:
            raise MapError(f"{where}：几何类型应为Polygon或MultiPolygon。")
        if not isinstance(polygons, list) or not polygons:
            raise MapError(f"{where}：没有坐标。")
        clean = []
        for polygon in polygons:
            if not isinstance(polygon, list) or not polygon:
                raise MapError(f"{where}：多边形格式不正确。")
            rings = [_ring(ring, where) for ring in polygon]
            count += sum(len(ring) for ring in rings)
            clean.append(rings)
        if count > MAX_POINTS:
            raise MapError(f"坐标点超过{MAX_POINTS}个，请先简化边界。")
        kept.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": clean},
            }
        )
        names.append(name)
    return {"type": "FeatureCollection", "features": kept}


def _inside(ring: list[list[float]], lon: float, lat: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def locate(collection: dict, lon: float, lat: float) -> str | None:
    """The name of the district containing the point, None outside every district."""
    for feature in collection.get("features", []):
        for polygon in feature["geometry"]["coordinates"]:
            outer, holes = polygon[0], polygon[1:]
            if _inside(outer, lon, lat) and not any(_inside(hole, lon, lat) for hole in holes):
                return feature["properties"]["name"]
    return None


def names(collection: dict) -> list[str]:
    return [feature["properties"]["name"] for feature in collection.get("features", [])]
