"""This app's figures for the annual report (`core.yearly`, issue 19): Table 二 block 第二十条第（一）项
(规章 and 行政规范性文件: 本年制发 / 本年废止 / 现行有效) from `queries.annual_contribution` — the frozen
figures once the year was locked (services.freeze_table2), else computed now — and the 主动公开 facts of
sections 一 and 二: documents published in the year by catalogue column (the top rows of the 基本目录)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from django.db.models import Count, Min
from django.utils import timezone

from gongkai.core import yearly
from gongkai.disclosure import queries
from gongkai.disclosure.models import CatalogueItem, Document


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, zone),
        datetime.combine(date(year + 1, 1, 1), time.min, zone),
    )


def first_year() -> int | None:
    first = Document.objects.public_record().aggregate(first=Min("published_at"))["first"]
    return timezone.localtime(first).year if first else None


def published_by_column(year: int) -> list[tuple[str, str, int]]:
    """(code, name, documents published in `year`) per top-level catalogue column with any, in code order;
    revisions of a published document are not counted again."""
    start, end = _year_bounds(year)
    per_item = (
        Document.objects.public_record()
        .filter(published_at__gte=start, published_at__lt=end, revision_of__isnull=True)
        .values_list("catalogue_item__code")
        .annotate(n=Count("id"))
    )
    tally: Counter = Counter()
    for code, count in per_item:
        tally[(code or "").split(".")[0]] += count
    names = dict(CatalogueItem.objects.filter(parent__isnull=True).values_list("code", "name"))
    return [(code, names.get(code, code or "未归类"), tally[code]) for code in sorted(tally)]


def compute(year: int) -> yearly.Contribution:
    table2 = queries.annual_contribution(year).table2
    columns = published_by_column(year)
    total = sum(count for _code, _name, count in columns)
    if total:
        listing = "，".join(f"“{name}”{count}条" for _code, name, count in columns)
        text = f"本年度在政府信息公开平台主动公开政府信息{total}条，其中{listing}。"
    else:
        text = "本年度未在政府信息公开平台主动公开政府信息。"
    facts = [yearly.Fact("一", "主动公开", text, {"published": total})]
    rows = [
        f"{label}本年制发{cells['issued']}件、现行有效{cells['in_force']}件"
        for label, cells in (
            ("规章", table2.get("rules")),
            ("行政规范性文件", table2.get("normative_documents")),
        )
        if cells
    ]
    if rows:
        facts.append(yearly.Fact("二", "第二十条第（一）项", "；".join(rows) + "。"))
    return yearly.Contribution(table2=table2, facts=tuple(facts))


CONTRIBUTOR = yearly.Contributor(key="disclosure", compute=compute, order=200, first_year=first_year)
