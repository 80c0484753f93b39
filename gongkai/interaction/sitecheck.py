"""This app's rule for the website self-inspection (`core.sitechecks`, issue 19): 互动回应差
(国办秘函〔2019〕19号, regulations.md §4.1) — in the year before the check date, a valid message of a
政务咨询类 column (局长信箱, 咨询, 投诉建议; 举报 excepted: `VETO_KINDS`) left unanswered for more than 3
months is a veto; an open one within 2 weeks of that line is a notice, so it is answered in time."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from gongkai.core import sitechecks
from gongkai.interaction import deadlines
from gongkai.interaction.models import OPEN_STATUSES, VETO_KINDS, Message, Status

WARN_DAYS = 14


def unanswered_messages(today: date) -> list[sitechecks.Finding]:
    since = deadlines.add_months(today, -12)
    # Within the year before the check: received in it, or received earlier and still open (or only
    # answered) in it — a message left open for 13 months was unanswered throughout that year.
    in_the_year = Q(received_on__gte=since) | Q(status__in=OPEN_STATUSES) | Q(replied_on__gte=since)
    rows = (
        Message.objects.filter(in_the_year, kind__in=VETO_KINDS)
        .exclude(status=Status.REJECTED)
        .values_list("pk", "number", "title", "department", "status", "received_on", "replied_on")
        .order_by("received_on")
    )
    found = []
    for pk, number, title, department, status, received, replied in rows:
        line = deadlines.veto_line(received)
        url = reverse("interaction:staff_message", args=[pk])
        if deadlines.is_veto(received, today, replied):
            late = f"{replied:%Y-%m-%d}才答复" if replied else "至今未答复"
            found.append(
                sitechecks.Finding(
                    "unanswered_message",
                    sitechecks.VETO,
                    f"留言超过3个月未答复：{number} {title}",
                    "立即答复该留言并公开答复内容"
                    if not replied
                    else "落实留言3个月内答复的办理时限，防止再次超期",
                    url=url,
                    department=department,
                    detail=f"{received:%Y-%m-%d}收到，{late}（3个月期限{line:%Y-%m-%d}）",
                )
            )
        elif status in OPEN_STATUSES and line <= today + timedelta(days=WARN_DAYS):
            found.append(
                sitechecks.Finding(
                    "message_near_veto",
                    sitechecks.NOTICE,
                    f"留言即将超过3个月未答复：{number} {title}",
                    f"在{line:%Y-%m-%d}前答复该留言",
                    url=url,
                    department=department,
                )
            )
    return found


CHECK = sitechecks.Check(key="interaction.unanswered", label="政务咨询留言答复", run=unanswered_messages)
