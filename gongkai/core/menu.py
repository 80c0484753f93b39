"""The staff console menu (工作台菜单). Each app registers its entries with the permission that
guards the view; a user sees an entry only when holding that permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    section: str | Promise
    label: str | Promise
    url_name: str
    permission: str
    order: int = 100


_entries: list[MenuEntry] = []


def register(entry: MenuEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def entries_for(user) -> list[MenuEntry]:
    if not user.is_authenticated:
        return []
    return sorted(
        (entry for entry in _entries if user.has_perm(entry.permission)), key=lambda entry: entry.order
    )


def register_core_entries() -> None:
    console = "core.access_staff_console"
    register(MenuEntry(_("工作台"), _("首页"), "core:staff_home", console, order=0))
    register(MenuEntry(_("网站内容"), _("栏目页面"), "core:staff_pages", "core.change_page", order=200))
    register(MenuEntry(_("系统管理"), _("用户管理"), "core:staff_users", "core.view_user", order=900))
    register(
        MenuEntry(_("系统管理"), _("登录锁定"), "core:staff_lockouts", "axes.view_accessattempt", order=905)
    )
    register(
        MenuEntry(_("系统管理"), _("机构信息"), "core:staff_organisation", "core.view_organisation", 910)
    )
    register(MenuEntry(_("个人"), _("修改密码"), "core:password_change", console, order=1000))


@dataclass(frozen=True)
class PublicSection:
    """A top-level section of the public site; the navigation lists only registered ones."""

    label: str | Promise
    url_name: str
    order: int = 100
    # Words a citizen may search for when they mean this section (site-wide search offers it first).
    keywords: tuple[str | Promise, ...] = ()


_sections: list[PublicSection] = []


def register_public_section(section: PublicSection) -> None:
    if section not in _sections:
        _sections.append(section)


def public_sections() -> list[PublicSection]:
    return sorted(_sections, key=lambda section: section.order)


def sections_matching(query: str) -> list[PublicSection]:
    """Sections whose name or keywords the query names (“空气质量”, “水质”, “依申请”…), for the
    site-wide search to offer before the documents."""
    words = "".join(query.split()).casefold()
    if len(words) < 2:
        return []
    found = []
    for section in public_sections():
        names = [str(section.label), *(str(keyword) for keyword in section.keywords)]
        if any(len(name) >= 2 and (name.casefold() in words or words in name.casefold()) for name in names):
            found.append(section)
    return found
