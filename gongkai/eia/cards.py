"""To-do cards of the staff home: comments awaiting moderation, approved comments without an answer,
comment windows closing soon, decision notices awaiting publication (with their deadline)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.eia import queries, services

SECTION = _("环评公示")


def _decision_label(notice) -> str:
    if notice.due_on is None:
        return notice.project.name
    late = notice.due_on < services.today()
    template = _("{name}：应于{due}前发布（已逾期）") if late else _("{name}：应于{due}前发布")
    due = f"{notice.due_on:%Y-%m-%d}" + ("（暂定）" if notice.due_provisional else "")
    return format_lazy(template, name=notice.project.name, due=due)


CARDS = (
    Card(
        key="eia.pending_comments",
        section=SECTION,
        title=_("待审核的公众意见"),
        permission="eia.moderate_comment",
        count=lambda user: queries.pending_comments().count(),
        items=lambda user: [
            CardItem(f"{c.number} {c.project.name}", reverse("eia:staff_comment", args=[c.pk]))
            for c in queries.pending_comments()[:5]
        ],
        url="eia:staff_comments",
        query="status=pending&sort=old",
        order=410,
    ),
    Card(
        key="eia.unanswered_comments",
        section=SECTION,
        title=_("待答复的公众意见"),
        permission="eia.answer_comment",
        count=lambda user: queries.unanswered_comments().count(),
        items=lambda user: [
            CardItem(f"{c.number} {c.project.name}", reverse("eia:staff_comment", args=[c.pk]))
            for c in queries.unanswered_comments().order_by("submitted_at")[:5]
        ],
        url="eia:staff_comments",
        query="status=approved&sort=old",
        order=412,
    ),
    Card(
        key="eia.closing_windows",
        section=SECTION,
        title=_("即将截止的公示期"),
        permission="eia.view_project",
        count=lambda user: len(queries.closing_notices()),
        items=lambda user: [
            CardItem(
                format_lazy(
                    _("{name}·{stage}：{last}截止"),
                    name=n.project.name,
                    stage=n.get_stage_display(),
                    last=f"{n.window_last:%Y-%m-%d}",
                ),
                reverse("eia:staff_project", args=[n.project_id]),
            )
            for n in queries.closing_notices()[:5]
        ],
        url="eia:staff_projects",
        order=414,
    ),
    Card(
        key="eia.decisions_due",
        section=SECTION,
        title=_("待发布的审批决定公告"),
        permission="eia.publish_notice",
        count=lambda user: queries.drafts_due().count(),
        items=lambda user: [
            CardItem(_decision_label(n), reverse("eia:staff_project", args=[n.project_id]), n.due_on)
            for n in queries.drafts_due()[:5]
        ],
        url="eia:staff_projects",
        order=416,
        alert=True,
    ),
)
