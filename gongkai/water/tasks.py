"""Jobs of 地表水环境质量, run by `gongkai worker` (Huey)."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.water import services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="*", minute="20"))
def draft_monthly_bulletins():
    """Every hour: draft the bulletin of each month whose sections in use all have published results."""
    drafted = services.draft_due_bulletins()
    if drafted:
        logger.info("drafted %d water bulletin(s)", len(drafted))
    return [f"{b.month:%Y-%m}" for b in drafted]
