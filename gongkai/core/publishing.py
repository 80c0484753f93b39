"""Publishing another app's record as a 主动公开 document (e.g. the 重点排污单位名录, a 整改方案, the
年报), through the 主动公开 review (保密审查, 审批) like any other document.

Domain apps never import each other, so the 主动公开 app registers itself as the *publisher* and other
apps hand it a draft:

    ref = publishing.draft(actor=user, request=publishing.DraftRequest(
        catalogue_code="04.01", title="2026年重点排污单位名录", body_html="<p>…</p>",
        date_formed=date(2026, 3, 20), attachments=[("名录.xlsx", data)], source="sources.keyunits:2026"))
    publishing.status(ref.id)  # -> DraftRef with status "draft" | "in_review" | … | "published"

The draft then waits for the editor's submission and the reviewer like every document; nothing is
published without review. `draft` raises `core.errors.DomainError` (a Chinese message) when the
catalogue row is unknown or not for the public (依申请 / 特定对象 rows), or when no publisher app is
installed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DraftRequest:
    catalogue_code: str  # the 基本目录 row, e.g. "04.01"
    title: str
    body_html: str
    date_formed: date  # 成文日期
    document_number: str = ""  # 文号
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # (display name, content)
    source: str = ""  # "app.what:id" — where the draft came from, kept in its audit record


@dataclass(frozen=True)
class DraftRef:
    id: int
    status: str  # the document's status value ("draft", "in_review", "approved", "published", …)
    staff_url: str
    public_url: str = ""  # once published
    published_at: object = None  # datetime once published


@dataclass(frozen=True)
class Publisher:
    draft: Callable[..., DraftRef]  # draft(actor=, request=) -> DraftRef
    status: Callable[[int], DraftRef | None]


_publisher: list[Publisher] = []


def register(publisher: Publisher) -> None:
    if _publisher and _publisher[0] != publisher:
        raise ValueError("a publisher is already registered")
    _publisher[:] = [publisher]


def available() -> bool:
    return bool(_publisher)


def draft(*, actor, request: DraftRequest) -> DraftRef:
    if not _publisher:
        from django.utils.translation import gettext as _

        from gongkai.core.errors import DomainError

        raise DomainError(_("未安装主动公开模块，无法生成公开文件。"))
    return _publisher[0].draft(actor=actor, request=request)


def status(document_id: int) -> DraftRef | None:
    return _publisher[0].status(document_id) if _publisher and document_id else None


# --- announcements: "something was published" (the unified feed, new media) ------------------------
#
# An app that publishes something to the public (a 主动公开 document, a press conference's record, the
# air 日报, a month of water results) announces it; the listeners (the interaction app's new-media
# feed: one `Publication` per key with its WeChat article and Weibo text) are called after the
# publishing transaction commits, each in its own transaction, and a failing listener is logged and
# never undoes the publication:
#
#     publishing.announce(publishing.Announcement(source="document", key=f"disclosure.document:{doc.pk}",
#         title=doc.title, body_html=doc.body_public, link=doc.get_absolute_url(), published_at=when))
#
# Announcing the same key again (a revision, late data) updates what the listeners made of it.


@dataclass(frozen=True)
class Announcement:
    source: str  # "document" | "press" | "air" | "water" (the feed's source kinds)
    key: str  # "app.model:id", stable: one feed entry per key
    title: str
    body_html: str  # sanitised public HTML (what the public page shows)
    link: str = ""  # site path (or address) of the original
    summary: str = ""
    images: tuple[str, ...] = ()
    published_at: object = None  # datetime; None: now


_listeners: list[Callable[[Announcement], None]] = []


def listen(callback: Callable[[Announcement], None]) -> None:
    if callback not in _listeners:
        _listeners.append(callback)


def _call(callback, announcement: Announcement) -> None:
    import logging

    from django.db import transaction

    try:
        with transaction.atomic():
            callback(announcement)
    except Exception:  # the publication stands; the feed entry can be made by hand
        logging.getLogger(__name__).exception("announcement listener failed: %s", announcement.key)


def announce(announcement: Announcement) -> None:
    from functools import partial

    from django.db import transaction

    for callback in list(_listeners):
        transaction.on_commit(partial(_call, callback, announcement))
