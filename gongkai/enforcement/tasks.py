"""Jobs of the enforcement app, run by `gongkai worker` (Huey)."""

from huey.contrib.djhuey import db_task

from gongkai.enforcement import services


@db_task()
def recompute_due_dates_task(years):
    """After a calendar change: the 双公示 due dates of unpublished decisions."""
    return services.recompute_publication_due(years)
