"""The annual report's Table 二 cell this app owns (core.yearly): 第二十条第（五）项 行政许可 —
本年处理决定数量, the 行政许可 decisions made in the year (issued, changed, renewed, revoked)."""

from __future__ import annotations

from gongkai.core.yearly import Contribution, Contributor, Fact
from gongkai.licensing import queries
from gongkai.licensing.models import Decision


def compute(year: int) -> Contribution:
    decisions = queries.decisions_in_year(year)
    published = Decision.objects.filter(decided_on__year=year, published_at__isnull=False)
    late = published.filter(late=True).count()
    facts = ()
    if decisions:
        facts = (
            Fact(
                section="二",
                topic="主动公开",
                text=f"全年作出行政许可决定{decisions}件，按“双公示”要求公示{published.count()}件，其中超过7个工作日公示{late}件。",
                figures={"decisions": decisions, "published": published.count(), "late": late},
            ),
        )
    return Contribution(table2={"licensing": {"decisions": decisions}}, facts=facts)


CONTRIBUTOR = Contributor(key="licensing", compute=compute, order=500)
