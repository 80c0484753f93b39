"""Scheduled jobs of 互动交流, run by `gongkai worker`.

- Every morning at 07:30: reminders before a reply deadline and alerts after it (once per message), and the
  reminder that a consultation's 采纳情况 is due (services.send_deadline_notices).
- After a calendar change: `calendar_changed` enqueues `recompute_deadlines` for the changed years."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.interaction import services


@db_periodic_task(crontab(hour="7", minute="30"))
def daily_deadline_notices():
    return services.send_deadline_notices()


@db_task()
def recompute_deadlines(years: list[int]):
    return services.recompute_deadlines(years=years)


def on_calendar_changed(sender, years=(), **kwargs) -> None:
    recompute_deadlines(list(years))


@db_periodic_task(crontab(minute="15"))
def retry_failed_notifications():
    """Hourly: notifications whose mail server or SMS gateway failed in the last day are sent again
    (core.notify.retry_failed; every app's, since only this app uses core.notify so far)."""
    from gongkai.core import notify

    return notify.retry_failed()
