"""The enforcement officer's to-do cards on the staff home (工作台)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.enforcement import queries
from gongkai.enforcement.apps import SECTION
from gongkai.workcalendar.impact import DeadlineSource


def _decision_items(decisions):
    return [
        CardItem(
            f"{d.number} {d.public_name}",
            reverse("enforcement:staff_decision", args=[d.pk]),
            d.publish_due,  # 双公示: 7 working days after the decision
        )
        for d in decisions[:5]
    ]


CARDS = (
    Card(
        key="enforcement.overdue_publication",
        section=SECTION,
        title=_("超过7个工作日未公示的决定"),
        permission="enforcement.publish_decision",
        count=lambda user: queries.overdue_unpublished().count(),
        items=lambda user: _decision_items(queries.overdue_unpublished()),
        url="enforcement:staff_decisions",
        query="due=overdue",
        order=500,
        alert=True,
        overdue=True,
    ),
    Card(
        key="enforcement.due_soon",
        section=SECTION,
        title=_("2个工作日内须公示的决定"),
        permission="enforcement.publish_decision",
        count=lambda user: queries.due_soon_unpublished().count(),
        items=lambda user: _decision_items(queries.due_soon_unpublished()),
        url="enforcement:staff_decisions",
        query="due=soon",
        order=501,
    ),
    Card(
        key="enforcement.unpublished",
        section=SECTION,
        title=_("待公示的决定"),
        permission="enforcement.publish_decision",
        count=lambda user: queries.unpublished_decisions().count(),
        url="enforcement:staff_decisions",
        query="status=unpublished",
        order=502,
    ),
    Card(
        key="enforcement.awaiting_withdrawal",
        section=SECTION,
        title=_("须在3日内撤回的决定"),
        permission="enforcement.withdraw_decision",
        count=lambda user: queries.awaiting_withdrawal().count(),
        items=lambda user: [
            CardItem(d.number, reverse("enforcement:staff_decision", args=[d.pk]), d.withdraw_due)
            for d in queries.awaiting_withdrawal()[:5]
        ],
        url="enforcement:staff_decisions",
        query="status=revoked",
        order=503,
        alert=True,
    ),
    Card(
        key="enforcement.plans",
        section=SECTION,
        title=_("待公布承诺值或待抽取的计划"),
        permission="enforcement.draw_drawplan",
        count=lambda user: queries.plans_awaiting_draw().count(),
        items=lambda user: [
            CardItem(f"{p.number} {p.title}", reverse("enforcement:staff_plan", args=[p.pk]))
            for p in queries.plans_awaiting_draw()[:5]
        ],
        url="enforcement:staff_plans",
        order=505,
    ),
    Card(
        key="enforcement.results_due",
        section=SECTION,
        title=_("到期未公开的抽查结果"),
        permission="enforcement.draw_drawplan",
        count=lambda user: queries.results_due().count(),
        url="enforcement:staff_plans",
        order=506,
        alert=True,
        overdue=True,
    ),
    Card(
        key="enforcement.listed_overdue",
        section=SECTION,
        title=_("逾期未销号的挂牌督办"),
        permission="enforcement.change_listedcase",
        count=lambda user: queries.open_listed_overdue().count(),
        url="enforcement:staff_listed",
        order=510,
        alert=True,
        overdue=True,
    ),
    Card(
        key="enforcement.problems_overdue",
        section=SECTION,
        title=_("逾期的督察整改问题"),
        permission="enforcement.change_rectificationproblem",
        count=lambda user: queries.overdue_problems().count(),
        url="enforcement:staff_rectification",
        order=515,
        alert=True,
        overdue=True,
    ),
)


# 双公示: unpublished decisions' deadlines, 7 working days from the decision (workcalendar.impact).
DEADLINES = (
    DeadlineSource(
        "enforcement.publish_due",
        _("行政处罚决定公示期限"),
        lambda: queries.unpublished_decisions().values_list("decided_on", "publish_due"),
    ),
)
