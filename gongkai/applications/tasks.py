"""Scheduled jobs of 依申请公开, run by `gongkai worker`.

- Every working morning: each handler gets one e-mail listing their cases due within 5 working days,
  their overdue cases and the closings the clock expects (其他处理 1/2). Closings are only suggested: a
  person decides, because the applicant may have had a good reason (条例 Art. 30: 无正当理由).
- After a calendar change: `calendar_changed` (sent on commit) enqueues `recompute_deadlines`, so the
  staff request that changed the calendar returns at once and the worker rewrites the cached status and
  due date of the cases the changed years touch (at once in tests, where Huey runs immediately).
- Every night: the cached status and due date of every case are recomputed from the ledger, a safety net
  behind the `calendar_changed` receiver."""

from __future__ import annotations

import logging
from collections import defaultdict

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.applications import queries, services
from gongkai.applications.notify import reminder
from gongkai.core.models import User
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import YearNotCovered

logger = logging.getLogger(__name__)


def _mark(application) -> str:
    return "（暂定）" if application.calendar_missing_year else ""


def reminder_lines() -> dict[int | None, list[str]]:
    """Per handler id (None: cases without a handler), the lines of the reminder."""
    lines: dict[int | None, list[str]] = defaultdict(list)
    for application in queries.overdue().order_by("due_on"):
        lines[application.handler_id].append(
            f"【已逾期】{application.tracking_number} "
            f"答复期限{application.due_on:%Y-%m-%d}{_mark(application)}，已超过期限"
        )
    for application in queries.due_soon().order_by("due_on"):
        left = queries.workdays_left(application)
        left_text = f"，剩余{left}个工作日" if left is not None else ""
        lines[application.handler_id].append(
            f"【即将到期】{application.tracking_number} "
            f"答复期限{application.due_on:%Y-%m-%d}{_mark(application)}{left_text}"
        )
    for attention in queries.needing_attention():
        lines[attention.application.handler_id].append(
            f"【待决定】{attention.application.tracking_number} {attention.message}"
        )
    return lines


def send_reminders() -> int:
    """One e-mail per handler with something to do; cases without a handler go to every handler."""
    handlers = [
        user
        for user in User.objects.filter(is_active=True).exclude(email="")
        if user.has_perm("applications.handle_application")
    ]
    by_id = {user.pk: user for user in handlers}
    lines = reminder_lines()
    unassigned = lines.pop(None, [])
    sent = 0
    for user in handlers:
        mine = [*lines.get(user.pk, []), *unassigned]
        if mine:
            reminder(email=user.email, name=str(user), lines=mine)
            sent += 1
    orphaned = [pk for pk in lines if pk not in by_id]
    if orphaned:
        logger.warning("依申请公开提醒：%d名经办人没有电子邮箱或已停用，其案件未能提醒", len(orphaned))
    return sent


@db_periodic_task(crontab(hour="8", minute="0"))
def daily_reminders():
    try:
        if not get_calendar().is_workday(queries.today()):
            return 0
    except YearNotCovered as missing:
        logger.error("依申请公开提醒：%s", missing.message)
    sent = send_reminders()
    logger.info("依申请公开提醒已发送：%d封", sent)
    return sent


@db_task()
def recompute_deadlines(years: list[int]) -> int:
    count = services.recompute_all(years=years or None)
    logger.info("依申请公开期限已按工作日历变更重新计算：%s年，%d件", years, count)
    return count


def on_calendar_changed(sender, years=(), **kwargs):
    """Receiver of workcalendar's `calendar_changed`: hand the recomputation to the worker."""
    return recompute_deadlines(sorted(years or ()))


@db_periodic_task(crontab(hour="1", minute="30"))
def nightly_recompute():
    count = services.recompute_all()
    logger.info("依申请公开期限已重新计算：%d件", count)
    forgotten = services.forget_submission_keys()
    logger.info("依申请公开：%d件提交的幂等键和重发查询码已清除", forgotten)
    return count
