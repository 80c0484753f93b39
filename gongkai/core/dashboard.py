"""To-do cards of the staff home (工作台待办). Each app declares its cards in its own `cards.py` and
registers them in `AppConfig.ready`; the home page shows a user the cards whose permission the user
holds, each with its count (and, optionally, the first few items) computed for that user.

    dashboard.register(Card(
        key="applications.overdue", section=_("依申请公开"), title=_("逾期"),
        permission="applications.view_application",
        count=lambda user: queries.overdue().count(), url="applications:dashboard", alert=True))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice

from django.urls import reverse
from django.utils.functional import Promise

MAX_ITEMS = 5  # items listed under a card's count; the card's link leads to the whole list


@dataclass(frozen=True)
class CardItem:
    """One entry listed on a card: a label and where it leads."""

    label: str | Promise
    url: str


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

    @property
    def href(self) -> str:
        location = reverse(self.url)
        return f"{location}?{self.query}" if self.query else location


@dataclass(frozen=True)
class ShownCard:
    """A card as one user sees it."""

    card: Card
    count: int
    items: list[CardItem]

    @property
    def urgent(self) -> bool:
        return self.card.alert and self.count > 0


_cards: dict[str, Card] = {}


def register(card: Card) -> None:
    if _cards.get(card.key, card) != card:
        raise ValueError(f"dashboard card {card.key!r} is already registered")
    _cards[card.key] = card


def registered() -> list[Card]:
    return sorted(_cards.values(), key=lambda card: (card.order, card.key))


def cards_for(user) -> list[ShownCard]:
    """The cards `user` may see, in order, with their counts and first items for that user."""
    if not user.is_authenticated:
        return []
    shown = []
    for card in registered():
        if not user.has_perm(card.permission):
            continue
        items = list(islice(card.items(user), MAX_ITEMS)) if card.items else []
        shown.append(ShownCard(card, card.count(user), items))
    return shown
