"""This app's PITI self-assessment measure (`core.piti`, issue 19): 依申请公开 timeliness — replies of the
last 12 months delivered by their statutory due date (条例 Art. 33), with the late cases to learn from."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.applications.models import Application, Status
from gongkai.core import piti


def measures(today: date) -> list[piti.Measure]:
    rows = (
        Application.objects.received()
        .filter(status=Status.REPLIED, concluded_on__gt=today - timedelta(days=365), concluded_on__lte=today)
        .exclude(due_on=None)
        .values_list("tracking_number", "due_on", "concluded_on")
        .order_by("concluded_on")
    )
    late = [(number, due, done) for number, due, done in rows if done > due]
    fixes = tuple(f"{number}：{done:%Y-%m-%d}答复，晚于期限{due:%Y-%m-%d}" for number, due, done in late[:10])
    return [piti.Measure("依申请公开", "及时", "近12个月按期答复", len(rows) - len(late), len(rows), fixes)]


INDICATOR = piti.Indicator(key="applications.replies", category="依申请公开", compute=measures)
