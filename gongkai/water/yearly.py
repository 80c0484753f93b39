"""This app's facts for the annual report's narrative (`core.yearly`, issue 19), section 一 主动公开: the
surface-water monthly bulletins (地表水环境质量月报) published in the year (their 主动公开 documents, as
`core.publishing` reports them), the months of section results published, and the share of sections
meeting their target class over the year, as the public annual summary computes it
(`bulletin.annual_summary`: each section's annual mean evaluated under GB 3838-2002)."""

from __future__ import annotations

from fractions import Fraction

from django.utils import timezone

from gongkai.core import publishing, yearly
from gongkai.water import bulletin
from gongkai.water.models import Bulletin, MonthlyResult


def bulletins_published(year: int) -> int:
    count = 0
    for document_id in Bulletin.objects.exclude(document_id=None).values_list("document_id", flat=True):
        ref = publishing.status(document_id)
        published = ref.published_at if ref is not None else None
        if published is not None and timezone.localtime(published).year == year:
            count += 1
    return count


def compute(year: int) -> yearly.Contribution:
    months = len(MonthlyResult.objects.published().filter(month__year=year).dates("month", "month"))
    bulletins = bulletins_published(year)
    if not months and not bulletins:
        return yearly.Contribution()
    figures: dict[str, int] = {"bulletins": bulletins, "result_months": months}
    text = f"全年发布地表水环境质量月报{bulletins}期，公开{months}个月的断面监测结果"
    summary = bulletin.annual_summary(year)["summary"]
    if summary.with_target:
        figures.update(sections=summary.with_target, sections_meeting=summary.meets)
        text += (
            f"；按年均值评价，{summary.with_target}个考核断面中{summary.meets}个达到水质目标，"
            f"达标比例{bulletin.percent(Fraction(summary.meets, summary.with_target))}"
        )
    return yearly.Contribution(facts=(yearly.Fact("一", "主动公开", text + "。", figures),))


CONTRIBUTOR = yearly.Contributor(key="water", compute=compute, order=810)
