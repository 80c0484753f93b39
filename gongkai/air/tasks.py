"""Air-quality background jobs: the automatic daily report (日报). File imports run as intake jobs
(``air.observations``, see apps.py)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.air import services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="1-11", minute="5"))
def publish_daily_report():
    """The previous day's report appears by itself, once: at the first hourly run (01:05 … 11:05) that
    finds every station's 24 hours, at 11:05 with what has arrived (HJ 633 daily report, published
    before 12:00). Later data make a correction, never a silent change."""
    report = services.publish_previous_day()
    if report is None:
        logger.info("空气质量日报等待数据齐全后发布")
        return None
    logger.info("空气质量日报已发布：%s", report.date)
    return report.pk
