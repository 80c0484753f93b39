"""Read side of the monthly surface-water bulletin (地表水环境质量月报) and the river and section pages.

Everything here is computed from the published monthly results with the rules of gb3838.py: the share of
sections per class, river and basin status (share method from `Rules.basin_share_min_sections` sections,
mean concentrations below), the same month of the previous year, and the data of the map and trend charts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy

from gongkai.water import gb3838, gb14848
from gongkai.water.models import DrinkingWaterSource, MonthlyResult, Section, SourceMonth

TREND_MONTHS = 24
CHART_ITEMS = ("codmn", "nh3_n", "tp", "do", "cod", "bod5")


def previous_year(month: date) -> date:
    return month.replace(year=month.year - 1)


def months_back(month: date, count: int) -> list[date]:
    """`count` months ending with `month`, oldest first."""
    index = month.year * 12 + month.month - 1
    return [date((i // 12), i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def sample_of(result: MonthlyResult) -> dict[str, gb3838.Measurement | None]:
    return {
        code: gb3838.parse_measurement(text) for code, text in result.values.items() if code in gb3838.ITEMS
    }


def percent(share: Fraction | None) -> str:
    return "—" if share is None else f"{float(share) * 100:.1f}%"


@dataclass
class Summary:
    """Counts of a month's sections by class, the share of Ⅰ–Ⅲ and 劣Ⅴ, and target compliance."""

    total: int = 0
    by_class: dict[int, int] = field(default_factory=dict)
    meets: int = 0
    with_target: int = 0

    @property
    def good(self) -> Fraction | None:
        return (
            Fraction(sum(n for c, n in self.by_class.items() if c <= 3), self.total) if self.total else None
        )

    @property
    def worst(self) -> Fraction | None:
        return Fraction(self.by_class.get(6, 0), self.total) if self.total else None

    @property
    def compliance(self) -> Fraction | None:
        return Fraction(self.meets, self.with_target) if self.with_target else None

    @property
    def rows(self) -> list[tuple[gb3838.WaterClass, int, str]]:
        return [
            (c, self.by_class.get(int(c), 0), percent(Fraction(self.by_class.get(int(c), 0), self.total)))
            for c in gb3838.WaterClass
            if self.total
        ]

    def text(self) -> dict[str, str]:
        return {
            "good": percent(self.good),
            "worst": percent(self.worst),
            "compliance": percent(self.compliance),
        }


def summarise(results: list[MonthlyResult]) -> Summary:
    summary = Summary()
    for r in results:
        if not r.water_class:
            continue
        summary.total += 1
        summary.by_class[r.water_class] = summary.by_class.get(r.water_class, 0) + 1
        if r.meets_target is not None:
            summary.with_target += 1
            summary.meets += bool(r.meets_target)
    return summary


@dataclass
class WaterStatus:
    """A river's (or basin's) status for a month."""

    name: str
    kind: str  # "river" or "basin"
    sections: int
    result: gb3838.BasinResult | None

    @property
    def method_text(self) -> str:
        if self.result is None:
            return ""
        return "断面水质类别比例法" if self.result.method == "share" else "断面平均浓度单因子法"

    @property
    def good_text(self) -> str:
        return percent(self.result.share_i_to_iii) if self.result else "—"

    @property
    def worst_text(self) -> str:
        return percent(self.result.share_worse_than_v) if self.result else "—"


def status_of_group(name: str, kind: str, results: list[MonthlyResult]) -> WaterStatus:
    """River status by 环办〔2011〕22号 over the river sections of `results` (lakes are assessed alone)."""
    samples = [sample_of(r) for r in results if r.section.water_body == Section.WaterBody.RIVER]
    try:
        result = gb3838.basin_status(samples, gb3838.WaterBody.RIVER) if samples else None
    except ValueError:  # a section with no evaluated item: no status rather than a wrong one
        result = None
    return WaterStatus(name, kind, len(samples), result)


