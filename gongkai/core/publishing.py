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
