"""To-do cards of 主动公开 on the staff home (core.dashboard): drafts for editors, documents waiting for
the 保密审查 and the leader's approval, scheduled publications and documents past their 公开时限."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.disclosure import queries
from gongkai.disclosure.models import Document, Status

SECTION = _("主动公开")


def _documents(status: str):
    return Document.objects.filter(status=status)


def _items(status: str):
    def items(user) -> list[CardItem]:
        documents = _documents(status).order_by("updated_at", "pk")[:5]
        return [CardItem(d.title, reverse("disclosure:staff_document", args=[d.pk])) for d in documents]

    return items


def _status_card(key, title, permission, status, order) -> Card:
    return Card(
        key=f"disclosure.{key}",
        section=SECTION,
        title=title,
        permission=permission,
        count=lambda user: _documents(status).count(),
        items=_items(status),
        url="disclosure:staff_documents",
        query=f"status={status.value}",
        order=order,
    )


def _overdue() -> list:
    return [entry for entry in queries.unpublished_deadlines() if entry.overdue]


def _due_soon() -> list:
    return [entry for entry in queries.unpublished_deadlines() if entry.due_soon]


def _deadline_item(entry) -> CardItem:
    """The document and its 公开时限 (the home shows the working days left); a provisional date says so."""
    title = entry.document.title + ("（暂定）" if entry.provisional else "")
    return CardItem(title, reverse("disclosure:staff_document", args=[entry.document.pk]), entry.due_on)


CARDS = (
    _status_card("drafts", _("草稿和被退回的文件"), "disclosure.change_document", Status.DRAFT, 200),
    _status_card("review", _("待保密审查"), "disclosure.review_document", Status.IN_REVIEW, 210),
    _status_card("approval", _("待领导审批"), "disclosure.approve_document", Status.AWAITING_APPROVAL, 220),
    _status_card("scheduled", _("定时待发布"), "disclosure.approve_document", Status.SCHEDULED, 230),
    Card(
        key="disclosure.overdue",
        section=SECTION,
        title=_("超过公开时限未发布"),
        permission="disclosure.view_timeliness",
        count=lambda user: len(_overdue()),
        items=lambda user: [_deadline_item(entry) for entry in _overdue()[:5]],
        url="disclosure:staff_dashboard",
        order=240,
        alert=True,
        overdue=True,
    ),
    Card(
        key="disclosure.expiring",
        section=SECTION,
        title=_("有效期即将届满的规范性文件"),
        permission="disclosure.change_document",
        count=lambda user: queries.expiring_normative_documents().count(),
        items=lambda user: [
            CardItem(
                f"{d.title}　{d.valid_until.isoformat()}", reverse("disclosure:staff_document", args=[d.pk])
            )
            for d in queries.expiring_normative_documents()[:5]
        ],
        url="disclosure:staff_documents",
        order=250,
    ),
    Card(
        key="disclosure.due_soon",
        section=SECTION,
        title=_("即将到达公开时限"),
        permission="disclosure.view_timeliness",
        count=lambda user: len(_due_soon()),
        items=lambda user: [_deadline_item(entry) for entry in _due_soon()[:5]],
        url="disclosure:staff_dashboard",
        order=245,
    ),
)