def water_statuses(results: list[MonthlyResult]) -> list[WaterStatus]:
    """Each basin, then each river in it, by name."""
    basins: dict[str, list[MonthlyResult]] = defaultdict(list)
    rivers: dict[str, list[MonthlyResult]] = defaultdict(list)
    for r in results:
        if r.section.water_body != Section.WaterBody.RIVER:
            continue
        if r.section.basin:
            basins[r.section.basin].append(r)
        rivers[r.section.water_name].append(r)
    statuses = [status_of_group(name, "basin", rs) for name, rs in sorted(basins.items())]
    statuses += [status_of_group(name, "river", rs) for name, rs in sorted(rivers.items())]
    return statuses


def published(month: date) -> list[MonthlyResult]:
    return list(
        MonthlyResult.objects.published()
        .filter(month=month)
        .select_related("section")
        .prefetch_related("corrections")
        .order_by("section__code")
    )


def class_trend(month: date, count: int = TREND_MONTHS) -> dict:
    """Number of sections per class for each of the `count` months ending with `month`."""
    months = months_back(month, count)
    counts: dict[date, dict[int, int]] = {m: {} for m in months}
    rows = MonthlyResult.objects.published().filter(month__in=months, water_class__gt=0)
    for m, c in rows.values_list("month", "water_class"):
        counts[m][c] = counts[m].get(c, 0) + 1
    shown = [m for m in months if counts[m]]
    return {
        "months": [f"{m:%Y-%m}" for m in shown],
        "classes": [c.label for c in gb3838.WaterClass],
        "counts": [[counts[m].get(int(c), 0) for m in shown] for c in gb3838.WaterClass],
        "good": [
            round(100 * sum(n for c, n in counts[m].items() if c <= 3) / sum(counts[m].values()), 1)
            for m in shown
        ],
    }


def map_points(results: list[MonthlyResult]) -> list[dict]:
    return [
        {
            "code": r.section.code,
            "name": r.section.name,
            "water": r.section.water_name,
            "longitude": float(r.section.longitude),
            "latitude": float(r.section.latitude),
            "class": r.water_class,
            "label": r.water_class_enum.label if r.water_class else "—",
            "status": r.water_class_enum.status.value if r.water_class else "",
        }
        for r in results
        if r.section.longitude is not None and r.section.latitude is not None
    ]


TLI_PARAMETERS = ("chla", "tp", "tn", "sd", "codmn")


def trophic_states(results: list[MonthlyResult]) -> list[tuple[MonthlyResult, gb3838.TrophicResult]]:
    """Lakes and reservoirs with all five parameters of the method measured: TLI(Σ) and the trophic state."""
    states = []
    for r in results:
        if r.section.water_body != Section.WaterBody.LAKE:
            continue
        values = {p: gb3838.parse_measurement(r.values.get(p, "")) for p in TLI_PARAMETERS}
        if any(v is None for v in values.values()):
            continue
        try:
            states.append((r, gb3838.trophic_level_index(values)))
        except ValueError:  # a zero value (logarithm): no index rather than a wrong one
            continue
    return states


def bulletin(month: date) -> dict:
    """A published month's bulletin: sections with last year's class, summaries, statuses, charts."""
    results = published(month)
    last_year = {r.section_id: r for r in published(previous_year(month))}
    for r in results:
        r.badge = r.water_class_enum
        r.target = gb3838.WaterClass(r.section.target_class)
        before = last_year.get(r.section_id)
        r.last_year_badge = before.water_class_enum if before else None
    summary = summarise(results)
    before = summarise(list(last_year.values()))
    return {
        "results": results,
        "summary": summary,
        "last_year": before if before.total else None,
        "last_year_month": previous_year(month),
        "statuses": water_statuses(results),
        "trophic": trophic_states(results),
        "charts": {"points": map_points(results), "trend": class_trend(month)},
    }


def river_history(name: str) -> list[tuple[date, WaterStatus]]:
    """A river's status for each published month, latest first."""
    by_month: dict[date, list[MonthlyResult]] = defaultdict(list)
    rows = MonthlyResult.objects.published().filter(section__water_name=name).select_related("section")
    for r in rows:
        by_month[r.month].append(r)
    return [(m, status_of_group(name, "river", by_month[m])) for m in sorted(by_month, reverse=True)]


