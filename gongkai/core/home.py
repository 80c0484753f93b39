"""Home-page cards (首页栏目卡片). Each app registers its cards in `AppConfig.ready` with
`register(HomeCard(key, template, context=callable, order))`; the public home page renders every
registered card in `order`, so the page grows with the apps. `context(request)` returns the card's
template context (or None to leave the card out, e.g. when there is nothing to show yet); keep it
to one or two queries, the home page is the most visited page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomeCard:
    key: str
    template: str
    context: Callable[[Any], dict | None] = lambda request: {}
    order: int = 100
    wide: bool = False  # spans the whole row of cards
    # Feeds advertised in the page head (<link rel="alternate">): (title, url name, MIME type).
    feeds: tuple[tuple[Any, str, str], ...] = ()
    stylesheets: tuple[str, ...] = ()  # static paths the card's markup needs


@dataclass(frozen=True)
class RenderedCard:
    card: HomeCard
    context: dict


_cards: dict[str, HomeCard] = {}


def register(card: HomeCard) -> None:
    """Add a card; the same card again changes nothing, another card under a used key raises."""
    if _cards.get(card.key, card) != card:
        raise ValueError(f"home card {card.key!r} is already registered")
    _cards[card.key] = card


def cards() -> list[HomeCard]:
    return sorted(_cards.values(), key=lambda card: (card.order, card.key))


def feeds() -> list[tuple[Any, str, str]]:
    return [feed for card in cards() for feed in card.feeds]


def stylesheets() -> list[str]:
    return list(dict.fromkeys(path for card in cards() for path in card.stylesheets))


def cards_for(request) -> list[RenderedCard]:
    """The cards with their context, leaving out those whose context is None."""
    rendered = []
    for card in cards():
        context = card.context(request)
        if context is not None:
            rendered.append(RenderedCard(card, context))
    return rendered
