"""Air lists declared once for the table, the CSV/XLSX export and the API twin:

- HISTORY: published daily station values (历史数据查询; /api/v1/air/history gives the same keys).
  The export headings are the exchange format's ("日期", "站点编码", …, "so2", …) and stay fixed.
- OBSERVATIONS: the console's hourly data; its export has the upload format's headings
  ("station", "time", "so2", …, "so2_flag", …, "channel"), so an export can be re-imported."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.air import aqi, publication, queries, statistics
from gongkai.air.forms import HOURLY_LABELS, HistoryForm
from gongkai.air.models import DAILY_FIELDS, POLLUTANT_LABELS, POLLUTANTS, HourlyObservation, Station
from gongkai.core.lists import EXPORT, HTML, Column, DeclaredList, Filter, register

DATA_ONLY = frozenset({EXPORT, "api"})
HTML_ONLY = frozenset({HTML})

# --- history ------------------------------------------------------------------------------------

HISTORY_LABELS = {"o3_8h": "O₃-8h", "o3_1h_max": "O₃-1h"}
HISTORY_IN_TABLE = ("so2", "no2", "co", "o3_8h", "pm10", "pm2_5")


def history_form(params) -> HistoryForm:
    """The history filters with their defaults (the last 30 days), as the page's form shows them."""
    query = params.copy() if hasattr(params, "copy") else dict(params)
    end = timezone.localdate()
    query.setdefault("end", end.isoformat())
    query.setdefault("start", (end - timedelta(days=30)).isoformat())
    return HistoryForm(query, stations=Station.objects.all())


def _history(request, params):
    form = history_form(params)
    if not form.is_valid():
        return queries.history(start=timezone.localdate(), end=timezone.localdate()).none()
    data = form.cleaned_data
    return queries.history(start=data["start"], end=data["end"], station=data.get("station") or "")


def _missing(value) -> str:
    return queries.missing_mark(value.standard)


def _aqi(value):
    shown = value.aqi if value.aqi is not None else _missing(value)
    return format_html('<span class="aqi aqi-{}">{}</span>', value.level or 0, shown)


def _grade(value):
    return publication.grade(value.level) or _missing(value)


def _category(value):
    return queries.level_text(value.level)[0] if value.level is not None else _missing(value)


def _primary(value):
    return _missing(value) if value.aqi is None else (value.primary_pollutants or "—")


def _concentration(name: str) -> Column:
    return Column(
        name,
        HISTORY_LABELS.get(name, POLLUTANT_LABELS.get(name, name)),
        lambda v: v,
        html=lambda v: publication.shown(name, getattr(v, name)) or _missing(v),
        # as published, under both standards (the page's GB/T 8170 value; issue 12)
        export=lambda v: publication.number(name, getattr(v, name)),
        api=lambda v: publication.number(name, getattr(v, name)),
        header=name,
    )


def _same(accessor):
    return {"export": accessor, "api": accessor}


HISTORY = register(
    DeclaredList(
        name="air-history",
        source=_history,
        columns=(
            Column("date", _("日期"), lambda v: v.date.isoformat()),
            Column("station", _("站点编码"), "station.code"),
            Column("station_name", _("站点"), "station.name", header=_("站点名称")),
            *(_concentration(name) for name in DAILY_FIELDS),
            Column("aqi", "AQI", lambda v: v, html=_aqi, **_same(lambda v: v.aqi)),
            Column("level", _("级别"), lambda v: v, html=_grade, **_same(lambda v: v.level)),
            Column(
                "category",
                _("类别"),
                lambda v: v,
                html=_category,
                **_same(lambda v: queries.level_text(v.level)[0] if v.level else None),
            ),
            Column(
                "primary_pollutants",
                _("首要污染物"),
                lambda v: v,
                html=_primary,
                **_same(lambda v: v.primary_pollutants),
            ),
            Column("standard", _("评价标准"), lambda v: f"HJ 633-{v.standard}"),
        ),
        html_columns=(
            "date",
            "station_name",
            "aqi",
            "level",
            "category",
            "primary_pollutants",
            *HISTORY_IN_TABLE,
        ),
        filename="air-daily-history",
        empty=_("所选期间没有已发布的日报数据。"),
        caption=_("历史日数据"),
    )
)

# --- hourly observations (console) --------------------------------------------------------------


