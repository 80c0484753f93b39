"""Loading the calendar from the database, cached per process and refreshed on any change."""

from __future__ import annotations

import threading

from django.conf import settings
from django.db.models import Count, Max

from gongkai.workcalendar import workdays
from gongkai.workcalendar.models import CalendarYear, SpecialDay
from gongkai.workcalendar.provisional import with_next_years
from gongkai.workcalendar.workdays import WorkdayCalendar

_lock = threading.Lock()
_cached: tuple[tuple, WorkdayCalendar] | None = None


def _stamp() -> tuple:
    # One cheap query tells whether another process changed the calendar since we loaded it.
    summary = CalendarYear.objects.aggregate(
        changed=Max("updated_at"), years=Count("year", distinct=True), days=Count("days")
    )
    return (summary["changed"], summary["years"], summary["days"])


def get_calendar() -> WorkdayCalendar:
    global _cached
    stamp = _stamp()
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1]
        calendar = WorkdayCalendar(
            CalendarYear.objects.values_list("year", flat=True),
            (
                workdays.SpecialDay(day, workdays.DayKind(kind), name)
                for day, kind, name in SpecialDay.objects.values_list("day", "kind", "name")
            ),
        )
        _cached = (stamp, calendar)
        return calendar


def provisional_years_ahead() -> int:
    """How many years after the last entered one are counted provisionally (setting
    WORKCALENDAR_PROVISIONAL_YEARS_AHEAD, default 1: only the next year, whose notice is pending)."""
    return max(0, int(getattr(settings, "WORKCALENDAR_PROVISIONAL_YEARS_AHEAD", 1)))


_provisional: tuple[WorkdayCalendar, int, WorkdayCalendar] | None = None


def get_provisional_calendar() -> WorkdayCalendar:
    """The database calendar that also counts the next, not yet entered, year provisionally: weekends
    and the statutory holidays of 《全国年节及纪念日放假办法》 (workcalendar.provisional, the single
    implementation). Whoever uses it must show a result with `calendar.is_provisional(start, result)`
    as 暂定."""
    global _provisional
    calendar = get_calendar()
    years_ahead = provisional_years_ahead()
    cached = _provisional
    if cached is not None and cached[0] is calendar and cached[1] == years_ahead:
        return cached[2]  # the same loaded calendar (a changed calendar is a new object)
    provisional = with_next_years(calendar, years_ahead)
    _provisional = (calendar, years_ahead, provisional)
    return provisional


def calendar_with(year: int, days) -> WorkdayCalendar:
    """The calendar as it would be with `year`'s special days replaced by `days` (and the year
    entered), counting the following years provisionally like `get_provisional_calendar`."""
    current = get_calendar()
    others = [special for special in current.special_days() if special.day.year != year]
    changed = WorkdayCalendar(current.covered_years | {year}, [*others, *days])
    return with_next_years(changed, provisional_years_ahead())


def preview_change(year: int, days):
    """How many open deadlines of each app saving `days` for `year` would move (workcalendar.impact)."""
    from gongkai.workcalendar import impact

    return impact.impact(get_provisional_calendar(), calendar_with(year, days))
