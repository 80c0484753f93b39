"""The clock ledger: append an event after checking the whole ledger, and keep the cached status and
due date in step with it (also after a calendar change)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications import clock, queries
from gongkai.applications.models import Application, ClockEvent, Status
from gongkai.applications.services.common import not_future
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError
from gongkai.workcalendar.queries import get_calendar

CACHE_FIELDS = ("status", "due_on", "calendar_missing_year", "concluded_on")


def _refresh_cache(application: Application, calendar=None) -> bool:
    """Set the cached fields from the ledger; True when any of them changed."""
    case = queries.clock_for(application, calendar=calendar)
    if case is None or case.error:
        return False  # not received, or a refused ledger: keep the last good cache (the case page says why)
    events = queries.ledger(application)
    ends = [event.day for event in events if event.kind in (clock.EventKind.REPLIED, clock.EventKind.CLOSED)]
    values = {
        "status": Status(case.status.value),
        "due_on": case.state.due_date if case.state else None,
        "calendar_missing_year": case.missing_year,
        "concluded_on": ends[-1] if ends else None,
    }
    changed = any(getattr(application, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(application, name, value)
    return changed


def recompute(application: Application) -> Application:
    """Rewrite the cached status and due date from the ledger and the current calendar."""
    if _refresh_cache(application):
        application.updated_at = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            **{name: getattr(application, name) for name in CACHE_FIELDS}, updated_at=application.updated_at
        )
    return application


def recompute_all(*, years: list[int] | None = None) -> int:
    """After a calendar change: every received case whose clock may touch `years` (all when None).
    Concluded cases are included, since the on-time rate compares the reply with the due date. Returns
    the number of cases checked; only those whose cache changed are written."""
    cases = Application.objects.received().prefetch_related("clock_events").order_by("pk")
    if years:
        cases = cases.filter(received_on__year__gte=min(years) - 1, received_on__year__lte=max(years))
    calendar = get_calendar()
    count, changed = 0, []
    for application in cases.iterator(chunk_size=500):
        count += 1
        if _refresh_cache(application, calendar):
            application.updated_at = timezone.now()
            changed.append(application)
        if len(changed) >= 500:
            Application.objects.bulk_update(changed, [*CACHE_FIELDS, "updated_at"])
            changed = []
    if changed:
        Application.objects.bulk_update(changed, [*CACHE_FIELDS, "updated_at"])
    return count


@dataclass(frozen=True)
class Recorded:
    event: ClockEvent
    warnings: tuple[str, ...]


def append_event(
    application: Application, *, actor, kind: clock.EventKind, day: date, note: str = "", **fields
) -> Recorded:
    """Add one ledger entry after checking the whole ledger with it (clock.compute refuses what the rules
    do not allow: a second extension, a consultation while awaiting the supplement, …)."""
    not_future(day, "day", _("日期"))
    if application.received_on is not None and day < application.received_on:
        raise DomainError(_("日期不能早于收到申请之日。"), field="day")
    try:
        new = clock.ClockEvent(kind, day, **fields)
        events = [*queries.ledger(application), new]
        before = queries.compute(events[:-1]).state
        after = queries.compute(events).state
    except clock.ClockError as error:
        raise DomainError(error.message) from None
    row = ClockEvent.objects.create(
        application=application, kind=kind.value, day=day, note=note, recorded_by=actor, **fields
    )
    recompute(application)
    old = set(before.warnings) if before else set()
    warnings = tuple(w for w in after.warnings if w not in old) if after else ()
    audit.record(
        actor=actor,
        action=f"application.clock.{kind.value}",
        target=application,
        after={
            "event": kind.value,
            "day": day.isoformat(),
            **{
                name: value.isoformat() if isinstance(value, date) else value
                for name, value in fields.items()
            },
            "due_on": application.due_on.isoformat() if application.due_on else None,
            "status": application.status,
            **({"warnings": list(warnings)} if warnings else {}),
            **({"backdated_days": (queries.today() - day).days} if day < queries.today() else {}),
        },
    )
    return Recorded(row, warnings)
