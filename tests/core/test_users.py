"""Accounts are created and changed by administrators through the console, audited without
passwords, with only the changed fields in the record."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core import services
from gongkai.core.errors import DomainError
from gongkai.core.models import User

pytestmark = pytest.mark.django_db


def test_create_user_then_the_security_administrator_grants_roles_audited_without_the_password(
    administrator, security_administrator, staff_password
):
    user = services.create_user(
        actor=administrator,
        username="zhangsan",
        password=staff_password,
        roles=[],
        full_name="张三",
        department="办公室",
    )
    services.update_user(actor=security_administrator, user=user, roles=["editor", "reviewer"])
    assert user.role_codes == ["editor", "reviewer"]
    assert user.must_change_password
    assert not user.is_staff  # the Django admin is for administrators only
    entry = AuditRecord.objects.get(action="user.create", target_id=str(user.pk))
    assert entry.actor_id == administrator.pk
    assert entry.after_data["roles"] == []
    assert entry.after_data["full_name"] == "张三"
    assert staff_password not in entry.after
    assert "password" not in entry.after_data
    granted = AuditRecord.objects.get(action="user.update", target_id=str(user.pk))
    assert granted.actor_id == security_administrator.pk
    assert granted.after_data == {"roles": ["editor", "reviewer"]}


def test_usernames_are_unique_ignoring_case(administrator, staff_password):
    services.create_user(actor=administrator, username="zhangsan", password=staff_password, roles=[])
    with pytest.raises(DomainError, match="用户名“ZhangSan”已被使用"):
        services.create_user(actor=administrator, username="ZhangSan", password=staff_password, roles=[])


def test_unknown_roles_are_refused(security_administrator, make_staff):
    with pytest.raises(DomainError, match="未知角色：superuser"):
        services.set_roles(actor=security_administrator, user=make_staff("editor"), roles=["superuser"])


def test_only_administrators_create_accounts(make_staff, staff_password):
    with pytest.raises(PermissionDenied):
        services.create_user(actor=make_staff("leader"), username="x1", password=staff_password, roles=[])


def test_update_user_audits_only_what_changed(administrator, security_administrator, make_staff):
    user = make_staff("editor", full_name="王五", department="办公室")
    services.update_user(actor=administrator, user=user, department="法规科")
    services.update_user(actor=security_administrator, user=user, roles=["editor", "leader"])
    details, roles = AuditRecord.objects.filter(action="user.update").order_by("seq")
    assert (details.before_data, details.after_data) == ({"department": "办公室"}, {"department": "法规科"})
    assert (roles.before_data, roles.after_data) == ({"roles": ["editor"]}, {"roles": ["editor", "leader"]})


def test_an_administrator_cannot_deactivate_their_own_account(administrator):
    with pytest.raises(DomainError, match="不能停用自己的账号"):
        services.update_user(
            actor=administrator, user=administrator, roles=["administrator"], is_active=False
        )


def test_only_administrators_reach_the_django_admin(make_staff, administrator, security_administrator):
    assert administrator.is_staff and not security_administrator.is_staff
    leader = make_staff("leader")
    assert not leader.is_staff
    services.update_user(actor=security_administrator, user=leader, roles=["leader", "administrator"])
    leader.refresh_from_db()
    assert leader.is_staff


def test_the_user_form_creates_an_account_and_the_security_administrator_grants_its_role(
    admin_client, security_administrator, client_for, staff_password
):
    response = admin_client.post(
        reverse("core:staff_user_create"),
        {"username": "chenqi", "full_name": "陈七", "roles": ["request_handler"], "password": staff_password},
    )
    assert response.status_code == 302
    chenqi = User.objects.get(username="chenqi")
    assert chenqi.role_codes == []  # the system administrator grants no roles (三员分立)
    response = client_for(security_administrator).post(
        reverse("core:staff_user_edit", args=[chenqi.pk]), {"roles": ["request_handler"]}
    )
    assert response.status_code == 302
    assert User.objects.get(username="chenqi").role_codes == ["request_handler"]


def test_the_user_form_shows_the_password_policy_errors_in_chinese(admin_client):
    response = admin_client.post(
        reverse("core:staff_user_create"),
        {"username": "chenqi", "full_name": "陈七", "roles": ["editor"], "password": "chenqi"},
    )
    assert response.status_code == 200
    assert "密码长度不得少于10位。" in response.text
    assert not User.objects.filter(username="chenqi").exists()


def test_the_edit_form_deactivates_an_account(admin_client, make_staff):
    user = make_staff("editor", full_name="王五")
    response = admin_client.post(
        reverse("core:staff_user_edit", args=[user.pk]), {"full_name": "王五", "roles": ["editor"]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active


def test_the_user_list_filters_and_exports(admin_client, make_staff):
    make_staff("editor", username="wang", full_name="王编辑")
    make_staff("leader", username="sun", full_name="孙局长")
    page = admin_client.get(reverse("core:staff_users"), {"role": "leader"})
    assert [user.username for user in page.context["page"].object_list] == ["sun"]
    export = admin_client.get(reverse("core:staff_users"), {"q": "王", "export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0][:4] == ["用户名", "姓名", "处室", "角色"]
    assert [(row[0], row[3]) for row in rows[1:]] == [("wang", "信息编辑")]


def test_the_leader_reads_the_user_list_but_cannot_create_or_edit(make_staff, client_for):
    client = client_for(make_staff("leader"))
    target = make_staff("editor")
    assert client.get(reverse("core:staff_users")).status_code == 200
    assert client.get(reverse("core:staff_user_create")).status_code == 403
    assert (
        client.post(reverse("core:staff_user_edit", args=[target.pk]), {"full_name": "x"}).status_code == 403
    )


def test_nobody_grants_or_removes_roles_of_their_own_account(
    administrator, security_administrator, make_staff, client_for
):
    me = security_administrator
    with pytest.raises(DomainError) as raised:
        services.set_roles(actor=me, user=me, roles=["security_administrator", "leader"])
    assert raised.value.message == "不得变更自己账号的角色，请由其他管理员办理。"
    with pytest.raises(DomainError):
        services.update_user(actor=me, user=me, roles=[])
    me.refresh_from_db()
    assert me.role_codes == ["security_administrator"]
    # The roles unchanged is fine; another security administrator may grant.
    services.update_user(actor=me, user=me, roles=["security_administrator"])
    colleague = make_staff("security_administrator", username="tongshi")
    services.set_roles(actor=colleague, user=me, roles=["security_administrator", "leader"])
    assert sorted(me.role_codes) == ["leader", "security_administrator"]
    # The system administrator grants no roles at all, his own or others'.
    with pytest.raises(PermissionDenied):
        services.set_roles(actor=administrator, user=make_staff("editor"), roles=["leader"])
    # Through the console form too.
    response = client_for(me).post(
        reverse("core:staff_user_edit", args=[me.pk]),
        {"roles": ["security_administrator", "leader", "editor"]},
    )
    assert response.status_code == 200
    assert "不得变更自己账号的角色" in response.text
