from huey.contrib.djhuey import db_task


@db_task()
def recompute_deadlines_task(years=None):
    """After the working-day calendar changed: 双公示 and temporary-report deadlines."""
    from gongkai.licensing.services import recompute_deadlines

    return recompute_deadlines(years=years)
