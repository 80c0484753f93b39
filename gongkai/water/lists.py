"""Water lists declared once for the table, the CSV/XLSX export and the API twin (/api/v1/lists/{name}):

- RESULTS (water-results): every published monthly result (历史数据), by section, river and year.
- SOURCES (water-sources): the drinking-water source report of a month (the standard applied, 达标 or
  why not evaluated, failing items, withdrawal volume; the page shows 达标率 and 取水量达标率 computed from
  these rows).
- ANNUAL (water-annual): the annual summary of a year (annual mean class per section).

Section names are read through lambdas (the public-list guard refuses an accessor named "name")."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from gongkai.water import bulletin, queries
from gongkai.water.models import MonthlyResult, Section


def _badge(water_class):
    if water_class is None:
        return "—"
    return format_html('<span class="wq wq-{}">{}</span>', int(water_class), water_class.label)


# A class column's raw value is the WaterClass or None: badge (table), label (export), code (API).
_CLASS_OUTPUTS = {
    "html": lambda c: _badge(c),
    "export": lambda c: c.label if c else "",
    "api": lambda c: c.code if c else None,
}


def _meets(value) -> str:
    return "" if value is None else ("达标" if value else "未达标")


def _sections():
    return [(s.code, f"{s.name}（{s.code}）") for s in Section.objects.order_by("code")]


def _waters():
    names = Section.objects.order_by("water_name").values_list("water_name", flat=True).distinct()
    return [(n, n) for n in names]


def _years():
    return [(str(y), str(y)) for y in bulletin.published_years()]


def _months():
    return [(f"{m:%Y-%m}", f"{m:%Y-%m}") for m in queries.published_months()]


def _results(request, params):
    return MonthlyResult.objects.published().select_related("section")


RESULTS = register(
    DeclaredList(
        name="water-results",
        source=_results,
        filters=(
            Filter("section", _("断面"), choices=_sections, lookup="section__code"),
            Filter("water", _("河流或湖库"), choices=_waters, lookup="section__water_name"),
            Filter("year", _("年份"), choices=_years, lookup="month__year"),
        ),
        orderings=(
            Ordering("latest", _("最新在前"), ("-month", "section__code")),
            Ordering("section", _("按断面"), ("section__code", "-month")),
        ),
        columns=(
            Column("month", _("月份"), lambda r: f"{r.month:%Y-%m}"),
            Column("section", _("断面编码"), "section.code"),
            Column(
                "section_name",
                _("断面名称"),
                lambda r: r.section.name,
                link=lambda r: f"/water/section/{r.section.code}/",
            ),
            Column("water", _("所在河流或湖库"), "section.water_name"),
            Column("water_body", _("水体类型"), "section.get_water_body_display"),
            Column(
                "water_class",
                _("水质类别"),
                lambda r: r.water_class_enum,
                **_CLASS_OUTPUTS,
            ),
            Column(
                "status", _("水质状况"), lambda r: r.water_class_enum.status.value if r.water_class else None
            ),
            Column("target_class", _("目标类别"), lambda r: Section.target_label(r.section)),
            Column(
                "meets_target",
                _("是否达标"),
                lambda r: r.meets_target,
                export=_meets,
            ),
            Column("main_pollutants", _("主要污染指标"), "main_pollutants", blank="—"),
            Column("values", _("监测值"), lambda r: r.values, only=frozenset({"api"})),
        ),
        filename="water-results",
        caption=_("地表水月度评价结果"),
    )
)


def _sources(request, params):
    months = queries.published_months()
    month = queries.month_to_show(str(params.get("month", "")), months)
    return bulletin.source_report(month)["sources"] if month else []


SOURCES = register(
    DeclaredList(
        name="water-sources",
        source=_sources,
        filters=(Filter("month", _("月份"), choices=_months, empty_label=_("最新月份")),),
        columns=(
            Column("month", _("月份"), lambda row: f"{row['result'].month:%Y-%m}"),
            Column("source", _("水源地编码"), lambda row: row["source"].code),
            Column("source_name", _("水源地"), lambda row: row["source"].name),
            Column("kind", _("水源类型"), lambda row: row["source"].get_kind_display()),
            Column(
                "sections",
                _("代表断面"),
                lambda row: "、".join(r.section.code for r in row["results"]),
            ),
            Column(
                "served_population",
                _("服务人口（万人）"),
                lambda row: row["source"].served_population,
                numeric=True,
                blank="—",
            ),
            Column(
                "withdrawal",
                _("取水量（万立方米）"),
                lambda row: row["withdrawal"],
                numeric=True,
                blank="—",
            ),
            Column(
                "basic_class",
                _("基本项目类别"),
                lambda row: row["basic_class"],
                **_CLASS_OUTPUTS,
            ),
            Column("standard", _("评价标准"), lambda row: row["standard"]),
            Column(
                "complies",
                _("是否达标"),
                lambda row: row["complies"],
                export=_meets,
            ),
            # A groundwater source without configured GB/T 14848-2017 limits: why 是否达标 is empty.
            Column("not_evaluated", _("未评价原因"), lambda row: row["not_evaluated"] or None, blank="—"),
            Column("failing", _("超标项目（超标倍数）"), lambda row: row["failing"], blank="—"),
        ),
        filename="water-sources",
        caption=_("集中式饮用水水源地水质"),
    )
)


def _annual(request, params):
    years = bulletin.published_years()
    text = str(params.get("year", ""))
    year = int(text) if text.isdigit() and int(text) in years else (years[0] if years else None)
    return bulletin.annual_summary(year)["rows"] if year else []


ANNUAL = register(
    DeclaredList(
        name="water-annual",
        source=_annual,
        filters=(Filter("year", _("年份"), choices=_years, empty_label=_("最新年份")),),
        columns=(
            Column("section", _("断面编码"), lambda row: row.section.code),
            Column("section_name", _("断面名称"), lambda row: row.section.name),
            Column("water", _("所在河流或湖库"), lambda row: row.section.water_name),
            Column("months", _("监测月数"), lambda row: row.months, numeric=True),
            Column(
                "water_class",
                _("水质类别"),
                lambda row: row.badge,
                **_CLASS_OUTPUTS,
            ),
            Column("status", _("水质状况"), lambda row: row.badge.status.value if row.badge else None),
            Column("target_class", _("目标类别"), lambda row: Section.target_label(row.section)),
            Column(
                "meets_target",
                _("是否达标"),
                lambda row: row.evaluation.meets_target,
                export=_meets,
            ),
            Column(
                "main_pollutants",
                _("主要污染指标"),
                lambda row: row.evaluation.main_pollutants_text("、"),
                blank="—",
            ),
        ),
        filename="water-annual",
        caption=_("年度断面水质"),
    )
)
