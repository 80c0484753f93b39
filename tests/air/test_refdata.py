"""Air regions and monitoring stations as reference data in the staff console (/staff/refdata/…):
administrators create and edit them, data officers read them, everyone else is refused; codes are
unique, coordinates lie in China, errors are Chinese, and every write leaves an audit record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.air.models import Region, Station
from gongkai.audit.models import AuditRecord
from gongkai.audit.services import verify

pytestmark = pytest.mark.django_db

LIST, NEW, EDIT = "refdata:air-stations", "refdata:air-stations_new", "refdata:air-stations_edit"


def station_form(district: Region, **overrides) -> dict:
    data = {
        "code": "1001A",
        "name": "万寿西宫",
        "control_level": "national",
        "district": district.pk,
        "longitude": "116.366",
        "latitude": "39.8673",
        "active_from": "2026-01-01",
        "active_to": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def east(city) -> Region:
    return Region.objects.get(code="990102")


def test_an_administrator_sets_up_a_station_and_the_write_is_audited(east, admin_client, administrator):
    response = admin_client.post(reverse(NEW), station_form(east))
    assert response.status_code == 302 and response.url == reverse(LIST)
    station = Station.objects.get(code="1001A")
    assert (station.name, station.district, str(station.longitude)) == ("万寿西宫", east, "116.366000")
    record = AuditRecord.objects.get(action="air.station.create")
    assert (record.actor_id, record.target_id) == (administrator.pk, str(station.pk))
    assert '"code":"1001A"' in record.after
    assert "1001A" in admin_client.get(reverse(LIST)).text


def test_an_edit_records_only_what_changed(east, admin_client):
    station = Station.objects.get(code="A1")
    response = admin_client.post(
        reverse(EDIT, args=[station.pk]),
        station_form(
            east,
            code="A1",
            name="甲站",
            longitude="116.4",
            latitude="39.9",
            active_from="2020-01-01",
            active_to="2026-06-30",
        ),
    )
    assert response.status_code == 302
    record = AuditRecord.objects.get(action="air.station.update")
    assert (record.before, record.after) == ('{"active_to":null}', '{"active_to":"2026-06-30"}')
    assert Station.objects.get(pk=station.pk).active_to == date(2026, 6, 30)
    # saving again unchanged writes nothing
    admin_client.post(
        reverse(EDIT, args=[station.pk]),
        station_form(
            east,
            code="A1",
            name="甲站",
            longitude="116.4",
            latitude="39.9",
            active_from="2020-01-01",
            active_to="2026-06-30",
        ),
    )
    assert AuditRecord.objects.filter(action="air.station.update").count() == 1
    assert verify().ok


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code": "A1"}, "code", "该站点编码已被使用。"),
        ({"code": "Ａ１"}, "code", "该站点编码已被使用。"),  # full-width: normalised to A1 first
        ({"code": "10 01"}, "code", "站点编码只能由字母、数字和“-”组成。"),
        ({"name": "万寿\u200b西宫"}, "name", "含有不可见的控制字符"),
        ({"longitude": "39.87", "latitude": "116.37"}, "longitude", "经度应在东经73.5°至135.1°之间。"),
        ({"longitude": "39.87", "latitude": "116.37"}, "latitude", "纬度应在北纬3.8°至53.6°之间。"),
        ({"longitude": "东经116"}, "longitude", "输入一个数字"),
        ({"active_to": "2025-12-31"}, "active_to", "停用日期不能早于启用日期。"),
        ({"code": ""}, "code", "这个字段是必填项。"),
    ],
)
def test_invalid_stations_are_refused_with_chinese_messages(east, admin_client, overrides, field, message):
    response = admin_client.post(reverse(NEW), station_form(east, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in error for error in errors.get(field, [])), errors
    assert not Station.objects.filter(name="万寿西宫").exists()
    assert not AuditRecord.objects.filter(action="air.station.create").exists()


def test_a_station_belongs_to_a_district_not_to_the_city(city, admin_client):
    response = admin_client.post(reverse(NEW), station_form(city))
    assert "district" in response.context["form"].errors


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": "99010", "name": "北区", "kind": "district"}, "code", "行政区划代码应为6位数字。"),
        ({"code": "990100", "name": "北区", "kind": "district"}, "code", "该区划代码已被使用。"),
        ({"code": "990104", "name": "北区", "kind": "district"}, "parent", "区县须选择所属的市。"),
    ],
)
def test_invalid_regions_are_refused_with_chinese_messages(city, admin_client, data, field, message):
    response = admin_client.post(reverse("refdata:air-regions_new"), data)
    assert any(message in error for error in response.context["form"].errors.get(field, []))


def test_a_district_is_added_under_the_city_and_audited(city, admin_client):
    data = {"code": "990104", "name": "北区", "kind": "district", "parent": city.pk}
    assert admin_client.post(reverse("refdata:air-regions_new"), data).status_code == 302
    assert Region.objects.get(code="990104").parent == city
    assert AuditRecord.objects.filter(action="air.region.create", target_repr="北区").exists()


def test_a_city_with_districts_cannot_become_a_district(city, admin_client):
    data = {"code": "990100", "name": "测试市", "kind": "district", "parent": city.pk}
    response = admin_client.post(reverse("refdata:air-regions_edit", args=[city.pk]), data)
    assert "该市下还有区县" in str(response.context["form"].errors)


@pytest.mark.parametrize(
    ("role", "list_status", "new_status"),
    [
        ("administrator", 200, 200),
        ("data_officer", 200, 403),  # reads the stations its data refers to, changes none
        ("leader", 403, 403),
        ("editor", 403, 403),
        ("reviewer", 403, 403),
        ("legal_reviewer", 403, 403),
        ("request_handler", 403, 403),
        ("enforcement_officer", 403, 403),
    ],
)
def test_each_role_may_do_what_its_permissions_say(
    city, make_staff, client_for, role, list_status, new_status
):
    client = client_for(make_staff(role))
    station = Station.objects.get(code="A1")
    assert client.get(reverse(LIST)).status_code == list_status
    assert client.get(reverse(NEW)).status_code == new_status
    assert client.get(reverse(EDIT, args=[station.pk])).status_code == new_status
    if new_status == 403:
        client.post(reverse(EDIT, args=[station.pk]), station_form(station.district, code="A1", name="改名"))
        assert Station.objects.get(pk=station.pk).name == "甲站"


def test_the_list_shows_edit_links_only_to_those_who_may_edit(city, make_staff, client_for, admin_client):
    station = Station.objects.get(code="A1")
    edit = reverse(EDIT, args=[station.pk])
    assert edit in admin_client.get(reverse(LIST)).text
    officer_page = client_for(make_staff("data_officer")).get(reverse(LIST)).text
    assert "甲站" in officer_page and edit not in officer_page and reverse(NEW) not in officer_page


def test_the_list_searches_code_and_name(city, admin_client):
    text = admin_client.get(reverse(LIST), {"q": "丙"}).text
    assert "B1" in text and "甲站" not in text
