"""The public home page and its card registry (core.home): every app's card renders with real
content from the demo data, in a handful of queries."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gongkai.air import aqi
from gongkai.air.home import city_now
from gongkai.core import home
from gongkai.core.home import HomeCard
from gongkai.disclosure.models import CatalogueItem, Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(home, "_cards", {})
    return home


def test_cards_render_in_order_and_a_card_without_context_is_left_out(registry):
    registry.register(HomeCard("b", "b.html", context=lambda request: {"n": 2}, order=20))
    registry.register(HomeCard("a", "a.html", context=lambda request: {"n": 1}, order=10))
    registry.register(HomeCard("empty", "c.html", context=lambda request: None, order=5))
    rendered = registry.cards_for(None)
    assert [(r.card.key, r.context) for r in rendered] == [("a", {"n": 1}), ("b", {"n": 2})]


def test_a_key_is_registered_once(registry):
    card = HomeCard("a", "a.html", order=10)
    registry.register(card)
    registry.register(card)  # the same card again: nothing changes (ready() may run twice)
    assert registry.cards() == [card]
    with pytest.raises(ValueError, match="already registered"):
        registry.register(HomeCard("a", "other.html"))


def test_the_apps_register_their_cards():
    keys = [card.key for card in home.cards()]
    assert {"disclosure-latest", "disclosure-notices", "air-now"} <= set(keys)
    assert keys.index("disclosure-latest") < keys.index("air-now")


def test_the_home_page_shows_latest_documents_with_dates(demo_site, django_assert_max_num_queries):
    # 8 for the platform, disclosure and air cards; 1 for the EIA card's open notices; 1 for the
    # interaction card's latest answers; 1 for the water card's latest month; 1 for the licensing
    # card's latest 双公示; 1 for the enforcement card's latest publicly listed decisions.
    with django_assert_max_num_queries(13):
        response = Client().get("/")
    assert response.status_code == 200
    latest = list(Document.objects.published().order_by("-published_at", "-pk")[:8])
    assert latest
    section = response.text.split('id="home-disclosure-latest"')[1].split("</article>")[0]
    for document in latest:
        assert document.title in section
        assert f'href="{document.get_absolute_url()}"' in section
        assert document.published_at.astimezone().strftime("%Y-%m-%d") in section


def test_the_home_page_links_the_guide_applications_search_and_feeds(demo_site):
    text = Client().get("/").text
    assert 'href="/xxgk/guide/"' in text
    assert re.search(r'<a href="[^"]+">依申请公开</a>', text)
    assert re.search(r'<form class="home-search" method="get" action="/zdgk/search/"', text)
    assert 'name="q"' in text
    for mime, path in (("application/rss+xml", "/zdgk/rss/"), ("application/atom+xml", "/zdgk/atom/")):
        link = rf'<link rel="alternate" type="{re.escape(mime)}" title="[^"]+" href="{path}">'
        assert re.search(link, text)


def test_the_air_card_shows_the_city_aqi_with_the_hj633_texts_of_its_level(demo_site):
    now = city_now()
    result = now["result"]
    assert result.aqi is not None
    level = aqi.level_of(result.aqi, result.standard)
    text = Client().get("/").text
    section = text.split('id="home-air-now"')[1].split("</article>")[0]
    assert f'<span class="aqi aqi-{level.number}">AQI {result.aqi}</span>' in section
    assert level.category in section
    assert level.health_effect in section
    assert level.advice in section
    assert now["hour"].strftime("%Y-%m-%d %H:00") in section
    for pollutant in result.primary_pollutants:
        assert pollutant in section
    assert re.search(r'<link rel="stylesheet" href="/static/air/air\.css[^"]*">', text)  # the level colours


def test_the_city_value_matches_the_realtime_page(demo_site):
    from gongkai.air import queries

    report = queries.realtime()
    assert city_now()["result"].aqi == report.city.result.aqi


def test_notices_come_from_the_notice_item(demo_site):
    document = Document.objects.published().order_by("-published_at").first()
    CatalogueItem.objects.filter(pk=document.catalogue_item_id).update(name="通知公告")
    section = Client().get("/").text.split('id="home-disclosure-notices"')[1].split("</article>")[0]
    assert document.title in section
    others = Document.objects.published().exclude(catalogue_item_id=document.catalogue_item_id)
    other = others.exclude(catalogue_item__parent_id=document.catalogue_item_id).first()
    assert other.title not in section
