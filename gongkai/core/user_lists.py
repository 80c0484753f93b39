"""Core's declared lists: the staff accounts (用户管理)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import EXPORT, HTML, Column, DeclaredList, Filter, register
from gongkai.core.models import User
from gongkai.core.roles import Role, role_label


def _users(request, params):
    return User.objects.prefetch_related("groups").order_by("username")


def _role_tags(codes: list[str]):
    # In the order of the roles' declaration, as the role filter lists them.
    return format_html_join(
        "", '<span class="tag">{}</span>', ((label,) for code, label in Role.choices if code in codes)
    )


USERS = register(
    DeclaredList(
        name="core-users",
        source=_users,
        columns=(
            Column(
                "username",
                _("用户名"),
                link=lambda u: reverse("core:staff_user_edit", args=[u.pk]),
                link_permission="core.change_user",
            ),
            Column("full_name", _("姓名")),
            Column("department", _("处室")),
            Column(
                "roles",
                _("角色"),
                "role_codes",
                html=_role_tags,
                export=lambda codes: "、".join(role_label(code) for code in codes),
            ),
            Column(
                "is_active",
                _("状态"),
                html=lambda active: _("启用") if active else _("停用"),
                only=frozenset({HTML}),
            ),
            Column("active", _("启用"), "is_active", only=frozenset({EXPORT, "api"})),
            Column("last_login", _("最近登录")),
        ),
        filters=(
            Filter("q", _("关键词"), kind="search", search=("username", "full_name", "department")),
            Filter("role", _("角色"), choices=Role.choices, lookup="groups__name"),
            Filter(
                "active",
                _("状态"),
                choices=(("1", _("启用")), ("0", _("停用"))),
                apply=lambda users, value: users.filter(is_active=value == "1"),
            ),
        ),
        permission="core.view_user",
        filename="users",
        empty=_("没有符合条件的用户。"),
        caption=_("用户"),
    )
)
