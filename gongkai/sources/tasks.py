"""Periodic work of the pollution-source registry."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.sources import services


@db_periodic_task(crontab(hour="1", minute="10"))
def expire_permits():
    """Every night: valid permits past their expiry date become expired, with a dated history entry."""
    return services.expire_permits()


@db_periodic_task(crontab(hour="2", minute="20"))
def hj212_partitions():
    """Every night (PostgreSQL): the monthly partitions of the monitoring data for the coming months."""
    from gongkai.sources import partitions

    return partitions.ensure_partitions()


@db_periodic_task(crontab(minute="15"))
def hj212_exceedances():
    """Every hour: judge the last two days of online data against the permit limits; open
    exceedances become public after the configured hours when that is set."""
    from datetime import timedelta

    from django.utils import timezone

    from gongkai.sources import online

    now = timezone.now()
    opened = online.detect(now - timedelta(days=2), now)
    return {"opened": len(opened), "auto_confirmed": online.auto_confirm(now)}
