"""The nightly scan (日扫描), run by `gongkai worker` (Huey); the hour is SITECHECK_HOUR (default 2)."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour=str(getattr(settings, "SITECHECK_HOUR", 2)), minute="30"))
def nightly_scan():
    from gongkai.sitecheck import services

    scan = services.run_scan()
    logger.info("site self-inspection: %d pages, score %s", scan.pages, scan.score)
    return scan.pk


@db_task()
def scan_now(user_id: int):
    from django.contrib.auth import get_user_model

    from gongkai.sitecheck import services

    user = get_user_model().objects.get(pk=user_id)
    return services.run_scan(actor=user).pk
