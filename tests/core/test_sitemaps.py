"""The sitemap registry: each app registers its sections in AppConfig.ready and /sitemap.xml lists
every registered section (core's home, column and pages; disclosure's catalogue and documents)."""

from __future__ import annotations

import re

import pytest
from django.contrib.sitemaps import Sitemap
from django.test import Client

from gongkai.core import sitemaps
from gongkai.core.sitemaps import PageSitemap, StaticViewSitemap
from gongkai.disclosure.sitemaps import CatalogueSitemap, DocumentSitemap

pytestmark = pytest.mark.django_db


def locations() -> set[str]:
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    return set(re.findall(r"<loc>([^<]+)</loc>", response.text))


class ExtraSitemap(Sitemap):
    def items(self):
        return ["/extra/"]

    def location(self, item):
        return item


def test_the_platform_and_disclosure_register_their_sections_in_order():
    assert list(sitemaps.SECTIONS.items())[:4] == [
        ("static", StaticViewSitemap),
        ("pages", PageSitemap),
        ("catalogue", CatalogueSitemap),
        ("documents", DocumentSitemap),
    ]


def test_a_registered_section_appears_in_the_sitemap(monkeypatch):
    assert "http://testserver/extra/" not in locations()
    monkeypatch.setitem(sitemaps.SECTIONS, "extra", ExtraSitemap)
    assert "http://testserver/extra/" in locations()


def test_registering_again_is_harmless_but_a_second_class_under_one_key_is_refused(monkeypatch):
    monkeypatch.setattr(sitemaps, "SECTIONS", {})
    sitemaps.register("extra", ExtraSitemap)
    sitemaps.register("extra", ExtraSitemap)
    assert {"extra": ExtraSitemap} == sitemaps.SECTIONS
    with pytest.raises(ValueError, match="extra"):
        sitemaps.register("extra", PageSitemap)


def test_every_public_section_and_the_html_sitemap_are_listed():
    from django.urls import reverse

    from gongkai.core import menu

    listed = locations()
    sections = [section.url_name for section in menu.public_sections()]
    assert "air:realtime" in sections and "enforcement:index" in sections  # the apps' registrations
    missing = [
        name for name in [*sections, "core:sitemap_page"] if f"http://testserver{reverse(name)}" not in listed
    ]
    assert not missing, f"sections missing from sitemap.xml: {missing}"


def test_the_air_pages_and_every_published_daily_report_are_listed():
    from datetime import date

    from django.utils import timezone

    from gongkai.air.models import DailyReport

    DailyReport.objects.create(date=date(2026, 3, 1), published_at=timezone.now())
    DailyReport.objects.create(date=date(2026, 3, 2))  # not published: not listed
    listed = locations()
    for path in ("/air/", "/air/daily/", "/air/history/", "/air/statistics/", "/air/daily/?date=2026-03-01"):
        assert f"http://testserver{path}" in listed, path
    assert "http://testserver/air/daily/?date=2026-03-02" not in listed
