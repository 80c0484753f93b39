"""This app's PITI self-assessment measures (`core.piti`, issue 19), category 日常监管: of the 行政处罚 and
行政强制 decisions of the last 12 months (withdrawn ones aside), those due for 双公示 that are published
(coverage), and those published within their 7-working-day limit (`publish_due`; timeliness)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gongkai.core import piti
from gongkai.enforcement.models import Decision


def measures(today: date) -> list[piti.Measure]:
    rows = list(
        Decision.objects.filter(decided_on__gt=today - timedelta(days=365), withdrawn_on__isnull=True)
        .exclude(publish_due=None)
        .values_list("number", "publish_due", "published_at")
        .order_by("decided_on")
    )
    due = [row for row in rows if row[1] < today or row[2] is not None]
    unpublished = [number for number, _due, published in due if published is None]
    published = [(n, d, timezone.localtime(p).date()) for n, d, p in rows if p is not None]
    late = [(n, d, p) for n, d, p in published if p > d]
    return [
        piti.Measure(
            "日常监管",
            "覆盖",
            "到期的处罚和强制决定已公示",
            len(due) - len(unpublished),
            len(due),
            tuple(f"{number}：已超过公示期限，尚未公示" for number in unpublished[:10]),
        ),
        piti.Measure(
            "日常监管",
            "及时",
            "7个工作日内公示（双公示）",
            len(published) - len(late),
            len(published),
            tuple(f"{n}：{p:%Y-%m-%d}公示，晚于期限{d:%Y-%m-%d}" for n, d, p in late[:10]),
        ),
    ]


INDICATOR = piti.Indicator(key="enforcement.decisions", category="日常监管", compute=measures)
