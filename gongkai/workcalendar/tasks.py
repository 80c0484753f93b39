"""Scheduled job of the working-day calendar, run by `gongkai worker`: every morning from 1 October,
while next year's 放假安排 is missing, each administrator who may change the calendar gets a reminder."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.core import notify
from gongkai.core.models import User
from gongkai.workcalendar.cards import missing_year
from gongkai.workcalendar.provisional import next_year_warning

logger = logging.getLogger(__name__)


def send_next_year_reminders() -> int:
    year = missing_year()
    if year is None:
        return 0
    sent = 0
    for user in User.objects.filter(is_active=True).exclude(email=""):
        if user.has_perm("workcalendar.change_calendaryear"):
            notify.email(  # recorded, delivered after the commit (at once in the worker)
                to=user.email,
                subject=f"请录入{year}年放假安排",
                body=f"{user}：\n\n{next_year_warning(year)}\n\n（本邮件由系统每日自动发送，录入后停止。）",
                purpose="workcalendar.next_year_reminder",
                target=f"workcalendar.calendaryear:{year}",
            )
            sent += 1
    logger.warning("工作日历：缺少%d年放假安排，已提醒%d名管理员", year, sent)
    return sent


@db_periodic_task(crontab(hour="8", minute="5"))
def daily_next_year_reminder():
    return send_next_year_reminders()
