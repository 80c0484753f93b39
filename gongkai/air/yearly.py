"""This app's facts for the annual report's narrative (`core.yearly`, issue 19), section 一 主动公开: the
air-quality daily reports (空气质量日报) published for the days of the year, and the city's 优良天数比例
computed from the published daily values exactly as the statistics pages compute it
(`statistics_queries.region_statistics`: days whose report was published, GB 3095 Table 4 validity). A
year without enough valid days (validity withheld) states the valid days instead of a ratio."""

from __future__ import annotations

from decimal import Decimal

from gongkai.air import statistics_queries
from gongkai.air.models import DailyReport, Region
from gongkai.air.statistics import period
from gongkai.core import yearly


def compute(year: int) -> yearly.Contribution:
    reports = DailyReport.objects.filter(published_at__isnull=False, date__year=year).count()
    if not reports:
        return yearly.Contribution()
    figures: dict[str, int | Decimal] = {"daily_reports": reports}
    text = f"全年发布空气质量日报{reports}期"
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    stats = statistics_queries.region_statistics(city, *period(year, None)) if city else None
    if stats is not None and stats.valid_days:
        good = stats.level_days.get(1, 0) + stats.level_days.get(2, 0)
        figures.update(valid_days=stats.valid_days, good_days=good)
        if stats.good_ratio is not None:
            figures["good_ratio"] = Decimal(str(stats.good_ratio))
            text += (
                f"；按已发布的日报数据，{city.name}有效监测{stats.valid_days}天，其中优良天数{good}天，"
                f"优良天数比例{stats.good_ratio}%"
            )
        else:
            text += (
                f"；按已发布的日报数据，{city.name}有效监测{stats.valid_days}天，"
                "未达到年度统计的有效性要求，不计算优良天数比例"
            )
    return yearly.Contribution(facts=(yearly.Fact("一", "主动公开", text + "。", figures),))


CONTRIBUTOR = yearly.Contributor(key="air", compute=compute, order=800)
