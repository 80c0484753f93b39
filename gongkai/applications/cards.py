"""To-do cards of 依申请公开 on the staff home (core.dashboard): what waits for each role. Counts are
bureau-wide, like the 到期提醒 page; a card is shown to the roles holding its permission."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.applications import queries
from gongkai.applications.models import OPEN_STATUSES, Application, ExtensionRequest, ReplyLetter
from gongkai.core.dashboard import Card, CardItem
from gongkai.workcalendar.impact import DeadlineSource

VIEW = "applications.view_application"
DESCRIPTION_CHARS = 18  # of the requested information, after the number on a card
SECTION = _("依申请公开")


def _label(case) -> str:
    return f"{case.tracking_number} {Truncator(case.description).chars(DESCRIPTION_CHARS)}"


def _case_items(cases: QuerySet) -> list[CardItem]:
    """The case's number and what is asked for, its deadline (the home shows the working days left)."""
    return [CardItem(_label(case), case.get_absolute_url(), case.due_on) for case in cases[:5]]


def _letters_in_review() -> QuerySet:
    return ReplyLetter.objects.filter(state=ReplyLetter.State.IN_REVIEW)


def _pending_extensions() -> QuerySet:
    return ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING)


def _letters_to_sign() -> QuerySet:
    return ReplyLetter.objects.filter(state=ReplyLetter.State.APPROVED)


def count_to_approve(user) -> int:
    """Extension requests to decide, plus approved letters to sign for those who sign."""
    signing = _letters_to_sign().count() if user.has_perm("applications.sign_reply") else 0
    return _pending_extensions().count() + signing


def items_to_approve(user) -> list[CardItem]:
    rows = [
        (extension.application, _("延期申请"))
        for extension in _pending_extensions().select_related("application")[:5]
    ]
    if user.has_perm("applications.sign_reply"):
        rows += [
            (letter.application, _("答复书签发"))
            for letter in _letters_to_sign().select_related("application")[:5]
        ]
    return [
        CardItem(f"{case.tracking_number} {what}", case.get_absolute_url(), case.due_on)
        for case, what in rows
    ]


CARDS = (
    Card(
        section=SECTION,
        key="applications.awaiting_registration",
        title=_("待确认受理"),
        permission="applications.handle_application",
        count=lambda user: queries.awaiting_registration().count(),
        items=lambda user: _case_items(queries.awaiting_registration()),
        url="applications:cases",
        query="status=submitted",
        order=100,
    ),
    Card(
        section=SECTION,
        key="applications.legal_review",
        title=_("待法审"),
        permission="applications.legal_review",
        count=lambda user: _letters_in_review().count(),
        items=lambda user: _case_items(
            Application.objects.filter(pk__in=_letters_in_review().values("application")).order_by("due_on")
        ),
        url="applications:legal_queue",
        order=110,
    ),
    Card(
        section=SECTION,
        key="applications.approvals",
        title=_("待审批签发"),
        permission="applications.approve_extension",
        count=count_to_approve,
        items=items_to_approve,
        url="applications:approvals",
        order=120,
    ),
    Card(
        section=SECTION,
        key="applications.overdue",
        title=_("逾期"),
        permission=VIEW,
        count=lambda user: queries.overdue().count(),
        items=lambda user: _case_items(queries.overdue().order_by("due_on")),
        url="applications:cases",
        query="due=overdue",
        order=130,
        alert=True,
        overdue=True,
    ),
    Card(
        section=SECTION,
        key="applications.due_soon",
        title=format_lazy(_("{days} 个工作日内到期"), days=queries.DUE_SOON_WORKDAYS),
        permission=VIEW,
        count=lambda user: queries.due_soon().count(),
        items=lambda user: _case_items(queries.due_soon().order_by("due_on")),
        url="applications:cases",
        query="due=soon",
        order=140,
    ),
)


# Open cases' reply deadlines, counted in working days from receipt (条例 Art. 33), for the calendar
# grid's preview of what a change would move (workcalendar.impact).
DEADLINES = (
    DeadlineSource(
        "applications.due_on",
        _("依申请公开答复期限"),
        lambda: Application.objects.filter(status__in=OPEN_STATUSES, due_on__isnull=False).values_list(
            "received_on", "due_on"
        ),
    ),
)
