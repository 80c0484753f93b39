"""Jobs of the EIA notices, run by `gongkai worker` (Huey)."""

from huey.contrib.djhuey import db_task

from gongkai.eia import services


@db_task()
def recompute_dates_task(years: list[int]):
    """After the calendar changed: deadlines and provisional windows (services.recompute_dates)."""
    return services.recompute_dates(years=years or None)


def on_calendar_changed(sender, years=(), **kwargs) -> None:
    """Receiver of workcalendar's calendar_changed: only enqueue (the request that saved the year returns)."""
    recompute_dates_task(list(years))
