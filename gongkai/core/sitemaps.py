"""Sitemap sections (网站地图). Each app registers its sections in `AppConfig.ready` with
`register(key, SitemapClass)`; gongkai/urls.py serves every registered section in /sitemap.xml,
in the order of registration (the platform's own first: its app comes first in INSTALLED_APPS)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.core import menu

# key → Sitemap class, the mapping django's sitemap view takes; the view reads it on every request.
SECTIONS: dict[str, type[Sitemap]] = {}


def register(key: str, sitemap: type[Sitemap]) -> None:
    """Add a section; registering the same class under the same key again changes nothing."""
    if SECTIONS.get(key, sitemap) is not sitemap:
        raise ValueError(f"sitemap section {key!r} is already registered")
    SECTIONS[key] = sitemap


# The HTML 网站地图 for people (/sitemap/) lists, after the navigation, the items of every section
# whose Sitemap class sets `html_title` (and optionally `html_label(item)`); sections of many rows
# (every published document) leave it unset and are reached through their section page.
HTML_MAX_ITEMS = 300


def html_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(label, path)]) of each registered section that has an `html_title`."""
    groups = []
    for sitemap_class in SECTIONS.values():
        title = getattr(sitemap_class, "html_title", None)
        if not title:
            continue
        section = sitemap_class()
        label = getattr(section, "html_label", str)
        rows = [(label(item), section.location(item)) for item in list(section.items())[:HTML_MAX_ITEMS]]
        if rows:
            groups.append((str(title), rows))
    return groups


class StaticViewSitemap(Sitemap):
    """The home page, the 政府信息公开 column, the 网站地图 and the page of every public section
    registered with `menu.register_public_section` (read on every request, so a later app's section
    appears without an entry here)."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        names = ["core:home", "core:disclosure_index", "core:sitemap_page"]
        names += [section.url_name for section in menu.public_sections()]
        return list(dict.fromkeys(names))

    def location(self, item):
        return reverse(item)


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        from gongkai.core.models import Page

        return Page.objects.all()

    def lastmod(self, page):
        return page.updated_at


def register_core_sections() -> None:
    register("static", StaticViewSitemap)
    register("pages", PageSitemap)
