"""How many open deadlines a calendar change would move (预览：受影响的期限), shown before an
administrator saves a change in the year grid.

Apps holding working-day deadlines declare them in their `cards.py` as `DEADLINES`, a tuple of
`DeadlineSource`: `spans()` yields `(start, due)` of each open deadline counted in working days from
`start` (the day not counted). A deadline moves when the working days it was given, counted on the
current calendar, end on another day on the changed one. This is a preview: the apps' own
recomputation after the save (`services.calendar_changed`) stays the authority (a paused clock, for
example, is recounted there in full)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule

from gongkai.workcalendar.workdays import WorkdayCalendar, YearNotCovered


@dataclass(frozen=True)
class DeadlineSource:
    key: str
    label: str | Promise
    spans: Callable[[], Iterable[tuple[date, date]]]


@dataclass(frozen=True)
class Impact:
    source: DeadlineSource
    open: int  # open deadlines looked at
    moved: int


def sources() -> list[DeadlineSource]:
    """Every app's `cards.DEADLINES`, in app order."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("gongkai.") and module_has_submodule(config.module, "cards"):
            found.extend(getattr(import_module(f"{config.name}.cards"), "DEADLINES", ()))
    return found


def moves(before: WorkdayCalendar, after: WorkdayCalendar, start: date, due: date) -> bool:
    try:
        return after.add_workdays(start, before.workdays_between(start, due)) != due
    except YearNotCovered:
        return False  # a span the calendar cannot count is counted by nobody: nothing moves


def impact(before: WorkdayCalendar, after: WorkdayCalendar) -> list[Impact]:
    """Per source, the open deadlines and how many of them the change from `before` to `after` moves."""
    result = []
    for source in sources():
        spans = [(start, due) for start, due in source.spans() if start and due]
        result.append(Impact(source, len(spans), sum(moves(before, after, s, d) for s, d in spans)))
    return result
