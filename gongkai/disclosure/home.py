"""The disclosure app's home-page cards (core.home): the latest 主动公开 documents and the latest
通知公告 (documents filed under a catalogue item named in settings.HOME_NOTICE_ITEM_NAMES, default
“通知公告”, and its sub-items). One query each."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.home import HomeCard
from gongkai.disclosure.models import Document

LATEST_COUNT = 8


def _rows(queryset):
    return list(queryset.only("title", "index_number", "published_at", "pk")[:LATEST_COUNT])


def latest_context(request) -> dict:
    return {"documents": _rows(Document.objects.published().order_by("-published_at", "-pk"))}


def notice_item_names() -> tuple[str, ...]:
    return tuple(getattr(settings, "HOME_NOTICE_ITEM_NAMES", ("通知公告",)))


def notices_context(request) -> dict:
    under = Q()
    for name in notice_item_names():
        # the item itself or any item below it (codes nest with ".")
        under |= Q(catalogue_item__name=name)
        under |= Q(catalogue_item__parent__name=name)
    documents = Document.objects.published().filter(under).order_by("-published_at", "-pk")
    return {"documents": _rows(documents)}


CARDS = (
    HomeCard(
        key="disclosure-latest",
        template="disclosure/home/latest.html",
        context=latest_context,
        order=10,
        feeds=(
            (_("主动公开（RSS）"), "disclosure:rss", "application/rss+xml"),
            (_("主动公开（Atom）"), "disclosure:atom", "application/atom+xml"),
        ),
    ),
    HomeCard(
        key="disclosure-notices", template="disclosure/home/notices.html", context=notices_context, order=20
    ),
)
