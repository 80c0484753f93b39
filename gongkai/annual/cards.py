"""To-do cards of the annual report: the reminder schedule ahead of the 31 January deadline (条例
Art. 49; steps in `schedule`, configurable with ANNUAL_REMINDERS) for the editors who prepare it, and the
overdue report, shown as an alert to whoever oversees it (the leader)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.annual import schedule
from gongkai.annual.models import Report
from gongkai.core.dashboard import Card, CardItem

SECTION = _("政府信息公开年报")


def steps_setting() -> tuple[tuple[int, str], ...]:
    return tuple(getattr(settings, "ANNUAL_REMINDERS", schedule.DEFAULT_STEPS))


def _state(year: int) -> tuple[bool, bool]:
    """(submitted to review, published) of the year's report."""
    from gongkai.annual import services

    report = Report.objects.filter(year=year).first()
    if report is None:
        return False, False
    return services.submitted(report), services.published(report)


def pending(today=None) -> list[tuple[int, schedule.Step]]:
    """(year, next step) of the reports in preparation, not yet handed to review, not yet overdue."""
    today = today or timezone.localdate()
    out = []
    for year in schedule.active_years(today, steps_setting()):
        _submitted, published = _state(year)
        step = schedule.next_step(today, year, steps_setting())
        if not published and step is not None:
            out.append((year, step))
    return out


def overdue(today=None) -> list[int]:
    today = today or timezone.localdate()
    return [
        year
        for year in schedule.active_years(today, steps_setting())
        if schedule.overdue(today, year, _state(year)[1])
    ]


def _link(year: int) -> str:
    """The year's report page; the list (where it is started) while the year has no report yet."""
    if Report.objects.filter(year=year).exists():
        return reverse("annual:report", args=[year])
    return reverse("annual:reports")


CARDS = (
    Card(
        key="annual.reminder",
        section=SECTION,
        title=_("年报编制提醒"),
        permission="annual.change_report",
        count=lambda user: len(pending()),
        items=lambda user: [
            CardItem(
                gettext("%(year)s年年报：%(step)s") % {"year": year, "step": gettext(step.label)},
                _link(year),
                step.due,
            )
            for year, step in pending()
        ],
        url="annual:reports",
        order=340,
    ),
    Card(
        key="annual.overdue",
        section=SECTION,
        title=_("年报逾期未发布"),
        permission="annual.view_report",
        count=lambda user: len(overdue()),
        items=lambda user: [
            CardItem(gettext("%(year)s年年报") % {"year": year}, _link(year), schedule.deadline(year))
            for year in overdue()
        ],
        url="annual:reports",
        order=341,
        alert=True,
        overdue=True,
    ),
)
