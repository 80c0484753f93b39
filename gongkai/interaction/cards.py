"""To-do cards of 互动交流 on the staff home (core.dashboard)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.interaction import queries
from gongkai.interaction.models import Comment, Consultation, Message, OpinionItem, Status
from gongkai.workcalendar.impact import DeadlineSource

SECTION = _("互动交流")


def _items(rows):
    return [
        CardItem(f"{m.number} {m.title}", reverse("interaction:staff_message", args=[m.pk]), m.due_on)
        for m in rows[:5]
    ]


CARDS = (
    Card(
        key="interaction.pending_moderation",
        section=SECTION,
        title=_("待审核的留言"),
        permission="interaction.moderate_message",
        count=lambda user: Message.objects.filter(status=Status.PENDING).count(),
        items=lambda user: _items(Message.objects.filter(status=Status.PENDING).order_by("submitted_at")),
        url="interaction:staff_messages",
        query="status=pending",
        order=600,
    ),
    Card(
        key="interaction.to_assign",
        section=SECTION,
        title=_("待分办的留言"),
        permission="interaction.assign_message",
        count=lambda user: Message.objects.filter(status=Status.ACCEPTED).count(),
        url="interaction:staff_messages",
        query="status=accepted",
        order=601,
    ),
    Card(
        key="interaction.my_messages",
        section=SECTION,
        title=_("我承办的留言"),
        permission="interaction.reply_message",
        count=lambda user: Message.objects.filter(status=Status.ASSIGNED, handler=user).count(),
        items=lambda user: _items(
            Message.objects.filter(status=Status.ASSIGNED, handler=user).order_by("due_on")
        ),
        url="interaction:staff_messages",
        query="status=assigned",
        order=602,
    ),
    Card(
        key="interaction.overdue",
        section=SECTION,
        title=_("逾期未答复的留言"),
        permission="interaction.oversee_message",
        count=lambda user: queries.overdue().count(),
        items=lambda user: _items(queries.overdue()),
        url="interaction:staff_overview",
        order=603,
        alert=True,
        overdue=True,
    ),
    Card(
        key="interaction.leads",
        section=SECTION,
        title=_("待接收的举报线索"),
        permission="interaction.change_caselead",
        count=lambda user: queries.pending_leads(user).count(),
        items=lambda user: [
            CardItem(
                f"{lead.message.number} {lead.message.title}",
                reverse("interaction:staff_lead", args=[lead.pk]),
            )
            for lead in queries.pending_leads(user)[:5]
        ],
        url="interaction:staff_leads",
        query="open=1",
        order=604,
        alert=True,
    ),
    Card(
        key="interaction.comments",
        section=SECTION,
        title=_("待审核的征集意见"),
        permission="interaction.manage_consultation",
        count=lambda user: Comment.objects.filter(state=Comment.State.PENDING).count(),
        url="interaction:staff_consultations",
        order=605,
    ),
    Card(
        key="interaction.feedback_due",
        section=SECTION,
        title=_("待公布采纳情况的意见征集"),
        permission="interaction.manage_consultation",
        count=lambda user: Consultation.objects.filter(
            state__in=[Consultation.State.OPEN, Consultation.State.CLOSED], ends_on__lt=timezone.localdate()
        ).count(),
        url="interaction:staff_consultations",
        order=606,
        alert=True,
    ),
    Card(
        key="interaction.opinions_open",
        section=SECTION,
        title=_("未回应的舆情"),
        permission="interaction.manage_opinionitem",
        count=lambda user: OpinionItem.objects.filter(responded_at__isnull=True).count(),
        url="interaction:staff_opinions",
        order=607,
        alert=True,
    ),
)


# Open messages' reply deadlines, in working days from receipt (workcalendar.impact).
DEADLINES = (
    DeadlineSource(
        "interaction.due_on",
        _("留言答复期限"),
        lambda: Message.objects.open().values_list("received_on", "due_on"),
    ),
)
