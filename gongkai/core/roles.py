"""Staff roles (岗位角色) as Django groups with exactly these permissions.

`sync_roles` runs after every migrate, so a role's permissions are whatever the code says:
the platform's own below, and each domain app's added with `grant` in its AppConfig.ready."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # 三员分立 (GB/T 22239-2019 level 3, 8.1.4.2: 管理用户的权限分离): the
    # system administrator runs the system and its accounts, the security administrator grants roles
    # and handles lockouts, the audit administrator reads the audit log — and only that.
    ADMINISTRATOR = "administrator", _("系统管理员")
    SECURITY_ADMINISTRATOR = "security_administrator", _("安全管理员")
    AUDIT_ADMINISTRATOR = "audit_administrator", _("审计管理员")
    EDITOR = "editor", _("信息编辑")
    REVIEWER = "reviewer", _("保密审查员")
    LEGAL_REVIEWER = "legal_reviewer", _("法制审核员")
    REQUEST_HANDLER = "request_handler", _("依申请公开经办人")
    DATA_OFFICER = "data_officer", _("监测数据管理员")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("执法人员")
    LEADER = "leader", _("分管领导")


CONSOLE = "core.access_staff_console"
ASSIGN_ROLES = "core.assign_roles"
AUDIT_LOG = "audit.view_auditrecord"
ADMINISTRATOR_ROLES = (Role.ADMINISTRATOR, Role.SECURITY_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR)

ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.ADMINISTRATOR: {
        CONSOLE,
        "core.add_user",
        "core.change_user",
        "core.view_user",
        "core.change_organisation",
        "core.view_organisation",
        "core.change_page",
        "core.view_page",
        "workcalendar.change_calendaryear",
        "workcalendar.view_calendaryear",
    },
    # Roles, lockouts and the accounts' security state; no content, no casework, no audit log.
    Role.SECURITY_ADMINISTRATOR: {
        CONSOLE,
        "core.view_user",
        ASSIGN_ROLES,
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    },
    # The audit log and nothing else.
    Role.AUDIT_ADMINISTRATOR: {CONSOLE, AUDIT_LOG},
    Role.EDITOR: {CONSOLE, "core.change_page", "core.view_page"},
    Role.REVIEWER: {CONSOLE},
    Role.LEGAL_REVIEWER: {CONSOLE},
    Role.REQUEST_HANDLER: {CONSOLE, "workcalendar.view_calendaryear"},
    Role.DATA_OFFICER: {CONSOLE},
    Role.ENFORCEMENT_OFFICER: {CONSOLE},
    Role.LEADER: {
        CONSOLE,
        "audit.view_auditrecord",
        "core.view_user",
        "core.view_organisation",
        "workcalendar.view_calendaryear",
    },
}


def grant(role: str, *permissions: str) -> None:
    """A domain app gives a role its permissions (call from AppConfig.ready). The security and audit
    administrators take none: their duties are the platform's own (三员分立)."""
    if role in (Role.SECURITY_ADMINISTRATOR, Role.AUDIT_ADMINISTRATOR):
        raise ValueError(f"the {role} role takes no domain permissions (separation of duties)")
    ROLE_PERMISSIONS[role].update(permissions)


def sync_roles(*, using: str = "default") -> None:
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        permissions = []
        for code in sorted(codes):
            app_label, codename = code.split(".")
            permissions.append(
                Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def sync_roles_after_migrate(sender, using="default", **kwargs) -> None:
    # post_migrate fires once per app that has a models module (apps without one get no signal);
    # sync after the last of them so that every permission exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.name == with_models[-1].name:
        sync_roles(using=using)


def role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code
