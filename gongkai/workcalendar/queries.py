"""Loading the calendar from the database, cached per process and refreshed on any change."""

from __future__ import annotations

import threading

from django.conf import settings
from django.db.models import Count, Max

from gongkai.workcalendar import workdays
from gongkai.workcalendar.models import CalendarYear, SpecialDay
from gongkai.workcalendar.workdays import ProvisionalRule, WorkdayCalendar

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


def provisional_rule() -> ProvisionalRule:
    """The deployment's rule for counting a year not entered yet (settings
    WORKCALENDAR_PROVISIONAL_HOLIDAYS, default none: weekends only; WORKCALENDAR_PROVISIONAL_YEARS_AHEAD,
    default 1)."""
    holidays = tuple(tuple(pair) for pair in getattr(settings, "WORKCALENDAR_PROVISIONAL_HOLIDAYS", ()))
    return ProvisionalRule(
        holidays=holidays, years_ahead=int(getattr(settings, "WORKCALENDAR_PROVISIONAL_YEARS_AHEAD", 1))
    )


def get_provisional_calendar() -> WorkdayCalendar:
    """The database calendar that also counts the next, not yet entered, year provisionally.
    Whoever uses it must show a result with `calendar.is_provisional(start, result)` as 暂定."""
    return get_calendar().with_provisional(provisional_rule())
