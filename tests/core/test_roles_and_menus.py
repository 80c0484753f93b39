"""Roles (岗位角色) are groups with exactly the permissions the code grants; the staff console's menu
shows a role exactly what it may use, and every staff URL refuses everybody else."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from gongkai.core import menu
from gongkai.core.demo import DEMO_PASSWORD
from gongkai.core.models import User
from gongkai.core.roles import CONSOLE, ROLE_PERMISSIONS, Role, sync_roles

from .staff_urls import staff_url_patterns, staff_urls

pytestmark = pytest.mark.django_db

ADMIN, SECURITY, AUDITOR, EDITOR, REVIEWER, LEGAL, HANDLER, DATA, ENFORCER, LEADER = (
    "administrator",
    "security_administrator",
    "audit_administrator",
    "editor",
    "reviewer",
    "legal_reviewer",
    "request_handler",
    "data_officer",
    "enforcement_officer",
    "leader",
)
ALL_ROLES = (ADMIN, SECURITY, AUDITOR, EDITOR, REVIEWER, LEGAL, HANDLER, DATA, ENFORCER, LEADER)
FOUNDATION_APPS = ("core", "audit", "workcalendar")

# The platform's own permissions per role (domain apps add theirs with roles.grant).
FOUNDATION_PERMISSIONS = {
    ADMIN: {
        CONSOLE,
        "core.add_user",
        "core.change_user",
        "core.view_user",
        "core.change_organisation",
        "core.view_organisation",
        "core.change_page",
        "core.view_page",
        "core.view_notification",  # granted by interaction (通知发送记录)
        "workcalendar.change_calendaryear",
        "workcalendar.view_calendaryear",
    },
    # 三员分立: roles and lockouts; the audit log alone.
    SECURITY: {CONSOLE, "core.view_user", "core.assign_roles"},  # and axes' lockout permissions
    AUDITOR: {CONSOLE, "audit.view_auditrecord"},
    EDITOR: {CONSOLE, "core.change_page", "core.view_page", "core.view_notification"},  # (interaction)
    REVIEWER: {CONSOLE},
    LEGAL: {CONSOLE},
    HANDLER: {CONSOLE, "workcalendar.view_calendaryear"},
    DATA: {CONSOLE},
    ENFORCER: {CONSOLE},
    LEADER: {
        CONSOLE,
        "audit.view_auditrecord",
        "core.view_user",
        "core.view_organisation",
        "workcalendar.view_calendaryear",
    },
}

EVERYONE = set(ALL_ROLES)

# Who may open each staff page of the platform (the menu entries are a subset of these).
FOUNDATION_ACCESS = {
    "core:staff_home": EVERYONE,
    "core:staff_users": {ADMIN, SECURITY, LEADER},
    "core:staff_user_create": {ADMIN},
    "core:staff_user_edit": {ADMIN, SECURITY},
    "core:staff_user_reset_password": {ADMIN},
    "core:staff_organisation": {ADMIN, LEADER},
    "core:staff_lockouts": {SECURITY},
    "core:staff_lockout_lift": {SECURITY},
    "core:staff_pages": {ADMIN, EDITOR},
    "core:staff_page_edit": {ADMIN, EDITOR},
    "audit:list": {AUDITOR, LEADER},
    "audit:mine": EVERYONE,
    "workcalendar:years": {ADMIN, HANDLER, LEADER},
    "workcalendar:year_new": {ADMIN},
    "workcalendar:year_edit": {ADMIN},
    "workcalendar:import_package": {ADMIN},
    "workcalendar:year_grid": {ADMIN, HANDLER, LEADER},  # viewers see the 年历; only ADMIN marks (POST)
}

BASIC_MENU = {"core:staff_home", "core:password_change", "audit:mine"}
FOUNDATION_MENU = {
    ADMIN: BASIC_MENU
    | {
        "core:staff_pages",
        "core:staff_users",
        "core:staff_organisation",
        "workcalendar:years",
    },
    SECURITY: BASIC_MENU | {"core:staff_users", "core:staff_lockouts"},
    AUDITOR: BASIC_MENU | {"audit:list"},
    EDITOR: BASIC_MENU | {"core:staff_pages"},
    REVIEWER: BASIC_MENU,
    LEGAL: BASIC_MENU,
    HANDLER: BASIC_MENU | {"workcalendar:years"},
    DATA: BASIC_MENU,
    ENFORCER: BASIC_MENU,
    LEADER: BASIC_MENU | {"core:staff_users", "core:staff_organisation", "audit:list", "workcalendar:years"},
}


def codes(permissions) -> set[str]:
    return {f"{permission.content_type.app_label}.{permission.codename}" for permission in permissions}


def group_permissions(role: str) -> set[str]:
    return codes(Group.objects.get(name=role).permissions.select_related("content_type"))


def is_foundation(name: str) -> bool:
    return name.split(".")[0].split(":")[0] in FOUNDATION_APPS


# --- roles ------------------------------------------------------------------------------------


def test_there_are_exactly_the_ten_roles():
    assert set(Role.values) == set(ALL_ROLES)
    assert set(Group.objects.values_list("name", flat=True)) >= set(ALL_ROLES)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_holds_exactly_the_permissions_the_code_grants(role):
    assert group_permissions(role) == ROLE_PERMISSIONS[role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_platform_permissions_of_each_role(role):
    assert {code for code in group_permissions(role) if is_foundation(code)} == FOUNDATION_PERMISSIONS[role]


def hand_edit_the_editor_group() -> None:
    editor = Group.objects.get(name=EDITOR)
    editor.permissions.add(Permission.objects.get(content_type__app_label="core", codename="add_user"))
    editor.permissions.remove(Permission.objects.get(content_type__app_label="core", codename="change_page"))
    assert "core.add_user" in group_permissions(EDITOR)


def test_sync_roles_undoes_hand_edits_of_a_group():
    hand_edit_the_editor_group()
    sync_roles()
    assert group_permissions(EDITOR) == ROLE_PERMISSIONS[EDITOR]


def test_roles_are_synced_after_every_migrate():
    """post_migrate is sent only for apps with models; the sync must not wait for an app without."""
    hand_edit_the_editor_group()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert group_permissions(EDITOR) == ROLE_PERMISSIONS[EDITOR]


# --- the menu ---------------------------------------------------------------------------------

MENU_LINK = re.compile(r'data-menu="([^"]+)"')


# The demo accounts sign in and their menus are checked in test_demo_data.py, which loads the
# demo data once for its module.


def menu_problems(account) -> dict:
    """Sign in as a demo account through the login form; what is wrong with its menu, if anything."""
    client = Client()
    signed_in = client.post(reverse("core:login"), {"username": account.username, "password": DEMO_PASSWORD})
    if signed_in.status_code != 302:
        return {"login": signed_in.status_code}
    response = client.get(reverse("core:staff_home"))
    shown = set(MENU_LINK.findall(response.text))
    user = response.wsgi_request.user
    registered = {entry.url_name: entry.permission for entry in menu._entries}
    permitted = {name for name, permission in registered.items() if user.has_perm(permission)}
    problems = {
        # The platform's entries: exactly the table above.
        "platform entries": ({name for name in shown if is_foundation(name)}, FOUNDATION_MENU[account.role]),
        # Every entry, the domain apps' too: shown exactly when the role holds its permission.
        "all entries": (shown, permitted),
        # The platform's entries shown can be opened (the domain apps': see the test below).
        "refused": (
            {name for name in shown if is_foundation(name) and client.get(reverse(name)).status_code != 200},
            set(),
        ),
    }
    return {what: pair for what, pair in problems.items() if pair[0] != pair[1]}


# --- every staff URL --------------------------------------------------------------------------


def test_every_staff_url_is_guarded_by_a_permission():
    unguarded = [
        name for name, _pattern, view in staff_url_patterns() if not hasattr(view, "staff_permission")
    ]
    assert unguarded == []


def test_the_platform_staff_urls_are_the_ones_in_the_access_table():
    names = {name for name, _pattern, _view in staff_url_patterns()}
    assert {name for name in names if is_foundation(name)} == set(FOUNDATION_ACCESS)


def test_every_menu_entry_leads_to_a_view_its_permission_opens():
    """A role that sees an entry (holds entry.permission) passes the view's own check."""
    mismatched = {}
    for entry in menu._entries:
        view = resolve(reverse(entry.url_name)).func
        required = getattr(view, "staff_permission", None)
        if required is not None and required not in {entry.permission, CONSOLE}:
            mismatched[entry.url_name] = (entry.permission, required)
    assert mismatched == {}


