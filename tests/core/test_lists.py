"""Declared lists (gongkai/core/lists.py): one declaration drives the HTML table, the CSV/XLSX export
and the API twin; filters, ordering, permission and the export row cap hold in every output."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core import lists
from gongkai.core.lists import Column, DeclaredList, Filter, Ordering
from gongkai.core.models import User


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def _xlsx(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


NAMES = ("ann", "bob", "cat", "dan", "eve")

PEOPLE = DeclaredList(
    name="test-people",
    source=lambda request, params: User.objects.filter(username__in=NAMES),
    columns=(
        Column("username", "用户名", link=lambda u: f"/people/{u.pk}/"),
        Column("full_name", "姓名"),
        Column("is_active", "启用"),
        Column("note", "备注", lambda u: "=SUM(A1)", only=frozenset({lists.EXPORT})),
    ),
    filters=(
        Filter("q", "关键词", kind="search", search=("username", "full_name")),
        Filter(
            "active",
            "状态",
            choices=(("1", "启用"), ("0", "停用")),
            apply=lambda qs, v: qs.filter(is_active=v == "1"),
        ),
    ),
    orderings=(
        Ordering("name", "按用户名", ("username",)),
        Ordering("-name", "按用户名倒序", ("-username",)),
    ),
    permission="core.view_user",
    per_page=2,
    filename="people",
    max_export_rows=3,
)


@pytest.fixture
def people(make_staff):
    for name in NAMES:
        make_staff("editor", username=name, full_name=f"{name.title()} 王")
    User.objects.filter(username="dan").update(is_active=False)


def _get(user, **params):
    request = RequestFactory().get("/people/", params)
    request.user = user
    return request


def test_one_declaration_gives_the_same_columns_in_html_export_and_api(people, administrator):
    request = _get(administrator, q="王", sort="name")
    table = PEOPLE.table(request, PEOPLE.rows(request, request.GET))
    assert [str(c.label) for c in table.headings] == ["用户名", "姓名", "启用"]
    assert [cells[0].text for _row, cells in table.rows] == ["ann", "bob"]
    assert table.rows[0][1][0].link.startswith("/people/")
    assert table.rows[0][1][2].text == "是"

    exported = _csv(PEOPLE.export(request, PEOPLE.rows(request, request.GET), "csv"))
    assert exported[0] == ["用户名", "姓名", "启用", "备注"]
    assert exported[1] == ["ann", "Ann 王", "是", "'=SUM(A1)"]  # formula injection neutralised

    api = PEOPLE.api_page(request, page=1, page_size=2)
    assert api["count"] == 5 and api["pages"] == 3
    assert api["results"][0] == {"username": "ann", "full_name": "Ann 王", "is_active": True}


def test_filters_and_ordering_apply_to_every_output(people, administrator):
    request = _get(administrator, active="1", sort="-name")
    names = [r["username"] for r in PEOPLE.api_page(request, page_size=10)["results"]]
    assert names == ["eve", "cat", "bob", "ann"]
    exported = _csv(PEOPLE.export(request, PEOPLE.rows(request, request.GET), "csv"))
    assert [row[0] for row in exported[1:]] == ["eve", "cat", "bob"]  # also capped at 3 rows


def test_an_unknown_choice_or_ordering_is_ignored_not_an_error(people, administrator):
    request = _get(administrator, active="maybe", sort="password")
    names = [r["username"] for r in PEOPLE.api_page(request, page_size=10)["results"]]
    assert names == sorted(names) and "dan" in names


def test_the_export_stops_at_the_row_cap(people, administrator):
    request = _get(administrator)
    assert len(_xlsx(PEOPLE.export(request, PEOPLE.rows(request, request.GET), "xlsx"))) == 1 + 3
    uncapped = PEOPLE.variant(max_export_rows=100)
    assert len(_xlsx(uncapped.export(request, uncapped.rows(request, request.GET), "xlsx"))) == 1 + 5


def test_the_list_permission_is_checked_in_every_output(people, make_staff):
    outsider = make_staff("editor", username="zoe")  # editors do not hold core.view_user
    with pytest.raises(PermissionDenied):
        PEOPLE.respond(_get(outsider), "core/staff/user_list.html")
    with pytest.raises(PermissionDenied):
        PEOPLE.api_page(_get(outsider))


def test_a_variant_changes_columns_for_another_audience(people, administrator):
    public = PEOPLE.variant(columns=PEOPLE.columns[:1], permission=None)
    request = _get(administrator)
    assert list(public.api_page(request)["results"][0]) == ["username"]
    assert _csv(public.export(request, public.rows(request, request.GET), "csv"))[0] == ["用户名"]
    assert len(PEOPLE.columns) == 4  # the original declaration is unchanged


def test_the_page_export_and_api_of_the_user_list(people, admin_client):
    url = reverse("core:staff_users")
    page = admin_client.get(url, {"active": "0"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="list-core-users"' in html and "dan" in html and ">eve<" not in html
    assert 'class="table-wrap" role="region" tabindex="0"' in html
    assert "htmx.min.js" in html and "htmx-config.js" in html
    assert "export=xlsx" in html and "active=0" in html
    xlsx = _xlsx(admin_client.get(url, {"active": "0", "export": "xlsx"}))
    assert xlsx[0] == ["用户名", "姓名", "处室", "角色", "启用", "最近登录"]
    assert [row[0] for row in xlsx[1:]] == ["dan"]
    api = admin_client.get("/api/v1/lists/core-users", {"active": "0"}).json()
    assert [row["username"] for row in api["results"]] == ["dan"]
    assert list(api["results"][0]) == ["username", "full_name", "department", "roles", "active", "last_login"]


def test_an_htmx_filter_change_gets_only_the_table(people, admin_client):
    url = reverse("core:staff_users")
    response = admin_client.get(url, {"q": "bob"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-core-users")
    html = response.content.decode()
    assert html.count('id="list-core-users"') == 1 and "<html" not in html and "bob" in html
    assert "ann" not in html
    assert "HX-Request" in response["Vary"]
    full = admin_client.get(url, {"q": "bob"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="elsewhere")
    assert "<html" in full.content.decode()


def test_the_api_twin_needs_the_permission(people, client, make_staff, client_for):
    assert client.get("/api/v1/lists/core-users").status_code == 401
    assert client_for(make_staff("editor", username="zoe")).get("/api/v1/lists/core-users").status_code == 403
    assert client.get("/api/v1/lists/no-such-list").status_code == 404


def test_the_list_index_names_the_lists_a_user_may_read(people, admin_client, client):
    names = {entry["name"] for entry in admin_client.get("/api/v1/lists").json()}
    assert "core-users" in names
    assert "core-users" not in {entry["name"] for entry in client.get("/api/v1/lists").json()}


def test_every_registered_list_has_unique_keys_and_labels():
    lists.autodiscover()
    assert lists.all_registered()
    for declared in lists.all_registered():
        keys = [column.key for column in declared.columns]
        assert len(keys) == len(set(keys)), declared.name
        for column in declared.columns:
            assert str(column.label).strip(), (declared.name, column.key)


# --- per-app regression: the export headings are exactly those of the hand-written exports ------

POLLUTANTS = ["so2", "no2", "co", "o3", "pm10", "pm2_5"]
DAILY_FIELDS = ["so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h_max"]
RESULT = ["AQI", "级别", "类别", "首要污染物", "评价标准"]
EXPORT_HEADINGS = {
    "gongkai.core.user_lists:USERS": ["用户名", "姓名", "处室", "角色", "启用", "最近登录"],
    "gongkai.audit.lists:RECORDS": [
        "序号", "时间", "操作人", "操作", "对象类型", "对象编号", "对象", "修改内容", "修改前", "修改后",
        "IP地址", "哈希", "操作代码", "对象类型代码",
    ],
    "gongkai.applications.lists:CASES": [
        "登记号", "申请人", "申请人类型", "受理渠道", "提交时间", "收到申请之日", "状态", "答复期限",
        "剩余工作日", "经办人", "办理结果", "办结日期",
    ],
    "gongkai.applications.lists:APPEALS": [
        "登记号", "途径", "复议机关或法院", "案号", "收到日期", "结果", "审结日期",
    ],
    "gongkai.disclosure.lists:DOCUMENTS": [
        "索引号", "标题", "文号", "发布机构", "成文日期", "发布日期", "主题分类", "文件类型", "有效性",
        "目录事项", "网址",
    ],
    "gongkai.disclosure.lists:STAFF_DOCUMENTS": [
        "索引号", "标题", "状态", "目录事项", "承办处室", "成文日期", "发布日期", "公开期限", "逾期", "版本",
    ],
    "gongkai.disclosure.lists:TIMELINESS": ["承办处室", "月份", "发布件数", "逾期件数"],
    "gongkai.disclosure.lists:TABLE2": ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    # Issue 21 added the 类别 column beside 级别 (history), IAQI beside each concentration (daily),
    # period validity and units (statistics).
    "gongkai.air.lists:HISTORY": [
        "日期", "站点编码", "站点名称", *DAILY_FIELDS, "AQI", "级别", "类别", "首要污染物", "评价标准",
    ],
    "gongkai.air.lists:OBSERVATIONS": [
        "station", "time", *POLLUTANTS, *(f"{name}_flag" for name in POLLUTANTS), "channel",
    ],
    "gongkai.air.lists:REALTIME": [
        "时间", "类型", "编码", "名称", *POLLUTANTS, *(f"{name}_iaqi" for name in POLLUTANTS),
        "o3_8h", "pm10_24h", "pm2_5_24h", *RESULT,
    ],
    "gongkai.air.lists:DAILY": [
        "日期", "类型", "编码", "名称", *DAILY_FIELDS, *(f"{name}_iaqi" for name in DAILY_FIELDS),
        "AQI", "级别", "级别名称", "类别", "首要污染物", "评价标准",
    ],
    "gongkai.air.lists:STATISTICS": [
        "区域", "起始", "截止", "有效天数", "有效性", "已过天数", "最少有效天数", "优天数", "良天数",
        "轻度污染天数", "中度污染天数", "重度污染天数", "严重污染天数", "优良天数比例(%)",
        "SO2均值(µg/m³)", "NO2均值(µg/m³)", "PM10均值(µg/m³)", "PM2.5均值(µg/m³)", "CO-95per(mg/m³)",
        "O3-8h-90per(µg/m³)", "综合指数",
    ],
}  # fmt: skip


@pytest.mark.parametrize("where", sorted(EXPORT_HEADINGS))
def test_export_headings_are_unchanged(where):
    import importlib

    module, name = where.split(":")
    declared = getattr(importlib.import_module(module), name)
    headings = [str(column.header or column.label) for column in declared.columns_for(lists.EXPORT)]
    assert headings == EXPORT_HEADINGS[where]


def test_the_applicant_list_variants_differ_only_in_the_name_column():
    from gongkai.applications.lists import CASES, CASES_FULL

    assert [c.key for c in CASES.columns] == [c.key for c in CASES_FULL.columns]
    masked = {c.key: c.value for c in CASES.columns}
    full = {c.key: c.value for c in CASES_FULL.columns}
    assert {key for key in masked if masked[key] != full[key]} == {"applicant"}
    assert (masked["applicant"], full["applicant"]) == ("masked_name", "name")


def test_public_lists_hold_no_applicant_data():
    """Nothing that names a person appears in a list anyone can read without a permission."""
    lists.autodiscover()
    personal = {"name", "phone", "id_number", "email", "address", "postal_address"}
    for declared in lists.all_registered():
        if declared.permission is None:
            accessors = {str(c.value or c.key) for c in declared.columns}
            assert not accessors & personal, declared.name


def test_an_empty_result_still_offers_the_export_links(people, admin_client):
    html = admin_client.get(reverse("core:staff_users"), {"q": "nobody-matches-this"}).content.decode()
    assert "没有符合条件的用户。" in html
    assert "export=csv" in html and "export=xlsx" in html


def test_a_filter_value_loses_nul_characters():
    """PostgreSQL refuses NUL in text: a hand-edited ?q=%00 must not become a 500."""
    from gongkai.core.lists import Filter

    assert Filter("q", "关键词", kind="search", search=("name",)).clean({"q": "a\x00b\x00"}) == "ab"
