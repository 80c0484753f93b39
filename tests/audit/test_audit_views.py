"""Browsing the audit trail: staff with audit.view_auditrecord filter, page and export it;
everyone in the console sees their own records under 我的操作记录."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit import services as audit_services
from gongkai.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

LIST = reverse("audit:list")
MINE = reverse("audit:mine")


@pytest.fixture
def record_at():
    """`record_at(when, **record_kwargs)`: append a real, correctly chained record at a given time."""

    def append(when: datetime, **kwargs):
        with patch.object(audit_services, "timezone", SimpleNamespace(now=lambda: when)):
            return audit_services.record(**kwargs)

    return append


@pytest.fixture
def trail(record_at, make_staff):
    """Records by two people over three Beijing days."""
    wang = make_staff("editor", username="wang", full_name="王编辑")
    li = make_staff("reviewer", username="li", full_name="李审查")
    record_at(
        datetime(2026, 3, 1, 2, 0, tzinfo=UTC),
        actor=wang,
        action="page.update",
        target=("core.page", "1", "指南"),
    )
    # 23:30 UTC on 03-01 is 07:30 on 03-02 in Beijing: the filter uses Beijing dates.
    record_at(
        datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
        actor=li,
        action="user.update",
        target=("core.user", "2", "李审查"),
    )
    record_at(
        datetime(2026, 3, 3, 4, 0, tzinfo=UTC),
        actor=wang,
        action="page.update",
        target=("core.page", "2", "制度"),
        ip="192.0.2.44",
    )
    return SimpleNamespace(wang=wang, li=li)


def listed(response) -> list[tuple[str, str]]:
    return [(entry.actor_name, entry.target_repr) for entry in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"actor": "王编辑"}, [("王编辑（wang）", "制度"), ("王编辑（wang）", "指南")]),
        ({"actor": "wang", "action": "page.update", "q": "制度"}, [("王编辑（wang）", "制度")]),
        ({"action": "user.update"}, [("李审查（li）", "李审查")]),
        ({"since": "2026-03-02", "until": "2026-03-02"}, [("李审查（li）", "李审查")]),
        ({"since": "2026-03-02", "target_type": "core.page"}, [("王编辑（wang）", "制度")]),
        ({"until": "2026-03-01", "action": "page"}, [("王编辑（wang）", "指南")]),  # action prefix
        ({"q": "192.0.2.44"}, [("王编辑（wang）", "制度")]),  # an IP address in the text box
    ],
)
def test_the_list_filters_by_actor_action_type_dates_and_text(auditor_client, trail, query, expected):
    response = auditor_client.get(LIST, query)
    assert response.status_code == 200
    assert response.context["errors"] == []
    assert listed(response) == expected


def test_a_malformed_date_is_reported_in_chinese_and_not_applied(auditor_client, trail):
    response = auditor_client.get(LIST, {"since": "2026/03/02", "actor": "wang"})
    assert response.status_code == 200
    assert "日期“2026/03/02”格式不正确，应为YYYY-MM-DD。" in response.text
    assert len(listed(response)) == 2


def test_the_list_is_paginated_by_fifty_and_keeps_the_filter(auditor_client, record_at):
    when = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    for number in range(60):
        record_at(when, actor=None, action="test.bulk", target=("test.thing", str(number), f"第{number}件"))
    first = auditor_client.get(LIST, {"action": "test.bulk"})
    assert first.context["page"].paginator.count == 60
    assert len(first.context["page"].object_list) == 50
    assert listed(first)[0][1] == "第59件"  # newest first
    assert "action=test.bulk&amp;page=2" in first.text
    second = auditor_client.get(LIST, {"action": "test.bulk", "page": 2})
    assert [target for _actor, target in listed(second)] == [f"第{number}件" for number in range(9, -1, -1)]


def test_csv_export_holds_exactly_the_filtered_records(auditor_client, trail):
    response = auditor_client.get(LIST, {"actor": "wang", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel on Chinese Windows reads UTF-8
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["序号", "时间", "操作人", "操作"]
    assert [(row[2], row[3], row[6]) for row in rows[1:]] == [
        ("王编辑（wang）", "修改栏目页面", "制度"),
        ("王编辑（wang）", "修改栏目页面", "指南"),
    ]
    assert rows[1][1] == "2026-03-03 12:00:00"  # Beijing time


def test_xlsx_export_holds_exactly_the_filtered_records(auditor_client, trail):
    response = auditor_client.get(LIST, {"since": "2026-03-02", "until": "2026-03-02", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "序号"
    assert len(rows) == 2
    assert (rows[1][2], rows[1][3], rows[1][6]) == ("李审查（li）", "修改用户", "李审查")


@pytest.mark.parametrize(
    "role",
    [
        "administrator",  # 三员分立: the system administrator does not read the audit log
        "security_administrator",
        "editor",
        "reviewer",
        "legal_reviewer",
        "request_handler",
        "data_officer",
        "enforcement_officer",
    ],
)
def test_roles_without_the_audit_permission_cannot_browse_or_export(make_staff, client_for, role):
    client = client_for(make_staff(role))
    assert client.get(LIST).status_code == 403
    assert client.get(LIST, {"export": "csv"}).status_code == 403
    assert client.get(LIST, {"export": "xlsx"}).status_code == 403


def test_the_leader_may_browse_the_audit_trail(make_staff, client_for, trail):
    response = client_for(make_staff("leader")).get(LIST, {"actor": "li"})
    assert response.status_code == 200
    assert listed(response) == [("李审查（li）", "李审查")]


def test_my_records_shows_only_my_own_even_when_filtering_for_others(client_for, trail):
    client = client_for(trail.li)  # a reviewer: no audit permission, but a console user
    own = client.get(MINE)
    assert own.status_code == 200
    assert {actor for actor, _target in listed(own)} == {"李审查（li）"}
    assert ("李审查（li）", "李审查") in listed(own)
    assert listed(client.get(MINE, {"actor": "wang"})) == []
    exported = client.get(MINE, {"export": "csv"}).content.decode("utf-8")
    assert "王编辑" not in exported
    assert "李审查" in exported


def test_anonymous_visitors_are_sent_to_the_login_page():
    from django.test import Client

    for url in (LIST, MINE):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


def test_my_records_lists_the_login_that_opened_the_session(client_for, make_staff):
    user = make_staff("data_officer")
    client = client_for(user)  # force_login sends user_logged_in: audited as auth.login
    actions = [entry.action for entry in client.get(MINE).context["page"].object_list]
    assert actions == ["auth.login"]
    assert AuditRecord.objects.filter(actor_id=user.pk).count() == 1
