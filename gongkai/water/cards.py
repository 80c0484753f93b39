"""To-do cards of 地表水环境质量 on the staff home (core.dashboard): months with results not yet
published, bulletins drafted but not yet submitted to 主动公开, and the user's own rejected monthly imports of
the last week."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.intake.cards import failed_imports_card
from gongkai.water.intake import IMPORTER
from gongkai.water.models import Bulletin, MonthlyResult
from gongkai.water.services import bulletin_title

SECTION = _("地表水环境质量")


def unpublished_months():
    return (
        MonthlyResult.objects.filter(published_at__isnull=True)
        .values("month")
        .annotate(sections=Count("pk"))
        .order_by("-month")
    )


CARDS = (
    Card(
        key="water.unpublished_months",
        section=SECTION,
        title=_("待发布的月度结果"),
        permission="water.publish_monthlyresult",
        count=lambda user: unpublished_months().count(),
        items=lambda user: [
            CardItem(
                format_lazy(
                    _("{month}：{sections} 个断面"), month=f"{row['month']:%Y-%m}", sections=row["sections"]
                ),
                reverse("water:staff_upload"),
            )
            for row in unpublished_months()[:5]
        ],
        url="water:staff_upload",
        order=320,
    ),
    Card(
        key="water.bulletins_to_submit",
        section=SECTION,
        title=_("待审核提交的月报"),
        permission="water.submit_bulletin",
        count=lambda user: Bulletin.objects.filter(document_id__isnull=True).count(),
        items=lambda user: [
            CardItem(bulletin_title(b.month), reverse("water:staff_bulletin", args=[b.pk]))
            for b in Bulletin.objects.filter(document_id__isnull=True)[:5]
        ],
        url="water:staff_bulletins",
        order=322,
    ),
    failed_imports_card(
        key="water.failed_imports",
        section=SECTION,
        importer=IMPORTER,
        permission="water.add_monthlyresult",
        url="water:staff_upload",
        order=325,
    ),
)
