"""The public page cache (core.pagecache, issue 12): anonymous public pages are served from a stored
copy per address, language and 适老化 mode; never for staff, sessions, POSTs or per-visitor pages; a
stored page carries each visitor's own CSRF token and no CSP nonce; a settings change drops it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    _unmask_cipher_token,
)
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.core import pagecache, services

pytestmark = pytest.mark.django_db

HEADER = pagecache.HEADER
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def state(response) -> str | None:
    return response.headers.get(HEADER)


def test_the_second_anonymous_visit_is_a_hit_that_costs_no_query(
    demo_site, page_cache, django_assert_num_queries
):
    first = Client().get("/")
    assert first.status_code == 200 and state(first) == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/")
    assert state(second) == "hit"
    assert TOKEN.sub("", second.text) == TOKEN.sub("", first.text)
    assert Client().head("/")[HEADER] == "hit"  # HEAD is served from the GET's copy


def test_a_hit_costs_no_query_with_the_generation_in_the_database_cache(
    demo_site, page_cache, settings, monkeypatch, django_assert_num_queries
):
    """Without Redis the generation lives in the database cache, as in production: a hit re-reads it at
    most once a second (one query) and otherwise costs none."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"},
    }
    call_command("createcachetable", verbosity=0)  # as migrate does outside tests (core.apps)
    pagecache.invalidate()
    assert state(Client().get("/air/")) == "miss"
    with django_assert_num_queries(0):
        assert state(Client().get("/air/")) == "hit"
    monkeypatch.setattr(pagecache._generation, "read_at", 0.0)  # a second later
    with django_assert_num_queries(1):
        assert state(Client().get("/air/")) == "hit"
    with django_assert_num_queries(0):
        assert state(Client().get("/air/")) == "hit"


@pytest.mark.parametrize(
    "url", ["/", "/zdgk/", "/zdgk/list/", "/zdgk/search/?q=%E7%8E%AF%E8%AF%84", "/air/", "/air/statistics/"]
)
def test_public_pages_are_cached(demo_site, page_cache, url):
    assert state(Client().get(url)) == "miss"
    assert state(Client().get(url)) == "hit"


def test_each_language_and_elder_mode_has_its_own_copy(demo_site, page_cache):
    chinese = Client().get("/")
    english_client = Client()
    english_client.cookies["gk_lang"] = "en"
    english = english_client.get("/")
    elder_client = Client()
    elder_client.cookies["gk_elder"] = "1"
    elder = elder_client.get("/")
    assert [state(chinese), state(english), state(elder)] == ["miss", "miss", "miss"]
    assert '<html lang="zh-CN">' in chinese.text and '<html lang="en">' in english.text
    assert '<body class="elder' in elder.text and '<body class="elder' not in chinese.text
    assert state(english_client.get("/")) == "hit" and '<html lang="en">' in english_client.get("/").text
    assert state(elder_client.get("/")) == "hit" and '<body class="elder' in elder_client.get("/").text
    assert '<html lang="zh-CN">' in Client().get("/").text


def test_the_query_string_is_part_of_the_address(demo_site, page_cache):
    assert state(Client().get("/zdgk/search/", {"q": "环评"})) == "miss"
    assert state(Client().get("/zdgk/search/", {"q": "排污许可"})) == "miss"
    assert state(Client().get("/zdgk/search/", {"q": "环评"})) == "hit"


def test_signed_in_staff_never_get_or_make_a_copy(demo_site, page_cache, client_for, administrator):
    staff = client_for(administrator)
    assert state(staff.get("/")) is None
    assert state(Client().get("/")) == "miss"
    response = staff.get("/")
    assert state(response) is None and reverse("core:staff_home") in response.text  # the 工作台 link
    assert state(staff.get(reverse("core:staff_home"))) is None


def test_a_visitor_with_a_session_or_pending_messages_bypasses_the_cache(demo_site, page_cache):
    Client().get("/")
    for cookie in ("sessionid", "messages"):
        client = Client()
        client.cookies[cookie] = "x"
        assert state(client.get("/")) is None


def test_posts_and_pages_with_per_visitor_tokens_are_never_stored(demo_site, page_cache):
    apply = reverse("applications:apply")  # never_cache, a signed form token and a CAPTCHA
    assert state(Client().get(apply)) is None and state(Client().get(apply)) is None
    assert Client().post(reverse("core:elder_mode"), {"next": "/"}).status_code == 302
    assert state(Client().get("/no-such-page/")) is None  # a 404 is rendered each time
    assert state(Client().get("/api/v1/air/realtime")) is None


def test_responses_that_set_a_cookie_vary_or_refuse_caching_are_not_stored(page_cache):
    request = RequestFactory().get("/x/")

    def response(**headers):
        made = HttpResponse("<p>x</p>")
        for name, value in headers.items():
            made[name.replace("_", "-")] = value
        return made

    assert pagecache.storable(request, response())
    with_cookie = response()
    with_cookie.set_cookie("choice", "1")
    assert not pagecache.storable(request, with_cookie)
    assert not pagecache.storable(request, response(Vary="Accept"))
    assert not pagecache.storable(request, response(Cache_Control="private"))
    assert not pagecache.storable(request, response(Cache_Control="max-age=0, no-cache, no-store"))
    assert not pagecache.storable(request, HttpResponse('<input type="hidden" name="form_token" value="t">'))
    assert not pagecache.storable(request, HttpResponse("{}", content_type="application/json"))
    assert not pagecache.storable(request, HttpResponse("<p>x</p>", status=201))


