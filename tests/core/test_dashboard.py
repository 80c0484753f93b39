"""The dashboard-card registry of the staff home: a user sees exactly the registered cards whose
permission the user holds, in order, each counted for that user, with at most MAX_ITEMS items."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core import dashboard
from gongkai.core.dashboard import Card, CardItem, cards_for

pytestmark = pytest.mark.django_db


def item_list(user):
    return (CardItem(f"第{n}项", f"/staff/?n={n}") for n in range(1, 10))


PAGES = Card(
    key="test.pages",
    section="测试",
    title="页面卡片",
    permission="core.change_page",
    count=lambda user: len(user.username),  # counted for each user
    items=item_list,
    url="core:staff_pages",
    query="a=1",
    order=2,
)
USERS = Card(
    key="test.users",
    section="测试",
    title="用户卡片",
    permission="core.view_user",
    count=lambda user: 0,
    url="core:staff_users",
    order=1,
    alert=True,
)


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(dashboard, "_cards", {})
    dashboard.register(PAGES)
    dashboard.register(USERS)


def shown(user) -> list[tuple[str, int]]:
    return [(card.card.key, card.count) for card in cards_for(user)]


def test_a_user_sees_the_cards_of_the_permissions_held_in_order(registry, make_staff):
    assert shown(make_staff("administrator", username="admin7")) == [("test.users", 0), ("test.pages", 6)]
    assert shown(make_staff("editor", username="ed")) == [("test.pages", 2)]
    assert shown(make_staff("leader", username="boss")) == [("test.users", 0)]
    assert shown(make_staff("data_officer", username="data")) == []


def test_items_are_capped_and_alerts_only_urgent_when_counted(registry, make_staff):
    users, pages = cards_for(make_staff("administrator"))
    assert [item.label for item in pages.items] == [f"第{n}项" for n in range(1, dashboard.MAX_ITEMS + 1)]
    assert pages.card.href == reverse("core:staff_pages") + "?a=1"
    assert users.card.alert and not users.urgent and not pages.urgent


def test_a_key_is_registered_once(registry):
    dashboard.register(PAGES)  # the same card again: harmless (AppConfig.ready may run twice in tests)
    with pytest.raises(ValueError, match=r"test\.pages"):
        dashboard.register(
            Card("test.pages", "测试", "别的", "core.change_page", lambda user: 1, "core:staff_pages")
        )


def test_anonymous_visitors_get_no_cards(registry):
    from django.contrib.auth.models import AnonymousUser

    assert cards_for(AnonymousUser()) == []


def test_the_staff_home_shows_the_cards_with_their_counts(registry, make_staff, client_for):
    text = client_for(make_staff("editor", username="ed")).get(reverse("core:staff_home")).text
    assert 'data-card="test.pages"' in text and 'data-count="2"' in text and "第5项" in text
    assert "第6项" not in text and 'data-card="test.users"' not in text
