"""This app's PITI self-assessment measure (`core.piti`, issue 19), category 投诉举报: messages and
pollution reports of the last 12 months answered by their reply deadline."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.core import piti
from gongkai.interaction.models import Message, Status


def measures(today: date) -> list[piti.Measure]:
    rows = list(
        Message.objects.filter(
            status=Status.REPLIED, replied_on__gt=today - timedelta(days=365), replied_on__lte=today
        )
        .exclude(due_on=None)
        .values_list("number", "due_on", "replied_on")
        .order_by("replied_on")
    )
    late = [(n, d, r) for n, d, r in rows if r > d]
    fixes = tuple(f"{n}：{r:%Y-%m-%d}答复，晚于期限{d:%Y-%m-%d}" for n, d, r in late[:10])
    return [
        piti.Measure(
            "投诉举报", "及时", "近12个月按期答复留言和举报", len(rows) - len(late), len(rows), fixes
        )
    ]


INDICATOR = piti.Indicator(key="interaction.replies", category="投诉举报", compute=measures)
