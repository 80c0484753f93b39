"""The staff-home card (console banner) warning administrators, from 1 October, that next year's
放假安排 is missing (workcalendar.provisional.next_year_missing)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.dashboard import Card, CardItem
from gongkai.core.texts import translated
from gongkai.workcalendar.provisional import next_year_missing, next_year_warning
from gongkai.workcalendar.queries import get_calendar


def missing_year() -> int | None:
    return next_year_missing(timezone.localdate(), get_calendar().covered_years)


def _items(user):
    year = missing_year()
    return [CardItem(translated(next_year_warning(year)), reverse("workcalendar:year_new"))] if year else []


CARDS = (
    Card(
        key="workcalendar.next_year_missing",
        section=_("工作日历"),
        title=_("下一年度放假安排未录入"),
        permission="workcalendar.change_calendaryear",
        count=lambda user: 1 if missing_year() else 0,
        url="workcalendar:years",
        items=_items,
        order=5,
        alert=True,
    ),
)