def test_a_stored_page_carries_each_visitors_own_csrf_token(demo_site, page_cache):
    first = Client(enforce_csrf_checks=True)
    second = Client(enforce_csrf_checks=True)
    assert state(first.get("/")) == "miss"
    hit = second.get("/")
    assert state(hit) == "hit"
    tokens = set(TOKEN.findall(hit.text))
    assert len(tokens) == 1 and pagecache.CSRF_PLACEHOLDER.decode() not in hit.text
    assert "csrftoken" in hit.cookies  # the visitor's own secret, set with the hit
    # The header's 适老化 switch works from the stored page, with the token it carries.
    switched = second.post(reverse("core:elder_mode"), {"next": "/", "csrfmiddlewaretoken": tokens.pop()})
    assert switched.status_code == 302 and switched.cookies["gk_elder"].value == "1"


def test_a_returning_visitor_keeps_its_csrf_secret_under_a_fresh_mask(demo_site, page_cache):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/")
    secret = visitor.cookies["csrftoken"].value
    hit = visitor.get("/")
    assert state(hit) == "hit" and hit.cookies["csrftoken"].value == secret  # renewed, not replaced
    tokens = TOKEN.findall(hit.text) + TOKEN.findall(visitor.get("/").text)
    assert len(set(tokens)) == 2 and {_unmask_cipher_token(token) for token in tokens} == {secret}


def test_the_hit_token_is_djangos_masked_token():
    request = RequestFactory().get("/")
    token = pagecache.csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(secret) == CSRF_SECRET_LENGTH and len(token) == CSRF_TOKEN_LENGTH
    assert set(token) <= set(CSRF_ALLOWED_CHARS) and _unmask_cipher_token(token) == secret
    again = pagecache.csrf_token(request)
    assert again[:CSRF_SECRET_LENGTH] != token[:CSRF_SECRET_LENGTH] and _unmask_cipher_token(again) == secret


def test_a_stored_page_has_no_nonce_and_the_hit_gets_the_strict_policy(demo_site, page_cache):
    Client().get("/air/")
    hit = Client().get("/air/")
    assert state(hit) == "hit"
    assert "nonce" not in hit.text
    policy = hit["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]  # the directives' order is not fixed
    assert "nonce" not in policy and "unsafe-inline" not in policy
    assert hit["X-Frame-Options"] == "DENY" and hit["Content-Language"] == "zh-hans"


def test_a_settings_change_drops_every_stored_page(
    demo_site, page_cache, administrator, django_capture_on_commit_callbacks
):
    Client().get("/")
    assert state(Client().get("/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_organisation(actor=administrator, phone="0999-1234567")
    fresh = Client().get("/")
    assert state(fresh) == "miss" and "0999-1234567" in fresh.text


def test_another_workers_invalidation_is_seen_within_a_second(demo_site, page_cache, monkeypatch):
    Client().get("/")
    assert state(Client().get("/")) == "hit"
    caches["default"].set(pagecache.GENERATION_KEY, "from-another-worker", timeout=None)
    assert state(Client().get("/")) == "hit"  # this process still trusts its generation …
    monkeypatch.setattr(pagecache._generation, "read_at", 0.0)  # … for at most a second
    assert state(Client().get("/")) == "miss"


def test_a_lost_generation_never_revives_old_copies(demo_site, page_cache, monkeypatch):
    Client().get("/")
    old = pagecache.generation()
    caches["default"].delete(pagecache.GENERATION_KEY)  # culled from the database cache
    monkeypatch.setattr(pagecache._generation, "read_at", 0.0)
    assert pagecache.generation() != old
    assert state(Client().get("/")) == "miss"


def test_the_cache_is_off_with_zero_seconds(demo_site, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert state(Client().get("/")) is None and state(Client().get("/")) is None


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 13),  # with the penalties home card (tests/core/test_home.py)
        ("/zdgk/list/", 14),
        # PostgreSQL's full-text path adds its count estimate, key page and rank queries: 20 there
        ("/zdgk/search/?q=%E7%8E%AF%E5%A2%83", {"sqlite": 10, "postgresql": 20}),
        ("/air/", 6),
        ("/air/statistics/", 21),
    ],
)
def test_an_uncached_render_stays_within_its_query_budget(
    demo_site, url, budget, django_assert_max_num_queries
):
    """What a miss costs (the cache is off here): the counts of today, so a change that adds queries to
    a public page shows up."""
    if isinstance(budget, dict):
        from django.db import connection

        budget = budget[connection.vendor]
    with django_assert_max_num_queries(budget):
        assert Client().get(url).status_code == 200


def test_an_uncached_document_page_stays_within_its_query_budget(demo_site, django_assert_max_num_queries):
    document = re.search(r'href="(/zdgk/wj/[^"]+/)"', Client().get("/zdgk/list/").text).group(1)
    with django_assert_max_num_queries(11):  # the first listed demo document, with its attachments
        assert Client().get(document).status_code == 200