def status_for(user, client: Client, name: str, url: str) -> int:
    """The platform's pages through the whole stack; a domain app's views called directly (the
    permission check comes first, so middleware and templates add nothing there but time)."""
    if is_foundation(name):
        return client.get(url).status_code
    request = RequestFactory().get(url)
    request.user = user
    match = resolve(url)
    try:
        return match.func(request, *match.args, **match.kwargs).status_code
    except PermissionDenied:
        return 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_staff_url_refuses_roles_without_its_permission(make_staff, client_for, role):
    target = make_staff(EDITOR, username="target")
    user = make_staff(role)
    client = client_for(user)
    wrong = {}
    for name, url, permission in staff_urls(user_pk=target.pk):
        if is_foundation(name):
            allowed = role in FOUNDATION_ACCESS[name]
        else:
            allowed = user.has_perm(CONSOLE) and user.has_perm(permission)
            if allowed:
                continue  # a domain app's own tests show its pages to its roles; here: refusals
        status = status_for(user, client, name, url)
        # Allowed: the page, a redirect, or 405 for POST-only actions; never 403.
        if (status == 403) == allowed or status >= 500:
            wrong[name] = status
    assert wrong == {}


def test_every_staff_url_sends_anonymous_visitors_to_the_login_page(db):
    client = Client()
    login = reverse("core:login")
    wrong = {}
    for name, url, _permission in staff_urls(user_pk=1):
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith(f"{login}?next="):
            wrong[name] = response.status_code
    assert wrong == {}