def _observations(request, params):
    return HourlyObservation.objects.select_related("station").order_by("-hour", "station__code")


def _with_flag(name: str):
    def shown(o):
        value = getattr(o, name)
        text = "—" if value is None else value
        if getattr(o, f"{name}_flag") != "valid":
            return f"{text} [{getattr(o, f'get_{name}_flag_display')()}]"
        return text

    return shown


# The console's headings: Chinese names with the unit (the export keeps the exchange format's "so2", …).
HOURLY_HEADINGS = HOURLY_LABELS


def _hourly(name: str) -> Column:
    return Column(
        name,
        HOURLY_HEADINGS[name],
        lambda o: o,
        html=_with_flag(name),
        **_same(lambda o: getattr(o, name)),
        header=name,
    )


def _observation_day(queryset, value):
    """The hours of one local calendar day (YYYY-MM-DD); a value that is not a date leaves the list
    unfiltered."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return queryset
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return queryset.filter(hour__gte=start, hour__lt=start + timedelta(days=1))


def _station_choices():
    return [(s.code, str(s)) for s in Station.objects.all()]


OBSERVATIONS = register(
    DeclaredList(
        name="air-observations",
        source=_observations,
        columns=(
            Column("station", _("站点"), "station.code", header="station", only=DATA_ONLY),
            Column("station_name", _("站点"), "station.name", only=HTML_ONLY),
            # Beijing time with its offset (stored in UTC), as the intake accepts it back
            Column(
                "time",
                _("时段开始"),
                "hour",
                export=lambda hour: timezone.localtime(hour).isoformat(),
                header="time",
                # 数据审核: the hour opens its edit form for those who may change it
                link=lambda o: reverse("air:staff_observation", args=[o.pk]),
                link_permission="air.change_hourlyobservation",
            ),
            *(_hourly(name) for name in POLLUTANTS),
            *(Column(f"{name}_flag", f"{name}_flag", only=DATA_ONLY) for name in POLLUTANTS),
            Column("channel", _("来源"), header="channel", only=DATA_ONLY),
            Column("channel_label", _("来源"), "get_channel_display", only=HTML_ONLY),
        ),
        html_columns=("station_name", "time", *POLLUTANTS, "channel_label"),
        filters=(
            Filter("date", _("日期"), kind="date", apply=_observation_day),
            Filter(
                "station",
                _("站点"),
                choices=_station_choices,
                lookup="station__code",
                empty_label=_("全部站点"),
            ),
        ),
        permission="air.view_hourlyobservation",
        per_page=50,
        filename="air-hourly",
        empty=_("无数据。"),
        caption=_("小时监测数据"),
    )
)


# --- statistics (the page draws its own tables; the exports come from here) ---------------------


def _level_days(level: int) -> Column:
    return Column(f"level_{level}_days", f"{aqi.CATEGORIES[level - 1]}天数", lambda s: s.level_days[level])


MEANS = (("so2", "SO2"), ("no2", "NO2"), ("pm10", "PM10"), ("pm2_5", "PM2.5"))


def _mean(name: str, label: str) -> Column:
    return Column(f"{name}_mean", f"{label}均值(µg/m³)", lambda s: s.means[name])


STATISTICS = DeclaredList(
    name="air-statistics",
    source=lambda request, params: [],  # the view passes the summaries it computed for the page
    columns=(
        Column("region", "区域"),
        Column("start", "起始"),
        Column("end", "截止"),
        Column("valid_days", "有效天数"),
        # GB 3095 Table 4 (validity.py): valid / partial (period running) / invalid (withheld)
        Column("validity", "有效性", lambda s: s.status),
        Column("elapsed_days", "已过天数", lambda s: s.coverage.elapsed_days if s.coverage else s.days),
        Column("required_days", "最少有效天数", lambda s: s.coverage.required_days if s.coverage else None),
        *(_level_days(level) for level in statistics.LEVELS),
        Column("good_ratio", "优良天数比例(%)"),
        *(
            _mean(name, label)
            for name, label in (("so2", "SO2"), ("no2", "NO2"), ("pm10", "PM10"), ("pm2_5", "PM2.5"))
        ),
        Column("co_95per", "CO-95per(mg/m³)", lambda s: s.percentiles.get("co")),
        Column("o3_8h_90per", "O3-8h-90per(µg/m³)", lambda s: s.percentiles.get("o3_8h")),
        Column("composite_index", "综合指数"),
    ),
)


# --- the real-time and daily reports (exports; the pages draw their own tables) -----------------
# A row is (kind, value): the regions ("区域") first, then the stations ("站点"). The headings are
# the exchange format's and stay fixed.


def _place_rows(regions, stations):
    return [*(("区域", row) for row in regions), *(("站点", row) for row in stations)]


def _realtime_value(name: str) -> Column:
    return Column(name, name, lambda pair: pair[1].concentrations.get(name))


def _realtime_iaqi(index: int, name: str) -> Column:
    return Column(f"{name}_iaqi", f"{name}_iaqi", lambda pair: pair[1].cells[index][1])


def _realtime_moving(index: int, name: str) -> Column:
    return Column(name, name, lambda pair: pair[1].moving_cells[index])


def _outcome(pair):
    return pair[1].result


def _realtime_category(pair) -> str:
    if pair[1].insufficient:  # a region below the station share: withheld
        return "数据不足"
    return _outcome(pair).category if _outcome(pair) else ""


REALTIME = DeclaredList(
    name="air-realtime",
    source=lambda request, params: [],  # the view passes the report's rows
    columns=(
        Column("time", "时间", lambda pair: pair[1].hour.isoformat() if pair[1].hour else ""),
        Column("kind", "类型", lambda pair: pair[0]),
        Column("code", "编码", lambda pair: pair[1].code),
        Column("name", "名称", lambda pair: pair[1].name),
        *(_realtime_value(name) for name in POLLUTANTS),
        *(_realtime_iaqi(index, name) for index, name in enumerate(POLLUTANTS)),
        *(_realtime_moving(index, name) for index, name in enumerate(queries.MOVING_MEANS)),
        Column("aqi", "AQI", lambda pair: _outcome(pair).aqi if _outcome(pair) else None),
        Column("level", "级别", lambda pair: _outcome(pair).level if _outcome(pair) else None),
        Column("category", "类别", _realtime_category),
        Column(
            "primary_pollutants",
            "首要污染物",
            lambda pair: ";".join(_outcome(pair).primary_pollutants) if _outcome(pair) else "",
        ),
        Column(
            "standard",
            "评价标准",
            lambda pair: f"HJ 633-{_outcome(pair).standard.value}" if _outcome(pair) else "",
        ),
    ),
)


def realtime_rows(report) -> list:
    return _place_rows(([report.city] if report.city else []) + report.districts, report.stations)


def _daily_place(pair):
    return pair[1].region if pair[0] == "区域" else pair[1].station


def _category_text(level: int | None) -> str:
    return queries.level_text(level)[0] if level else ""


def _daily_value(name: str) -> Column:
    return Column(name, name, lambda pair: publication.number(name, getattr(pair[1], name)))


def _daily_iaqi(name: str) -> Column:
    return Column(f"{name}_iaqi", f"{name}_iaqi", lambda pair: pair[1].iaqi.get(publication.DAILY_IAQI[name]))


DAILY = DeclaredList(
    name="air-daily",
    source=lambda request, params: [],  # the view passes the published report's rows
    columns=(
        Column("date", "日期", lambda pair: pair[1].date.isoformat()),
        Column("kind", "类型", lambda pair: pair[0]),
        Column("code", "编码", lambda pair: _daily_place(pair).code),
        Column("name", "名称", lambda pair: _daily_place(pair).name),
        *(_daily_value(name) for name in DAILY_FIELDS),
        *(_daily_iaqi(name) for name in DAILY_FIELDS),
        Column("aqi", "AQI", lambda pair: pair[1].aqi),
        Column("level", "级别", lambda pair: pair[1].level),
        Column("grade", "级别名称", lambda pair: publication.grade(pair[1].level) or ""),
        Column(
            "category", "类别", lambda pair: queries.level_text(pair[1].level)[0] if pair[1].level else ""
        ),
        Column("primary_pollutants", "首要污染物", lambda pair: pair[1].primary_pollutants),
        Column("standard", "评价标准", lambda pair: f"HJ 633-{pair[1].standard}"),
    ),
)


def daily_rows(regions, stations) -> list:
    return _place_rows(regions, stations)
