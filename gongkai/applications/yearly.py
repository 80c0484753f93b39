"""This app's figures for the annual report (`core.yearly`, issue 19): Tables 三 and 四 exactly as the
statistics page computes them (`statistics.table_three` / `table_four`), the 依申请 handling facts of
section 一 (its 依申请公开 paragraph; the table itself is section 三), and the 信息处理费 collected in the
year (国办函〔2020〕109号), which the report states in section 六 (regulations.md §2.1)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Min, Sum

from gongkai.applications import statistics
from gongkai.applications.models import Application, FeeDecision
from gongkai.core import yearly
from gongkai.core.outcomes import AppealResult, AppealRoute


def first_year() -> int | None:
    first = Application.objects.received().aggregate(first=Min("received_on"))["first"]
    return first.year if first else None


def fees_collected(year: int) -> tuple[int, Decimal]:
    """(cases, 元) of 信息处理费 paid in `year` (by the day the payment was recorded)."""
    paid = FeeDecision.objects.filter(state=FeeDecision.State.PAID, settled_on__year=year).aggregate(
        cases=Count("id"), total=Sum("amount")
    )
    return paid["cases"] or 0, paid["total"] or Decimal("0")


def compute(year: int) -> yearly.Contribution:
    table3 = statistics.table_three(year)
    table4 = statistics.table_four(year)
    summary = statistics.year_summary(year)
    facts = []
    groups = "，".join(f"{label}{count}件" for label, count in summary.by_group if count)
    text = f"本年度新收政府信息公开申请{summary.received}件，办结{summary.concluded}件"
    text += f"（{groups}）。" if groups else "。"
    if summary.replied:
        text += f"按期答复{summary.on_time}件，按期答复率{summary.on_time * 100 // summary.replied}%。"
    facts.append(
        yearly.Fact(
            "一",
            "依申请公开",
            text,
            {"received": summary.received, "concluded": summary.concluded, "on_time": summary.on_time},
        )
    )
    appeals = sum(table4[(route, AppealResult.TOTAL)] for route in AppealRoute)
    corrected = sum(table4[(route, AppealResult.CORRECTED)] for route in AppealRoute)
    facts.append(
        yearly.Fact(
            "四",
            "行政复议、行政诉讼",
            f"本年度因政府信息公开工作被申请行政复议、提起行政诉讼共{appeals}件，其中结果纠正{corrected}件。"
            if appeals
            else "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
            {"appeals": appeals, "corrected": corrected},
        )
    )
    cases, amount = fees_collected(year)
    facts.append(
        yearly.Fact(
            "六",
            "信息处理费",
            f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度收取信息处理费{cases}件，"
            f"共计{amount:.2f}元。"
            if cases
            else "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度未收取信息处理费。",
            {"fee_cases": cases, "fee_amount": amount},
        )
    )
    return yearly.Contribution(table3=table3, table4=table4, facts=tuple(facts))


CONTRIBUTOR = yearly.Contributor(key="applications", compute=compute, order=300, first_year=first_year)
