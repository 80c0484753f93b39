"""State changes of the platform base: accounts, organisation settings, column pages."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require
from gongkai.core.models import Organisation, Page, User
from gongkai.core.roles import ADMINISTRATOR_ROLES, ASSIGN_ROLES, Role
from gongkai.core.sanitize import clean_html

USER_FIELDS = ["username", "full_name", "department", "phone", "email", "is_active", "must_change_password"]


def _password_errors(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from None


@transaction.atomic
def create_user(
    *,
    actor,
    username: str,
    password: str,
    roles: list[str],
    full_name: str = "",
    department: str = "",
    phone: str = "",
    email: str = "",
    must_change_password: bool = True,
) -> User:
    """The system administrator creates a staff account; its first login forces a password change.
    Roles given here need the security administrator's permission (三员分立): a system administrator
    creates the account without roles and the security administrator grants them."""
    if actor is not None:
        require(actor, "core.add_user")
        if roles:
            require(actor, ASSIGN_ROLES)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("用户名“%(u)s”已被使用。") % {"u": username}, field="username")
    user = User(
        username=username,
        full_name=full_name,
        department=department,
        phone=phone,
        email=email,
        must_change_password=must_change_password,
    )
    _password_errors(password, user)
    user.set_password(password)
    user.save()
    set_roles(actor=actor, user=user, roles=roles, audit_it=False)
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        after={**audit.model_snapshot(user, USER_FIELDS), "roles": sorted(roles)},
    )
    return user


@transaction.atomic
def update_user(*, actor, user: User, roles: list[str] | None = None, **fields) -> User:
    """The account's details (system administrator, core.change_user) and its roles (security
    administrator, core.assign_roles); ``roles=None`` leaves the roles as they are."""
    if fields:
        require(actor, "core.change_user")
    if roles is None:
        roles = user.role_codes
    if user.pk == actor.pk and "is_active" in fields and not fields["is_active"]:
        raise DomainError(_("不能停用自己的账号。"))
    before = {**audit.model_snapshot(user, USER_FIELDS), "roles": user.role_codes}
    for name, value in fields.items():
        if name not in USER_FIELDS or name == "username":
            raise DomainError(_("字段“%(f)s”不可修改。") % {"f": name})
        setattr(user, name, value)
    user.save()
    set_roles(actor=actor, user=user, roles=roles, audit_it=False)
    after = {**audit.model_snapshot(user, USER_FIELDS), "roles": sorted(roles)}
    audit.record_change(actor=actor, action="user.update", target=user, before=before, after=after)
    return user


def set_roles(*, actor, user: User, roles: list[str], audit_it: bool = True) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise DomainError(_("未知角色：%(r)s") % {"r": "、".join(sorted(unknown))})
    before = user.role_codes
    changed = sorted(roles) != sorted(before)
    if len(set(roles) & {role.value for role in ADMINISTRATOR_ROLES}) > 1:
        raise DomainError(
            _("系统管理员、安全管理员和审计管理员须由不同人员担任，一个账号只能担任其中一种（三员分立）。"),
            field="roles",
        )
    # 三员分立 (GB/T 22239-2019 level 3, 8.1.4.2: 权限分离): only the security administrator grants
    # or removes roles, and nobody those of their own account; another administrator must.
    if actor is not None and changed:
        require(actor, ASSIGN_ROLES)
    if actor is not None and actor.pk == user.pk and changed:
        raise DomainError(_("不得变更自己账号的角色，请由其他管理员办理。"), field="roles")
    user.groups.set(Group.objects.filter(name__in=roles))
    # Only administrators reach the Django admin (reference data).
    is_staff = Role.ADMINISTRATOR.value in roles or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    if audit_it:
        audit.record(actor=actor, action="user.roles", target=user, before=before, after=sorted(roles))


@transaction.atomic
def reset_password(*, actor, user: User, new_password: str) -> None:
    """An administrator sets a temporary password; the user must change it at next login."""
    require(actor, "core.change_user")
    _password_errors(new_password, user)
    user.set_password(new_password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=actor, action="user.reset_password", target=user)


@transaction.atomic
def change_own_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise DomainError(_("原密码不正确。"), field="old_password")
    if old_password == new_password:
        raise DomainError(_("新密码不能与原密码相同。"), field="new_password1")
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="new_password1") from None
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit.record(actor=user, action="auth.password_change", target=user)


ORGANISATION_FIELDS = [
    field.name for field in Organisation._meta.concrete_fields if field.name not in {"id", "updated_at"}
]


@transaction.atomic
def update_organisation(*, actor, **fields) -> Organisation:
    require(actor, "core.change_organisation")
    organisation = Organisation.current()
    before = audit.model_snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise DomainError(_("字段“%(f)s”不可修改。") % {"f": name})
        setattr(organisation, name, value)
    try:
        organisation.full_clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from None
    organisation.save()
    audit.record_change(
        actor=actor,
        action="organisation.update",
        target=organisation,
        before=before,
        after=audit.model_snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def update_page(*, actor, page: Page, title: str, body: str) -> Page:
    require(actor, "core.change_page")
    if not title.strip():
        raise DomainError(_("标题不能为空。"), field="title")
    before = {"title": page.title, "body": page.body}
    page.title = title.strip()
    page.body = clean_html(body)
    page.updated_by = actor
    page.save()
    audit.record(
        actor=actor,
        action="page.update",
        target=page,
        before=before,
        after={"title": page.title, "body": page.body},
    )
    return page


LOCKOUT_PERMISSION = "axes.delete_accessattempt"


@transaction.atomic
def lift_lockout(*, actor, attempt) -> None:
    """An administrator lifts a sign-in lockout of one (username, address) before its cool-off
    ends (GB/T 22239-2019 level 3, 8.1.4.1 b); the failures are forgotten and the act audited."""
    require(actor, LOCKOUT_PERMISSION)
    before = {
        "username": attempt.username,
        "ip_address": attempt.ip_address,
        "failures": attempt.failures_since_start,
        "last_failure": attempt.attempt_time.isoformat(),
    }
    target = ("axes.accessattempt", attempt.pk, f"{attempt.username} @ {attempt.ip_address}")
    attempt.delete()
    audit.record(actor=actor, action="auth.lockout_lift", target=target, before=before)
