"""The dashboard-card registry of the staff home: a user sees exactly the registered cards whose
permission the user holds, in order, each counted for that user, with at most MAX_ITEMS items."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from gongkai.core import dashboard
from gongkai.core.dashboard import Card, CardItem, cards_for
from gongkai.workcalendar.services import save_year
from gongkai.workcalendar.workdays import DayKind
from gongkai.workcalendar.workdays import SpecialDay as Special

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
    # work waiting first (the pages card counts 6), then the empty cards, each in declared order
    assert shown(make_staff("administrator", username="admin7")) == [("test.pages", 6), ("test.users", 0)]
    assert shown(make_staff("editor", username="ed")) == [("test.pages", 2)]
    assert shown(make_staff("leader", username="boss")) == [("test.users", 0)]
    assert shown(make_staff("data_officer", username="data")) == []


def test_items_are_capped_and_alerts_only_urgent_when_counted(registry, make_staff):
    pages, users = cards_for(make_staff("administrator"))
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


# Test data, not an official notice: a made-up year 2031 with a three-day holiday and a 调休 Saturday.
TEST_YEAR_DAYS = (
    (date(2031, 3, 3), DayKind.HOLIDAY, "测试节"),
    (date(2031, 3, 4), DayKind.HOLIDAY, "测试节"),
    (date(2031, 3, 5), DayKind.HOLIDAY, "测试节"),
    (date(2031, 3, 8), DayKind.WORKDAY, "测试节"),
)
MONDAY = date(2031, 2, 24)


@pytest.fixture
def test_year(db):
    save_year(actor=None, year=2031, days=[Special(day, kind, name) for day, kind, name in TEST_YEAR_DAYS])


def due_items(user):
    yield CardItem("无期限", "/x/")
    yield CardItem("下周到期", "/a/", date(2031, 3, 7))  # Fri: Feb 25-28, Mar 6, 7 = 6 working days
    yield CardItem("已逾期", "/b/", date(2031, 2, 20))  # Thu before: 2 working days overdue
    yield CardItem("今日到期", "/c/", MONDAY)
    yield CardItem("以后", "/d/", date(2031, 3, 20))


DUE = Card(
    "test.due", "测试", "有期限的", "core.change_page", lambda user: 5, "core:staff_pages", items=due_items
)
OVERDUE = Card(
    "test.overdue",
    "测试",
    "逾期卡片",
    "core.view_organisation",
    lambda user: 3,
    "core:staff_organisation",
    alert=True,
    overdue=True,
    order=50,
)


def test_items_are_listed_by_deadline_with_working_days_left(registry, test_year, make_staff):
    dashboard.register(DUE)
    card = next(c for c in cards_for(make_staff("administrator"), today=MONDAY) if c.card.key == "test.due")
    assert [(i.label, i.days_left, i.state) for i in card.items] == [
        ("已逾期", -2, "overdue"),
        ("今日到期", 0, "soon"),
        ("下周到期", 6, ""),  # the holiday is skipped, the 调休 Saturday counted
        ("以后", 16, ""),
        ("无期限", None, ""),
    ]
    assert card.items[0].days_overdue == 2
    assert card.urgency == 0  # an overdue item puts the card first


def test_cards_are_ordered_by_urgency(registry, test_year, make_staff):
    dashboard.register(DUE)
    dashboard.register(OVERDUE)
    keys = [c.card.key for c in cards_for(make_staff("administrator"), today=date(2031, 1, 6))]
    # nothing of test.due is overdue on Jan 6, so the overdue alert card comes first despite its order
    assert keys == ["test.overdue", "test.pages", "test.due", "test.users"]


def test_the_leader_sees_the_bureau_wide_overdue_counts(registry, make_staff, client_for):
    dashboard.register(OVERDUE)
    leader = make_staff("leader")
    (line,) = dashboard.bureau_overdue(leader)
    assert (line.card.key, line.count, line.href) == ("test.overdue", 3, reverse("core:staff_organisation"))
    assert dashboard.bureau_overdue(make_staff("editor")) == []
    page = client_for(leader).get("/staff/").text
    assert 'data-overview="bureau-overdue"' in page and 'data-overdue="test.overdue"' in page
    assert 'data-overview="bureau-overdue"' not in client_for(make_staff("administrator")).get("/staff/").text


def test_the_leader_overview_shows_a_count_without_a_link_it_may_not_open(registry, make_staff):
    dashboard.register(replace(OVERDUE, permission="core.add_user"))
    (line,) = dashboard.bureau_overdue(make_staff("leader"))
    assert line.count == 3 and line.href == ""


def test_the_security_administrator_sees_locked_sign_ins(make_staff, settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="someone",
        ip_address="10.0.0.9",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    cards = {c.card.key: c for c in cards_for(make_staff("security_administrator"))}
    assert cards["core.lockouts"].count == 1 and "someone" in cards["core.lockouts"].items[0].label
    assert "core.lockouts" not in {c.card.key for c in cards_for(make_staff("administrator"))}


def test_the_audit_administrator_sees_the_weeks_account_changes(make_staff):
    make_staff("editor", username="newcomer")  # user.create, audited
    cards = {c.card.key: c for c in cards_for(make_staff("audit_administrator"))}
    assert cards["audit.account_changes"].count >= 1
    assert any("newcomer" in str(item.label) for item in cards["audit.account_changes"].items)
