"""举报地图 in a real browser: on the report form a click on the demo's district map fills in the
longitude, latitude and district (the server agrees the point lies in that district); the staff map
draws the located reports and lists them in a table. No CSP violation (the page fixture fails on one)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo")]


def test_picking_the_place_on_the_map_and_the_staff_map(page, login):
    from gongkai.interaction import geo
    from gongkai.interaction.models import DistrictMap

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/hudong/write/?kind=report")
    box = page.locator("#report-map")
    expect(box).to_be_visible()
    expect(box.locator("canvas")).to_have_count(1)
    expect(page.locator("#id_location")).to_be_visible()  # the text address stays
    page.wait_for_timeout(500)  # the first frame of the chart
    bounds = box.bounding_box()
    box.click(position={"x": bounds["width"] / 2 + 7, "y": bounds["height"] / 2 + 5})
    expect(page.locator("#id_longitude")).not_to_have_value("")
    lon = float(page.locator("#id_longitude").input_value())
    lat = float(page.locator("#id_latitude").input_value())
    expected = geo.locate(DistrictMap.current().geojson, lon, lat)
    assert expected is not None
    expect(page.locator("#id_district")).to_have_value(expected)

    page.context.clear_cookies()
    login(page, "editor")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/staff/interaction/map/")
    expect(page.locator("#staff-report-map canvas")).to_have_count(1)
    expect(page.locator("table tbody tr").first).to_contain_text("JB")