def section_history(section: Section) -> dict:
    """A section's published results (latest first) and the series of its main items for the trend chart."""
    results = list(
        MonthlyResult.objects.published()
        .filter(section=section)
        .prefetch_related("corrections")
        .order_by("month")
    )
    series: dict[str, list[float | None]] = {}
    limits: dict[str, float | None] = {}
    body = section.body
    for code in CHART_ITEMS:
        item = gb3838.ITEMS[code]
        values = []
        for r in results:
            m = gb3838.parse_measurement(r.values.get(code, ""))
            # Below detection: not drawn as a value (the table shows it as reported).
            values.append(None if m is None or m.below_detection else float(m.value))
        if any(v is not None for v in values):
            series[code] = values
            limit = item.limits_for(body)
            limits[code] = float(limit[2]) if limit else None
    for r in results:
        r.badge = r.water_class_enum
    return {
        "results": list(reversed(results)),
        "chart": {
            "months": [f"{r.month:%Y-%m}" for r in results],
            "classes": [r.water_class or None for r in results],
            "series": series,
            "limits": limits,
            "names": {code: f"{gb3838.ITEMS[code].name}（{gb3838.ITEMS[code].unit}）" for code in series},
        },
    }


# ------------------------------------------------------------------------------------------------------
# Drinking-water sources: a surface source 达标 against Class III plus the Table 2/3 items measured
# (gb3838.source_compliance); a groundwater source against the GB/T 14848-2017 Class III limits the bureau
# supplies (gb14848), and not evaluated without them.

GROUNDWATER_NOT_CONFIGURED = gettext_lazy("地下水水源按 GB/T 14848-2017 评价，本站未配置其限值")


def all_values_of(result: MonthlyResult) -> dict[str, gb3838.Measurement | None]:
    """Table 1 and Table 2/3 items of a result (unknown codes left out)."""
    return {
        code: gb3838.parse_measurement(text)
        for code, text in result.values.items()
        if code in gb3838.ITEMS or code in gb3838.SOURCE_ITEMS
    }


def source_outcome(source: DrinkingWaterSource, result: MonthlyResult) -> gb3838.SourceResult:
    """One representative section's month: GB/T 14848-2017 Class III (configured limits) for a groundwater
    source, GB 3838-2002 for a surface one."""
    if source.kind == DrinkingWaterSource.Kind.GROUNDWATER:
        return gb14848.groundwater_compliance(all_values_of(result), gb14848.LIMITS.values())
    return gb3838.source_compliance(all_values_of(result), body=result.section.body)


def source_report(month: date) -> dict:
    """集中式饮用水水源地月报: each source (DrinkingWaterSource) with a published result at one of its
    sections that month. A source 达标 when every one of its sections' results complies; 达标率 =
    compliant sources ÷ assessed sources; 取水量达标率 = the month's withdrawal of compliant sources ÷ the
    withdrawal of all assessed sources with a withdrawal entered (gb3838.volume_compliance_rate).
    A groundwater source without configured GB/T 14848-2017 limits is not evaluated (``not_evaluated``
    gives the reason) and so not assessed: it counts in neither rate."""
    results = {r.section_id: r for r in published(month)}
    volumes = dict(SourceMonth.objects.filter(month=month).values_list("source_id", "withdrawal"))
    rows = []
    sources = DrinkingWaterSource.objects.filter(is_active=True).prefetch_related(
        "sections"
    )  # Section.source
    for source in sources.order_by("code"):
        own = [results[s.pk] for s in source.sections.all() if s.pk in results]
        if not own:
            continue
        groundwater = source.kind == DrinkingWaterSource.Kind.GROUNDWATER
        not_evaluated = str(GROUNDWATER_NOT_CONFIGURED) if groundwater and not gb14848.configured() else ""
        outcomes = [] if not_evaluated else [source_outcome(source, r) for r in own]
        flags = [o.complies for o in outcomes if o.complies is not None]
        classes = [o.basic_class for o in outcomes if o.basic_class is not None]
        many = len(own) > 1
        rows.append(
            {
                "source": source,
                "result": own[0],
                "results": own,
                "standard": gb14848.STANDARD if groundwater else "GB 3838-2002",
                "not_evaluated": not_evaluated,
                "complies": all(flags) if flags else None,
                "basic_class": max(classes) if classes else None,
                "failing": "、".join(
                    (f"{r.section.name}：" if many else "") + p.text()
                    for r, o in zip(own, outcomes, strict=True)
                    for p in o.failing
                )
                if outcomes
                else "",
                "items": sum(sum(1 for v in r.values.values() if v) for r in own),
                "withdrawal": volumes.get(source.pk),
            }
        )
    assessed = [row for row in rows if row["complies"] is not None]
    rate = gb3838.compliance_rate(row["complies"] for row in assessed)
    volume_rate = gb3838.volume_compliance_rate(
        (row["complies"], row["withdrawal"]) for row in assessed if row["withdrawal"] is not None
    )
    return {
        "sources": rows,
        "rate": percent(rate),
        "volume_rate": percent(volume_rate),
        "assessed": len(assessed),
        "not_evaluated": [row for row in rows if row["not_evaluated"]],
        "groundwater_configured": gb14848.configured(),
        "withdrawal_total": sum(
            (row["withdrawal"] for row in assessed if row["withdrawal"] is not None), Decimal(0)
        ),
    }