def test_a_signed_in_account_without_a_role_cannot_enter_the_console(make_staff, client_for):
    user = make_staff()  # an account with no role at all
    client = client_for(user)
    statuses = {name: status_for(user, client, name, url) for name, url, _permission in staff_urls(user_pk=1)}
    assert {name: status for name, status in statuses.items() if status != 403} == {}


# --- 三员分立 (issue 11) ---------------------------------------------------------------------


def test_the_three_administrators_are_separate(make_staff):
    """The system administrator reads neither applicants' identity data nor the audit log and grants
    no roles; the security administrator grants roles and lifts lockouts but reads no content; the
    audit administrator reads the audit log and nothing else."""
    system, security, auditor = make_staff(ADMIN), make_staff(SECURITY), make_staff(AUDITOR)
    assert not system.has_perm("audit.view_auditrecord") and not system.has_perm("core.assign_roles")
    assert not system.has_perm("applications.view_applicant")
    assert not system.has_perm("applications.export_archive")
    assert not system.has_perm("axes.delete_accessattempt")
    assert security.has_perm("core.assign_roles") and security.has_perm("axes.delete_accessattempt")
    assert not security.has_perm("audit.view_auditrecord") and not security.has_perm("core.change_user")
    assert auditor.get_all_permissions() == {CONSOLE, "audit.view_auditrecord"}
    for role in (SECURITY, AUDITOR):
        assert {code.split(".")[0] for code in ROLE_PERMISSIONS[role]} <= {"core", "audit", "axes"}


def test_only_the_security_administrator_grants_roles_and_never_to_themselves(make_staff):
    from gongkai.core import services
    from gongkai.core.errors import DomainError

    system, security = make_staff(ADMIN), make_staff(SECURITY, username="anquan")
    other = make_staff(SECURITY, username="anquan2")
    # the system administrator creates the account, without roles …
    with pytest.raises(PermissionDenied):
        services.create_user(actor=system, username="new", password="Hj#2026-qwXz!", roles=[EDITOR])
    user = services.create_user(actor=system, username="new", password="Hj#2026-qwXz!", roles=[])
    assert user.role_codes == []
    with pytest.raises(PermissionDenied):
        services.update_user(actor=system, user=user, roles=[EDITOR])
    # … edits its details without touching its roles …
    services.update_user(actor=system, user=user, full_name="新同事")
    # … and the security administrator grants the role, but cannot edit the details
    services.update_user(actor=security, user=user, roles=[EDITOR])
    assert User.objects.get(pk=user.pk).role_codes == [EDITOR]
    with pytest.raises(PermissionDenied):
        services.update_user(actor=security, user=user, full_name="改名")
    with pytest.raises(DomainError, match="自己账号"):
        services.update_user(actor=security, user=security, roles=[SECURITY, LEADER])
    services.update_user(actor=other, user=security, roles=[SECURITY, LEADER])  # another one may
    # one person holds one of the three administrator roles at most
    with pytest.raises(DomainError, match="不同人员"):
        services.update_user(actor=other, user=user, roles=[ADMIN, AUDITOR])


def test_the_account_form_shows_each_administrator_their_part(make_staff, client_for):
    system, security = make_staff(ADMIN), make_staff(SECURITY)
    target = make_staff(EDITOR, username="target")
    url = reverse("core:staff_user_edit", args=[target.pk])
    page = client_for(system).get(url).content.decode()
    assert 'name="full_name"' in page and 'name="roles"' not in page and "重置密码" in page
    page = client_for(security).get(url).content.decode()
    assert 'name="roles"' in page and 'name="full_name"' not in page and "重置密码" not in page
    client_for(security).post(url, {"roles": [REVIEWER]})
    assert User.objects.get(pk=target.pk).role_codes == [REVIEWER]
    assert User.objects.get(pk=target.pk).full_name == target.full_name
    create = client_for(system).get(reverse("core:staff_user_create")).content.decode()
    assert 'name="roles"' not in create and "安全管理员" in create
