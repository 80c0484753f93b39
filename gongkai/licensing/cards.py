"""To-do cards (core.dashboard): 双公示 decisions not yet published, those due within 2 working days,
those overdue; annual disclosure reports missing; the user's failed report uploads."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.intake.cards import failed_imports_card
from gongkai.licensing import queries
from gongkai.licensing.intake import IMPORTER
from gongkai.workcalendar.impact import DeadlineSource

SECTION = _("行政许可与企业依法披露")


def _items(queryset):
    return [
        CardItem(
            f"{d.document_number}（{d.party_name}）",
            reverse("licensing:staff_decision", args=[d.pk]),
            d.due_on,
        )
        for d in queryset[:5]
    ]


CARDS = (
    Card(
        key="licensing.unpublished",
        section=SECTION,
        title=_("待公示的许可决定"),
        permission="licensing.view_decision",
        count=lambda user: queries.unpublished().count(),
        items=lambda user: _items(queries.unpublished()),
        url="licensing:staff_decisions",
        query="state=unpublished",
        order=500,
    ),
    Card(
        key="licensing.due_soon",
        section=SECTION,
        title=_("2个工作日内到期"),
        permission="licensing.view_decision",
        count=lambda user: queries.due_soon().count(),
        items=lambda user: _items(queries.due_soon()),
        url="licensing:staff_decisions",
        query="state=due_soon",
        order=501,
        alert=True,
    ),
    Card(
        key="licensing.overdue",
        section=SECTION,
        title=_("逾期未公示"),
        permission="licensing.view_decision",
        count=lambda user: queries.overdue().count(),
        items=lambda user: _items(queries.overdue()),
        url="licensing:staff_decisions",
        query="state=overdue",
        order=502,
        alert=True,
        overdue=True,
    ),
    Card(
        key="licensing.missing_annual",
        section=SECTION,
        title=_("未披露年度报告的企业"),
        permission="licensing.view_obligation",
        count=lambda user: queries.missing_annual().count(),
        url="licensing:staff_obligations",
        query="status=missing",
        order=510,
        alert=True,
    ),
    failed_imports_card(
        key="licensing.failed_imports",
        section=SECTION,
        importer=IMPORTER,
        permission="licensing.add_disclosurereport",
        url="licensing:staff_report_upload",
        order=515,
    ),
)


# 双公示: unpublished licensing decisions' deadlines, in working days from the decision (workcalendar.impact).
DEADLINES = (
    DeadlineSource(
        "licensing.due_on",
        _("行政许可决定公示期限"),
        lambda: queries.unpublished().values_list("decided_on", "due_on"),
    ),
)
