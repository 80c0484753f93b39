"""The audit log read by people (issue #13): Chinese action and object names instead of codes, the
before/after as a field-by-field table (raw JSON only behind 原始数据), filters by person, action,
category, object and date, an export that is itself audited, and the audit permission kept."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit import display, labels
from gongkai.audit.models import AuditRecord
from gongkai.audit.services import record

LIST = reverse("audit:list")


# --- labels ------------------------------------------------------------------------------------


def test_registered_actions_keep_their_registered_name():
    assert labels.label_for("auth.login") == "登录"
    assert labels.label_for("auth.logout") == "退出登录"
    assert labels.label_for("audit.export") == "导出审计日志"


@pytest.mark.parametrize(
    ("action", "target_type", "expected"),
    [
        # A known verb plus the model's verbose_name, read from Django.
        ("disclosure.document.publish", "disclosure.document", "发布公开文件"),
        ("disclosure.document.frobnicate_withdraw", "disclosure.document", "撤回公开文件"),
        # No target type: the model is found from the words of the action.
        ("sources.enterprise_delete", "", "删除排污单位"),
        # No verb: an action named after its object is the save of that record.
        ("enforcement.object", "enforcement.inspectionobject", "编辑检查对象"),
        # Nothing known: the code, rather than a guess.
        ("zz.qux", "", "zz.qux"),
    ],
)
def test_unregistered_actions_get_a_chinese_name_from_verb_and_model(action, target_type, expected):
    labels.ACTION_LABELS.pop(action, None)
    assert labels.label_for(action, target_type) == expected


def test_object_types_and_fields_are_named_by_their_verbose_names():
    assert labels.target_label("disclosure.document") == "公开文件"
    assert labels.target_label("core.page") == "栏目页面"
    assert labels.target_label("list") == "数据列表"
    assert labels.target_label("nothing.known") == "nothing.known"
    assert labels.field_label("core.page", "title") == "标题"
    assert labels.field_label("core.page", "reason") == "理由"  # not a field: the registered name
    assert labels.field_label("core.page", "zzz") == "zzz"


def test_apps_register_labels_for_their_own_actions_targets_and_fields():
    labels.register("test.thing_poke", "戳一下")
    labels.register_target("test.thing", "测试物件")
    labels.register_field("poke_count", "戳的次数")
    try:
        assert labels.label_for("test.thing_poke") == "戳一下"
        assert labels.target_label("test.thing") == "测试物件"
        assert labels.field_label("test.thing", "poke_count") == "戳的次数"
    finally:
        labels.ACTION_LABELS.pop("test.thing_poke")
        labels.TARGET_LABELS.pop("test.thing")
        labels.FIELD_LABELS.pop("poke_count")


# --- the field table -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_field_table_names_fields_and_choices_and_marks_what_changed(make_staff):
    entry = record(
        actor=make_staff("editor"),
        action="page.update",
        target=("core.page", "1", "指南"),
        before={"title": "旧标题", "slug": "guide", "is_active": True},
        after={"title": "新标题", "slug": "rules", "reason": "更正"},
    )
    rows = {row.label: row for row in display.field_changes(entry, masked=False)}
    assert (rows["标题"].before, rows["标题"].after, rows["标题"].changed) == ("旧标题", "新标题", True)
    # A field with choices shows the Chinese name of the stored code.
    assert (rows["标识"].before, rows["标识"].after) == ("政府信息公开指南", "政府信息公开制度")
    assert (rows["启用"].before, rows["启用"].after) == ("是", "—")
    assert (rows["理由"].before, rows["理由"].after, rows["理由"].changed) == ("—", "更正", False)
    text = display.changes_text(entry, masked=False)
    assert "标题：旧标题 → 新标题" in text
    assert "理由：更正" in text


@pytest.mark.django_db
def test_the_field_table_is_masked_for_readers_who_may_not_see_personal_data(make_staff):
    entry = record(
        actor=make_staff("editor"),
        action="test.personal",
        after={"phone": "13912345678", "note": "请致电13912345678"},
    )
    shown = " ".join(f"{row.before} {row.after}" for row in display.field_changes(entry, masked=True))
    assert "13912345678" not in shown
    assert "13912345678" in " ".join(row.after for row in display.field_changes(entry, masked=False))


# --- the page ------------------------------------------------------------------------------------


@pytest.fixture
def trail(make_staff, client_for):
    wang = make_staff("editor", username="wang", full_name="王编辑")
    client_for(wang).logout()  # a real sign-in and sign-out: auth.login and auth.logout
    record(
        actor=wang,
        action="page.update",
        target=("core.page", "1", "政府信息公开指南"),
        before={"title": "旧标题"},
        after={"title": "新标题"},
    )
    record(actor=wang, action="disclosure.document.publish", target=("disclosure.document", "7", "通知"))
    return wang


def test_the_list_shows_chinese_names_and_the_field_table_with_raw_json_behind_a_toggle(
    auditor_client, trail
):
    page = auditor_client.get(LIST, {"actor": "王编辑"})
    assert page.status_code == 200
    text = page.text
    assert "发布公开文件" in text
    assert "公开文件：通知" in text
    assert "栏目页面：政府信息公开指南" in text
    table = text[text.index('id="list-audit-records"') :]
    assert "disclosure.document" not in table.split("</table>")[0].replace('value="disclosure.document"', "")
    assert '<th scope="row">标题</th><td translate="no">旧标题</td><td translate="no">新标题</td>' in table
    # Raw JSON only inside the 原始数据 toggle.
    raw = table.index("原始数据")
    assert table.index("{&quot;title&quot;:&quot;新标题&quot;}") > raw


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "auth"}, ["auth.logout", "auth.login"]),
        ({"kind": "work"}, ["disclosure.document.publish", "page.update"]),
        ({"action": "auth.logout"}, ["auth.logout"]),
        ({"target_type": "disclosure.document"}, ["disclosure.document.publish"]),
        ({"target": "指南"}, ["page.update"]),
        ({"target": "7"}, ["disclosure.document.publish"]),
        ({"actor": "nobody"}, []),
    ],
)
def test_filters_by_category_action_object_and_person(auditor_client, trail, query, expected):
    response = auditor_client.get(LIST, {"actor": "wang", **query})
    assert [entry.action for entry in response.context["page"].object_list] == expected


def test_the_filter_choices_are_chinese(auditor_client, trail):
    table = auditor_client.get(LIST).context["table"]
    choices = {declared.name: dict(declared.options()) for declared, _value in table.filters}
    assert choices["target_type"]["disclosure.document"] == "公开文件"
    assert choices["action"]["disclosure.document.publish"] == "发布公开文件"
    assert choices["action"]["auth.login"] == "登录"
    assert str(choices["kind"]["auth"]) == "登录、退出与登录失败"


def test_the_export_is_readable_and_is_itself_audited(auditor_client, trail):
    before = AuditRecord.objects.filter(action="audit.export").count()
    response = auditor_client.get(LIST, {"actor": "wang", "kind": "work", "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["操作"], row["对象类型"], row["对象"]) for row in rows] == [
        ("发布公开文件", "公开文件", "通知"),
        ("修改栏目页面", "栏目页面", "政府信息公开指南"),
    ]
    assert rows[1]["修改内容"] == "标题：旧标题 → 新标题"
    assert rows[1]["操作代码"] == "page.update"
    exported = AuditRecord.objects.filter(action="audit.export").order_by("-seq")
    assert exported.count() == before + 1
    assert exported[0].actor_name.startswith("审计管理员")
    assert exported[0].after_data == {"output": "csv", "filters": {"actor": "wang", "kind": "work"}}
    xlsx = auditor_client.get(LIST, {"kind": "auth", "actor": "wang", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["退出登录", "登录"]
    assert AuditRecord.objects.filter(action="audit.export").count() == before + 2
    # The export record itself reads as "导出审计日志" on the page.
    assert "导出审计日志" in auditor_client.get(LIST, {"kind": "export"}).text


@pytest.mark.parametrize("role", ["administrator", "security_administrator", "editor", "request_handler"])
def test_others_cannot_export_and_leave_no_export_record(make_staff, client_for, role):
    client = client_for(make_staff(role))
    assert client.get(LIST, {"export": "csv"}).status_code == 403
    assert client.get(LIST, {"kind": "auth"}).status_code == 403
    assert not AuditRecord.objects.filter(action="audit.export").exists()
