"""Periodic checks of the audit trail, run by `gongkai worker`."""

import logging

from django.conf import settings
from django.core.mail import mail_admins
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.audit.services import export_head, verify

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="17"))
def verify_audit_chain_nightly():
    """Every night: walk the hash chain (a break is logged and mailed to the administrators) and
    append the chain head to $GONGKAI_DATA_DIR/audit-chain-heads.jsonl for archiving."""
    result = verify()
    # The head is exported whatever the result: an archived copy is what a later check compares.
    export_head()
    if result.ok:
        logger.info("audit chain intact: %d records", result.checked)
        return True
    logger.error("audit chain broken at record %s: %s", result.broken_seq, result.reason)
    if settings.ADMINS:
        mail_admins("审计日志哈希链校验失败", f"{result.reason}\n此前{result.checked}条记录完好。")
    return False
