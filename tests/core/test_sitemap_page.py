"""The HTML 网站地图 for people (/sitemap/): built from the public sections and the sitemap registry."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core import menu, sitemaps
from gongkai.disclosure.models import CatalogueItem

pytestmark = pytest.mark.django_db


def test_the_sitemap_page_lists_home_the_column_pages_and_every_public_section():
    response = Client().get("/sitemap/")
    assert response.status_code == 200
    text = response.text
    for path in ("/", "/xxgk/", "/xxgk/guide/", "/xxgk/rules/", "/sitemap.xml"):
        assert f'href="{path}"' in text, path
    for section in menu.public_sections():
        assert f">{section.label}</a>" in text, section.label


def test_the_sitemap_page_lists_the_catalogue_from_its_registered_sitemap(demo_site):
    text = Client().get("/sitemap/").text
    items = list(CatalogueItem.objects.order_by("code"))
    assert items
    group = text.split("<h2>主动公开基本目录</h2>")[1].split("</section>")[0]
    for item in items:
        assert f'<a href="{item.get_absolute_url()}">{item.code} {item.name}</a>' in group


def test_sections_without_an_html_title_are_not_listed(demo_site):
    titles = [title for title, rows in sitemaps.html_sections()]
    assert titles == ["主动公开基本目录"]  # documents are reached through their sections, not listed


def test_the_footer_links_the_sitemap_page():
    assert '<a href="/sitemap/">网站地图</a>' in Client().get("/").text
