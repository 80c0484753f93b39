"""举报地图: the administrator's district GeoJSON (checked), the form's point checked against it and the
district filled in from it, the public boundaries endpoint, the staff map of reports. Pure parts first."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.interaction import geo, services
from gongkai.interaction.models import DistrictMap, Message

WRITE = "/hudong/write/"


def square(name: str, x0: float, y0: float, size: float = 0.1, hole: bool = False) -> dict:
    outer = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    rings = [outer]
    if hole:
        a, b = x0 + size / 4, x0 + size * 3 / 4
        c, d = y0 + size / 4, y0 + size * 3 / 4
        rings.append([[a, c], [b, c], [b, d], [a, d], [a, c]])
    return {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False).encode()


MAP = collection(square("东湖区", 114.0, 30.0, hole=True), square("西山区", 114.1, 30.0))


def test_a_district_map_is_checked_and_reduced():
    parsed = geo.parse(MAP, ("东湖区", "西山区"))
    assert geo.names(parsed) == ["东湖区", "西山区"]
    assert parsed["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert geo.locate(parsed, 114.01, 30.01) == "东湖区"
    assert geo.locate(parsed, 114.05, 30.05) is None  # in the hole
    assert geo.locate(parsed, 114.15, 30.05) == "西山区"
    assert geo.locate(parsed, 120.0, 30.05) is None
    for data, message in (
        (b"not json", "不是UTF-8编码的GeoJSON"),
        (b'{"type": "Feature"}', "FeatureCollection"),
        (collection(square("火星区", 114.0, 30.0)), "不是举报表单中的区县"),
        (collection(square("东湖区", 114.0, 30.0), square("东湖区", 115.0, 30.0)), "区县重复"),
        (collection(square("东湖区", 30.0, 114.0)), "超出经纬度范围"),
        (
            collection(
                {
                    "type": "Feature",
                    "properties": {"name": "东湖区"},
                    "geometry": {"type": "Point", "coordinates": [1, 2]},
                }
            ),
            "Polygon或MultiPolygon",
        ),
    ):
        with pytest.raises(geo.MapError, match=message):
            geo.parse(data, ("东湖区", "西山区"))


@pytest.mark.django_db
def test_the_administrator_uploads_the_map_and_the_form_uses_it(client, form_data, make_staff, editor):
    admin = make_staff("administrator", username="guanli")
    assert client.get(reverse("interaction:district_map")).status_code == 404
    assert 'id="report-map"' not in client.get(WRITE).text  # no map: the text fields only
    staff = Client()
    staff.force_login(editor)
    assert (
        staff.post(
            reverse("interaction:staff_map_upload"), {"file": SimpleUploadedFile("d.geojson", MAP)}
        ).status_code
        == 403
    )
    staff.force_login(admin)
    bad = staff.post(
        reverse("interaction:staff_map_upload"),
        {"file": SimpleUploadedFile("d.geojson", collection(square("火星区", 1, 1)))},
    )
    assert bad.status_code == 400 and "不是举报表单中的区县" in bad.text
    done = staff.post(reverse("interaction:staff_map_upload"), {"file": SimpleUploadedFile("d.geojson", MAP)})
    assert done.status_code == 302 and DistrictMap.objects.count() == 1
    current = staff.get(reverse("interaction:staff_map_upload"))
    assert current.status_code == 200 and "东湖区、西山区" in current.text
    assert staff.get(reverse("interaction:staff_messages")).status_code == 403  # the map, not the messages
    boundaries = client.get(reverse("interaction:district_map")).json()
    assert [f["properties"]["name"] for f in boundaries["features"]] == ["东湖区", "西山区"]
    page = client.get(WRITE).text
    assert 'id="report-map"' in page and "echarts-map.min.js" in page and 'id="id_location"' in page

    report = {"kind": "report", "pollution_kind": "water", "location": "东湖路排污口"}
    outside = client.post(WRITE, form_data(**report, district="东湖区", latitude="31.0", longitude="114.01"))
    assert outside.status_code == 400 and "不在本局辖区内" in outside.text
    mismatch = client.post(
        WRITE, form_data(**report, district="东湖区", latitude="30.05", longitude="114.15")
    )
    assert mismatch.status_code == 400 and "属于西山区" in mismatch.text
    half = client.post(WRITE, form_data(**report, district="东湖区", latitude="30.01"))
    assert half.status_code == 400 and "同时填写经度和纬度" in half.text
    cache_clear()
    filled = client.post(WRITE, form_data(**report, district="", latitude="30.01", longitude="114.01"))
    assert filled.status_code == 302, filled.text
    message = Message.objects.get()
    assert message.district == "东湖区" and float(message.longitude) == 114.01

    staff.force_login(editor)
    page = staff.get(reverse("interaction:staff_map"))
    assert page.status_code == 200 and message.number in page.text and 'id="staff-report-map"' in page.text
    assert "上传区县地图" not in page.text  # the editor sees the map, the administrator uploads it
    points = json.loads(
        page.text.split('<script id="report-points" type="application/json">')[1].split("</script>")[0]
    )
    assert points == [
        {
            "number": message.number,
            "district": "东湖区",
            "kind": str(message.get_pollution_kind_display()),
            "status": str(message.get_status_display()),
            "lon": 114.01,
            "lat": 30.01,
            "date": points[0]["date"],
            "url": reverse("interaction:staff_message", args=[message.pk]),
        }
    ]
    assert staff.get("/api/v1/lists/interaction-report-locations").json()["count"] == 1
    exported = staff.get(reverse("interaction:staff_map") + "?export=csv")
    assert exported.status_code == 200 and message.number in exported.content.decode("utf-8-sig")
    anonymous = Client().get(reverse("interaction:staff_map"))
    assert anonymous.status_code in (302, 403)
    assert services.DISTRICT_MAP == "interaction.add_districtmap"


def cache_clear():
    from django.core.cache import cache

    cache.clear()  # the throttle counts the refused attempts of this test as one client
