"""This app's PITI self-assessment measures (`core.piti`, issue 19), category 日常监管: of the 行政处罚 and
行政强制 decisions of the last 12 months (withdrawn ones aside), those due for 双公示 that are published
(coverage), those published within their 7-working-day limit (`publish_due`; timeliness), those
published with every 必填 field of the 双公示 template filled (regulations.md §9.1; completeness; the
credit code only of legal persons), and the public list's user-friendliness."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gongkai.core import piti
from gongkai.core.labelled import Text, gettext_noop
from gongkai.core.piti import iso
from gongkai.enforcement.models import Decision, PartyType

# The 必填 fields of the 双公示 template (regulations.md §9.1) this app records, with their labels.
REQUIRED = (
    ("number", gettext_noop("行政处罚决定书文号")),
    ("violation_type", gettext_noop("违法行为类型")),
    ("facts", gettext_noop("违法事实")),
    ("legal_basis", gettext_noop("处罚依据")),
    ("kind", gettext_noop("处罚类别")),
    ("content", gettext_noop("处罚内容")),
    ("decided_on", gettext_noop("处罚决定日期")),
    ("authority", gettext_noop("处罚机关")),
    ("authority_code", gettext_noop("处罚机关统一社会信用代码")),
)


def missing_fields(decision: Decision) -> list[str]:
    missing = [label for name, label in REQUIRED if not getattr(decision, name)]
    if decision.party_type == PartyType.ORGANISATION and not decision.credit_code:
        missing.append(gettext_noop("行政相对人统一社会信用代码"))
    return missing


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
    shown = [
        (decision, missing)
        for decision in Decision.objects.filter(
            decided_on__gt=today - timedelta(days=365), withdrawn_on__isnull=True, published_at__isnull=False
        ).order_by("decided_on")
        for missing in [missing_fields(decision)]
    ]
    incomplete = [(d, missing) for d, missing in shown if missing]
    return [
        piti.Measure(
            "日常监管",
            "覆盖",
            gettext_noop("到期的处罚和强制决定已公示"),
            len(due) - len(unpublished),
            len(due),
            tuple(
                Text(gettext_noop("%(number)s：已超过公示期限，尚未公示"), number=number)
                for number in unpublished[:10]
            ),
        ),
        piti.Measure(
            "日常监管",
            "及时",
            gettext_noop("7个工作日内公示（双公示）"),
            len(published) - len(late),
            len(published),
            tuple(
                Text(
                    gettext_noop("%(number)s：%(published)s公示，晚于期限%(due)s"),
                    number=n,
                    published=iso(p),
                    due=iso(d),
                )
                for n, d, p in late[:10]
            ),
        ),
        piti.Measure(
            "日常监管",
            "完整",
            gettext_noop("公示决定的双公示必填项齐全"),
            len(shown) - len(incomplete),
            len(shown),
            tuple(
                Text(gettext_noop("%(number)s：缺少%(missing)s"), number=d.number, missing=missing)
                for d, missing in incomplete[:10]
            ),
        ),
        piti.friendliness("日常监管", "enforcement-decisions", gettext_noop("双公示列表可检索、排序、下载")),
    ]


INDICATOR = piti.Indicator(key="enforcement.decisions", category="日常监管", compute=measures)
