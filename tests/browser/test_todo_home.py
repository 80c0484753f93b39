"""The staff home as a to-do list (工作台待办): every demo role lands on its own cards, each with a
count and its first items; overdue and due-soon items are marked, the most urgent cards come first,
and the leader sees the bureau-wide overdue counts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gongkai.core.demo import DEMO_ACCOUNTS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("module_demo")]


@pytest.fixture
def transactional_db(module_demo):
    """Keep the module's shared demo site between tests (see conftest.module_demo)."""


NARROW = {"width": 360, "height": 740}

# Written by hand: the cards each demo role must find on its home with the demo data (more may show).
EXPECTED_CARDS = {
    "admin": {"workcalendar.next_year_missing", "applications.overdue", "sitecheck.vetoes"},
    "security": {"core.lockouts"},
    "auditor": {"audit.account_changes"},
    "editor": {"disclosure.drafts", "interaction.pending_moderation", "licensing.unpublished"},
    "reviewer": {"disclosure.review", "eia.pending_comments"},
    "legal": {"applications.legal_review", "applications.overdue", "applications.due_soon"},
    "handler": {
        "applications.awaiting_registration",
        "applications.overdue",
        "applications.due_soon",
        "interaction.my_messages",
    },
    "data": {"water.unpublished_months", "air.failed_imports", "sources.key_units_overdue"},
    "enforcer": {"enforcement.overdue_publication", "enforcement.unpublished", "enforcement.results_due"},
    "leader": {"applications.approvals", "disclosure.approval", "interaction.overdue"},
}


def card_keys(page) -> list[str]:
    return page.locator("[data-card]").evaluate_all("cards => cards.map(card => card.dataset.card)")


def test_each_role_lands_on_its_own_to_do_cards(page, login, subtests):
    from gongkai.core import dashboard
    from gongkai.core.models import User

    for account in DEMO_ACCOUNTS:
        with subtests.test(msg=account.username):
            page.context.clear_cookies()
            login(page, account.username)
            expect(page).to_have_url(re.compile(r"/staff/$"))
            shown = card_keys(page)
            user = User.objects.get(username=account.username)
            assert shown == [card.card.key for card in dashboard.cards_for(user)]  # in urgency order
            missing = EXPECTED_CARDS[account.username] - set(shown)
            assert not missing, f"{account.username} misses {sorted(missing)}"
            urgencies = page.locator("[data-card]").evaluate_all(
                "cards => cards.map(card => Number(card.dataset.urgency))"
            )
            assert urgencies == sorted(urgencies), "cards not ordered by urgency"
            # every count and every item links to a page the role may open
            for href in page.locator(".todo-card a").evaluate_all("links => links.map(link => link.href)"):
                assert page.request.get(href).status == 200, f"{account.username}: {href}"
            overview = page.locator('[data-overview="bureau-overdue"]')
            expect(overview).to_have_count(1 if account.username == "leader" else 0)


def test_overdue_and_due_soon_items_are_marked_with_working_days(page, login):
    login(page, "handler")
    overdue = page.locator('[data-card="applications.overdue"] li.todo-overdue')
    expect(overdue.first).to_contain_text(re.compile(r"逾期 \d+ 个工作日"))
    expect(overdue.first.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    soon = page.locator('[data-card="applications.due_soon"] li.todo-soon')
    expect(soon.first).to_contain_text(re.compile(r"剩 \d 个工作日|今日到期"))
    first = page.locator("[data-card]").first
    expect(first).to_have_attribute("data-urgency", "0")
    # the item leads to the case, where the handler acts on it
    overdue.first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/staff/applications/\d+/$"))


def test_the_leader_sees_overdue_counts_across_the_bureau(page, login):
    login(page, "leader")
    table = page.locator('[data-overview="bureau-overdue"]')
    for key in ("applications.overdue", "interaction.overdue", "enforcement.results_due", "annual.overdue"):
        expect(table.locator(f'[data-overdue="{key}"]')).to_have_count(1)
    count = table.locator('[data-overdue="interaction.overdue"] .todo-count')
    assert int(count.get_attribute("data-count")) > 0


def test_the_to_do_home_fits_a_narrow_screen(page, login):
    page.set_viewport_size(NARROW)
    login(page, "leader")
    expect(page.locator("[data-card]").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
