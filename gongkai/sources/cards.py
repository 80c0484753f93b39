"""To-do cards of the pollution-source registry on the staff home."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.intake.cards import failed_imports_card
from gongkai.sources import intake, queries
from gongkai.sources.models import KeyUnit, KeyUnitPublication, Permit

SECTION = _("污染源档案")
EXPIRY_WARNING_DAYS = 90


def unpublished_years() -> list[int]:
    """Years whose 名录 exists but has not been handed to 主动公开, oldest first."""
    drafted = set(KeyUnitPublication.objects.values_list("year", flat=True))
    return [y for y in sorted(KeyUnit.objects.values_list("year", flat=True).distinct()) if y not in drafted]


def overdue_years() -> list[int]:
    today = timezone.localdate()
    return [y for y in unpublished_years() if queries.key_units_due(y) < today]


def expiring_permits():
    today = timezone.localdate()
    return Permit.objects.filter(
        status=Permit.Status.VALID,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=EXPIRY_WARNING_DAYS),
    ).select_related("enterprise")


CARDS = (
    Card(
        key="sources.key_units_unpublished",
        section=SECTION,
        title=_("名录待生成公开文件"),
        permission="sources.change_keyunit",
        count=lambda user: len(unpublished_years()),
        items=lambda user: [
            CardItem(
                format_lazy(
                    _("{year}年名录，应于{due}前公开"), year=y, due=queries.key_units_due(y).isoformat()
                ),
                f"{reverse('sources:staff_key_units')}?year={y}",
            )
            for y in unpublished_years()[:5]
        ],
        url="sources:staff_key_units",
        order=380,
        alert=False,
    ),
    Card(
        key="sources.key_units_overdue",
        section=SECTION,
        title=_("名录公开已逾期"),
        permission="sources.change_keyunit",
        count=lambda user: len(overdue_years()),
        url="sources:staff_key_units",
        order=381,
        alert=True,
        overdue=True,
    ),
    Card(
        key="sources.permits_expiring",
        section=SECTION,
        title=_("90日内到期的排污许可证"),
        permission="sources.change_permit",  # the items open the permit's status page
        count=lambda user: expiring_permits().count(),
        items=lambda user: [
            CardItem(
                f"{p.enterprise.name} {p.number}（{p.valid_until:%Y-%m-%d}）",
                reverse("sources:staff_permit_status", args=[p.pk]),
            )
            for p in expiring_permits().order_by("valid_until")[:5]
        ],
        url="sources:staff_enterprises",
        order=382,
    ),
    failed_imports_card(
        key="sources.failed_imports",
        section=SECTION,
        importer=intake.MONITORING,
        permission="sources.add_monitoringresult",
        url="sources:staff_upload_monitoring",
        order=385,
    ),
)