# ------------------------------------------------------------------------------------------------------
# Annual summary: a section's annual value of each item = mean of its monthly values (C), then evaluated.


@dataclass
class AnnualRow:
    section: Section
    months: int
    evaluation: gb3838.Evaluation

    @property
    def badge(self) -> gb3838.WaterClass | None:
        return self.evaluation.water_class


def published_years() -> list[int]:
    return sorted({m.year for m in MonthlyResult.objects.published().dates("month", "year")}, reverse=True)


def annual_summary(year: int) -> dict:
    by_section: dict[int, list[MonthlyResult]] = defaultdict(list)
    rows = (
        MonthlyResult.objects.published()
        .filter(month__year=year)
        .select_related("section")
        .order_by("section__code", "month")
    )
    for r in rows:
        by_section[r.section_id].append(r)
    annual: list[AnnualRow] = []
    means_by_section: dict[int, dict] = {}
    for results in by_section.values():
        section = results[0].section
        means = gb3838.period_mean([sample_of(r) for r in results])
        means_by_section[section.pk] = means
        evaluation = gb3838.evaluate(
            means, section.body, target_class=gb3838.WaterClass(section.target_class)
        )
        annual.append(AnnualRow(section, len(results), evaluation))
    summary = Summary()
    for row in annual:
        if row.badge is None:
            continue
        summary.total += 1
        summary.by_class[int(row.badge)] = summary.by_class.get(int(row.badge), 0) + 1
        if row.evaluation.meets_target is not None:
            summary.with_target += 1
            summary.meets += bool(row.evaluation.meets_target)
    statuses = []
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in annual:
        if row.section.water_body != Section.WaterBody.RIVER:
            continue
        if row.section.basin:
            groups[("basin", row.section.basin)].append(means_by_section[row.section.pk])
        groups[("river", row.section.water_name)].append(means_by_section[row.section.pk])
    for (kind, name), samples in sorted(groups.items()):
        try:
            result = gb3838.basin_status(samples, gb3838.WaterBody.RIVER)
        except ValueError:
            result = None
        statuses.append(WaterStatus(name, kind, len(samples), result))
    return {
        "year": year,
        "rows": annual,
        "summary": summary,
        "statuses": statuses,
        "trophic": annual_trophic_states(by_section.values()),
    }


@dataclass
class AnnualTrophic:
    section: Section
    means: dict  # TLI parameter → annual mean (Decimal)
    months: int  # months with all five parameters measured
    result: gb3838.TrophicResult


def annual_trophic_states(groups) -> list[AnnualTrophic]:
    """Lakes and reservoirs: the annual mean of each TLI parameter (chlorophyll a, TP, TN, transparency,
    CODMn) over the months that measured all five, then TLI(Σ) and the trophic state of those means."""
    states = []
    for results in groups:
        section = results[0].section
        if section.water_body != Section.WaterBody.LAKE:
            continue
        samples = []
        for r in results:
            values = {p: gb3838.parse_measurement(r.values.get(p, "")) for p in TLI_PARAMETERS}
            if all(v is not None for v in values.values()):
                samples.append(values)
        if not samples:
            continue
        means = gb3838.period_mean(samples)
        try:
            result = gb3838.trophic_level_index(means)
        except ValueError:  # a zero mean (logarithm): no index rather than a wrong one
            continue
        states.append(AnnualTrophic(section, means, len(samples), result))
    return states
