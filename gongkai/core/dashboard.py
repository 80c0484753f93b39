"""To-do cards of the staff home (工作台待办). Each app declares its cards in its own `cards.py` and
registers them in `AppConfig.ready`; the home page shows a user the cards whose permission the user
holds, each with its count (and, optionally, the first few items) computed for that user.

An item may carry its deadline (`due_on`): the home page then shows the working days left (on the
working-day calendar, provisional for a year not entered yet), lists a card's items by deadline and
marks them 逾期 or 即将到期 (within DUE_SOON_WORKDAYS working days). Cards are ordered by urgency:
overdue work first, then work due soon, then the rest, empty cards last. Cards flagged `overdue`
count work past its deadline; the leader sees all of them, whatever the permissions (全局逾期).

    dashboard.register(Card(
        key="applications.overdue", section=_("依申请公开"), title=_("逾期"),
        permission="applications.view_application",
        count=lambda user: queries.overdue().count(), url="applications:dashboard", alert=True))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.urls import reverse
from django.utils.functional import Promise

MAX_ITEMS = 5  # items listed under a card's count; the card's link leads to the whole list
DUE_SOON_WORKDAYS = 5  # an item due within 5 working days is marked 即将到期 (issue #13; ours, not a rule)


@dataclass(frozen=True)
class CardItem:
    """One entry listed on a card: a label, where it leads (the page to act on it) and, when the work
    has a time limit, its deadline."""

    label: str | Promise
    url: str
    due_on: date | None = None


@dataclass(frozen=True)
class Card:
    """key: unique, "app.what"; section: the app's name shown above the title; permission: who sees
    the card (the permission of the page `url` names); count(user) -> int; url: a URL name without
    arguments, `query` its query string; items(user) -> CardItems, optional (the first MAX_ITEMS are
    shown); alert: shown as a warning when the count is not zero."""

    key: str
    section: str | Promise
    title: str | Promise
    permission: str
    count: Callable[..., int]
    url: str
    query: str = ""
    items: Callable[..., Iterable[CardItem]] | None = None
    order: int = 100
    alert: bool = False
    overdue: bool = False  # counts work past its deadline: part of the leader's 全局逾期 overview

    @property
    def href(self) -> str:
        location = reverse(self.url)
        return f"{location}?{self.query}" if self.query else location


@dataclass(frozen=True)
class ShownItem:
    """An item as shown: `days_left` in working days (0: due today, negative: overdue), None without a
    deadline or a calendar for it; `state` is "overdue", "soon" or ""."""

    item: CardItem
    days_left: int | None
    state: str

    @property
    def label(self):
        return self.item.label

    @property
    def url(self) -> str:
        return self.item.url

    @property
    def due_on(self) -> date | None:
        return self.item.due_on

    @property
    def days_overdue(self) -> int | None:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else None


@dataclass(frozen=True)
class ShownCard:
    """A card as one user sees it."""

    card: Card
    count: int
    items: list[ShownItem]

    @property
    def urgent(self) -> bool:
        return self.card.alert and self.count > 0

    @property
    def overdue_items(self) -> int:
        return sum(1 for item in self.items if item.state == "overdue")

    @property
    def soon_items(self) -> int:
        return sum(1 for item in self.items if item.state == "soon")

    @property
    def urgency(self) -> int:
        """0: overdue work (an urgent overdue card or an overdue item), 1: an alert or work due soon,
        2: other work waiting, 3: nothing waiting."""
        if self.count and ((self.card.overdue and self.urgent) or self.overdue_items):
            return 0
        if self.urgent or self.soon_items:
            return 1
        return 2 if self.count else 3


_cards: dict[str, Card] = {}


def register(card: Card) -> None:
    if _cards.get(card.key, card) != card:
        raise ValueError(f"dashboard card {card.key!r} is already registered")
    _cards[card.key] = card


def registered() -> list[Card]:
    return sorted(_cards.values(), key=lambda card: (card.order, card.key))


class _Deadlines:
    """Working days left until a deadline, on the calendar loaded once per page (one query)."""

    def __init__(self, today: date):
        self.today = today
        self._calendar = None

    def days_left(self, due_on: date) -> int | None:
        from gongkai.workcalendar.queries import get_provisional_calendar
        from gongkai.workcalendar.workdays import YearNotCovered

        if self._calendar is None:
            self._calendar = get_provisional_calendar()
        try:
            return self._calendar.workdays_between(self.today, due_on)
        except YearNotCovered:
            return None

    def show(self, item: CardItem) -> ShownItem:
        if item.due_on is None:
            return ShownItem(item, None, "")
        days_left = self.days_left(item.due_on)
        if item.due_on < self.today:
            state = "overdue"
        elif days_left is None or days_left <= DUE_SOON_WORKDAYS:
            state = "soon"  # a year without a calendar errs on the safe side
        else:
            state = ""
        return ShownItem(item, days_left, state)


def _by_deadline(item: ShownItem):
    return (item.due_on is None, item.due_on or date.max)


def cards_for(user, *, today: date | None = None) -> list[ShownCard]:
    """The cards `user` may see with their counts and first items for that user, items by deadline,
    cards by urgency (then by their declared order)."""
    if not user.is_authenticated:
        return []
    from django.utils import timezone

    deadlines = _Deadlines(today or timezone.localdate())
    shown = []
    for card in registered():
        if not user.has_perm(card.permission):
            continue
        items = [deadlines.show(item) for item in islice(card.items(user), MAX_ITEMS)] if card.items else []
        items.sort(key=_by_deadline)
        shown.append(ShownCard(card, card.count(user), items))
    shown.sort(key=lambda shown_card: shown_card.urgency)  # stable: the declared order within a level
    return shown


@dataclass(frozen=True)
class OverdueCount:
    """One line of the leader's 全局逾期 overview; `href` is empty when the user may not open the list."""

    card: Card
    count: int
    href: str


def sees_bureau_overdue(user) -> bool:
    """The leader (分管领导) oversees the whole bureau: the overdue counts of every app."""
    from gongkai.core.roles import Role

    return user.is_authenticated and (user.is_superuser or Role.LEADER in user.role_codes)


def bureau_overdue(user) -> list[OverdueCount]:
    """Every card counting overdue work, bureau-wide, in declared order (for the leader)."""
    if not sees_bureau_overdue(user):
        return []
    return [
        OverdueCount(card, card.count(user), card.href if user.has_perm(card.permission) else "")
        for card in registered()
        if card.overdue
    ]
