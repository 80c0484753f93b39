"""Sources lists declared once for the table, the CSV/XLSX export and the API twin
(``GET /api/v1/lists/<name>``): the HJ 212 packets (staff) and the public lists of the pollution-source
registry (enterprises, 重点单位名录, permits, monitoring results, 有效性审核)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from gongkai.sources.facility import permit_url
from gongkai.sources.facility import public_text as facility_text
from gongkai.sources.models import (
    Enterprise,
    KeyUnit,
    KeyUnitCategory,
    MonitoringResult,
    Permit,
    RawPacket,
    Statistic,
    ValidityAudit,
)
from gongkai.sources.models_permits import PUBLICITY_STATES, PermitApplication


def _packets(request, params):
    return RawPacket.objects.all()


def _time(value):
    return value.isoformat() if value else ""


PACKETS = register(
    DeclaredList(
        name="hj212-packets",
        source=_packets,
        columns=(
            Column("received_at", _("接收时间"), export=_time, api=_time),
            Column("peer", _("来源地址")),
            Column("mn", "MN"),
            Column("st", "ST"),
            Column("cn", "CN"),
            Column("qn", "QN"),
            Column("data_time", _("数据时间"), export=_time, api=_time),
            Column("status", _("状态"), "get_status_display"),
            Column("reason", _("拒收原因")),
            Column("version", _("标准版本")),
            Column("unknown_codes", _("未识别编码")),
            Column("raw", _("原始报文"), html=lambda raw: raw[:120]),
        ),
        html_columns=("received_at", "peer", "mn", "cn", "data_time", "status", "reason", "raw"),
        filters=(
            Filter("status", _("状态"), choices=RawPacket.Status.choices, lookup="status"),
            Filter("mn", "MN", kind="text", lookup="mn"),
            Filter("q", _("关键词"), kind="search", search=("mn", "reason", "peer")),
        ),
        permission="sources.view_rawpacket",
        per_page=50,
        filename="hj212-packets",
        empty=_("无数据。"),
        caption=_("接收报文"),
    )
)


# --- issue 15: public lists of the pollution-source registry (page, CSV/XLSX, API twin) ------------


def _year_choices():
    years = KeyUnit.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(y), str(y)) for y in years]


def _district_choices():
    rows = (
        Enterprise.objects.exclude(district_code="")
        .order_by("district_code")
        .values_list("district_code", "district_name")
        .distinct()
    )
    return [(code, name or code) for code, name in rows]


def _facility_url(enterprise) -> str:
    return reverse("sources:facility", args=[enterprise.credit_code])


def _enterprise_search(queryset, value):
    return queryset.filter(
        Q(name__icontains=value)
        | Q(credit_code__istartswith=value.upper())
        | Q(events__old_name__icontains=value)
    ).distinct()


ENTERPRISES = register(
    DeclaredList(
        name="sources-enterprises",
        source=lambda request, params: Enterprise.objects.all(),
        columns=(
            Column("credit_code", _("统一社会信用代码")),
            # A registered organisation's (legal person's) name and site address, public registration
            # facts, not a natural person's; read through callables so tests/core/test_lists.py's
            # personal-field check (by accessor name) does not mistake them for applicant data.
            Column("name", _("单位名称"), lambda e: e.name, link=_facility_url),
            Column("district_name", _("所在区县")),
            Column("industry_code", _("行业类别代码")),
            Column("industry_name", _("行业类别")),
            Column("address", _("生产经营场所地址"), lambda e: e.address),
            Column("longitude", _("经度"), numeric=True, only=frozenset({"export", "api"})),
            Column("latitude", _("纬度"), numeric=True, only=frozenset({"export", "api"})),
            Column("is_active", _("存续")),
            Column(
                "url",
                _("信息页"),
                value=lambda e: reverse("sources:facility", args=[e.credit_code]),
                absolute=True,
                only=frozenset({"export", "api"}),
            ),
        ),
        filters=(
            Filter("q", _("名称或代码"), kind="search", apply=_enterprise_search),
            Filter("district", _("所在区县"), choices=_district_choices, lookup="district_code"),
            Filter("industry", _("行业类别代码"), kind="text", lookup="industry_code__istartswith"),
        ),
        orderings=(Ordering("name", _("按名称"), ("name",)), Ordering("code", _("按代码"), ("credit_code",))),
        per_page=30,
        filename="enterprises",
        caption=_("排污单位"),
    )
)


def _key_units(request, params):
    rows = KeyUnit.objects.select_related("enterprise")
    year = params.get("year", "")
    if not (year.isdigit() and rows.filter(year=int(year)).exists()):
        latest = rows.order_by("-year").values_list("year", flat=True).first()
        year = str(latest or "")
    return rows.filter(year=int(year)) if year else rows.none()


KEY_UNITS = register(
    DeclaredList(
        name="sources-key-units",
        source=_key_units,
        columns=(
            Column("year", _("年度"), numeric=True),
            Column("category", _("类别"), "get_category_display"),
            Column("credit_code", _("统一社会信用代码"), "enterprise.credit_code"),
            Column("name", _("单位名称"), "enterprise.name", link=lambda k: _facility_url(k.enterprise)),
            Column("district", _("所在区县"), "enterprise.district_name"),
            Column("industry", _("行业类别"), "enterprise.industry_name"),
            Column("note", _("备注"), lambda k: facility_text(k.note)),
        ),
        filters=(
            Filter("year", _("年度"), choices=_year_choices, empty_label=_("最新")),
            Filter("category", _("类别"), choices=KeyUnitCategory.choices, lookup="category"),
            Filter("district", _("所在区县"), choices=_district_choices, lookup="enterprise__district_code"),
            Filter(
                "q", _("名称或代码"), kind="search", search=("enterprise__name", "enterprise__credit_code")
            ),
        ),
        orderings=(
            Ordering("category", _("按类别"), ("category", "enterprise__name")),
            Ordering("name", _("按名称"), ("enterprise__name", "category")),
        ),
        per_page=50,
        filename=lambda params: f"key-units-{params.get('year') or 'latest'}",
        caption=_("环境监管重点单位名录"),
    )
)


PERMITS = register(
    DeclaredList(
        name="sources-permits",
        source=lambda request, params: Permit.objects.select_related("enterprise"),
        columns=(
            # the number links to the permit's record on the national platform (SOURCES_PERMIT_URL)
            Column("number", _("许可证编号"), link=lambda p: permit_url(p.number)),
            Column("name", _("单位名称"), "enterprise.name", link=lambda p: _facility_url(p.enterprise)),
            Column("credit_code", _("统一社会信用代码"), "enterprise.credit_code"),
            Column("management", _("管理类别"), "get_management_display"),
            Column("issued_on", _("发证日期")),
            Column("valid_from", _("有效期起")),
            Column("valid_until", _("有效期至")),
            Column("status", _("状态"), "get_status_display"),
            Column(
                "platform_url",
                _("全国排污许可证管理信息平台"),
                lambda p: permit_url(p.number),
                only=frozenset({"export", "api"}),
            ),
        ),
        filters=(
            Filter("management", _("管理类别"), choices=Permit.Management.choices, lookup="management"),
            Filter("status", _("状态"), choices=Permit.Status.choices, lookup="status"),
            Filter(
                "q",
                _("名称、代码或编号"),
                kind="search",
                search=("number", "enterprise__name", "enterprise__credit_code"),
            ),
        ),
        orderings=(
            Ordering("new", _("最新发证"), ("-issued_on", "number")),
            Ordering("number", _("按编号"), ("number",)),
        ),
        filename="permits",
        caption=_("排污许可证"),
    )
)


def _number(value):
    return (
        ""
        if value is None
        else format(value.normalize(), "f")
        if value == value.to_integral()
        else str(value)
    )


def _decimal_api(value):
    return None if value is None else float(value)


def _limit_text(row) -> str:
    if row.limit_value is None and row.limit_lower is None:
        return ""
    if row.limit_lower is not None and row.limit_value is not None:
        return f"{_number(row.limit_lower)}～{_number(row.limit_value)}"
    if row.limit_lower is not None:
        return f"≥{_number(row.limit_lower)}"
    return _number(row.limit_value)


def _verdict(row) -> str:
    if not row.judged:
        return str(_("无同口径限值，不判定"))
    if not row.exceeded:
        return str(_("达标"))
    if row.multiple is None:
        return str(_("超标"))
    return str(_("超标%(multiple)s倍")) % {"multiple": row.multiple}


def _month_apply(queryset, value):
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except ValueError:
        return queryset
    following = date(year + (month == 12), month % 12 + 1, 1)
    return queryset.filter(sampled_on__gte=first, sampled_on__lt=following)  # a range: the index serves it


def _date_bound(lookup: str):
    """A 监测日期 bound (YYYY-MM-DD); a value that is not a date leaves the list unfiltered."""

    def apply(queryset, value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return queryset
        return queryset.filter(**{lookup: day})

    return apply


def _pollutant_choices():
    rows = MonitoringResult.objects.order_by("pollutant").values_list("pollutant", flat=True).distinct()
    return [(name, name) for name in rows]


MONITORING = register(
    DeclaredList(
        name="sources-monitoring",
        source=lambda request, params: MonitoringResult.objects.select_related("enterprise", "outlet"),
        columns=(
            Column("sampled_on", _("监测日期")),
            Column("source", _("监测类型"), "get_source_display"),
            Column("name", _("单位名称"), "enterprise.name", link=lambda r: _facility_url(r.enterprise)),
            Column("credit_code", _("统一社会信用代码"), "enterprise.credit_code"),
            Column("outlet", _("排放口"), lambda r: f"{r.outlet.code} {r.outlet.name}"),
            Column("pollutant", _("污染物")),
            Column("statistic", _("统计口径"), "get_statistic_display"),
            Column("value", _("监测值"), html=_number, export=_number, api=_decimal_api, numeric=True),
            Column("unit", _("单位")),
            Column("limit", _("限值"), _limit_text),
            Column("verdict", _("是否超标"), _verdict),
            Column("exceeded", _("超标"), only=frozenset({"export", "api"})),
            Column(
                "multiple",
                _("超标倍数"),
                export=lambda v: "" if v is None else str(v),
                api=_decimal_api,
                only=frozenset({"export", "api"}),
            ),
            Column("note", _("备注"), lambda r: facility_text(r.note)),
        ),
        html_columns=(
            "sampled_on",
            "source",
            "name",
            "outlet",
            "pollutant",
            "statistic",
            "value",
            "unit",
            "limit",
            "verdict",
        ),
        filters=(
            Filter("source", _("监测类型"), choices=MonitoringResult.Source.choices, lookup="source"),
            Filter("month", _("月份"), kind="text", apply=_month_apply),
            Filter("date_from", _("监测日期起"), kind="date", apply=_date_bound("sampled_on__gte")),
            Filter("date_to", _("监测日期止"), kind="date", apply=_date_bound("sampled_on__lte")),
            Filter(
                "enterprise",
                _("统一社会信用代码"),
                kind="text",
                apply=lambda qs, v: qs.filter(enterprise__credit_code=v.upper()),
            ),
            Filter(
                "outlet", _("排放口编号"), kind="text", apply=lambda qs, v: qs.filter(outlet__code=v.upper())
            ),
            Filter("pollutant", _("污染物"), choices=_pollutant_choices, lookup="pollutant"),
            Filter("statistic", _("统计口径"), choices=Statistic.choices, lookup="statistic"),
            Filter(
                "exceeded",
                _("只看超标"),
                kind="checkbox",
                apply=lambda qs, v: qs.filter(exceeded=True) if v == "1" else qs,
            ),
            Filter("district", _("所在区县"), choices=_district_choices, lookup="enterprise__district_code"),
            Filter(
                "q", _("名称或代码"), kind="search", search=("enterprise__name", "enterprise__credit_code")
            ),
        ),
        orderings=(
            Ordering("new", _("最新"), ("-sampled_on", "enterprise__name", "outlet__code", "pollutant")),
            Ordering("multiple", _("超标倍数"), ("-exceeded", "-multiple", "-sampled_on")),
        ),
        per_page=50,
        filename="monitoring-results",
        caption=_("污染源监测结果"),
    )
)


VALIDITY_AUDITS = register(
    DeclaredList(
        name="sources-validity-audits",
        source=lambda request, params: ValidityAudit.objects.select_related("enterprise", "outlet"),
        columns=(
            Column(
                "period",
                _("季度"),
                lambda a: gettext("%(year)s年第%(quarter)s季度") % {"year": a.year, "quarter": a.quarter},
            ),
            Column("name", _("单位名称"), "enterprise.name", link=lambda a: _facility_url(a.enterprise)),
            Column("credit_code", _("统一社会信用代码"), "enterprise.credit_code"),
            Column("outlet", _("排放口"), lambda a: a.outlet.code if a.outlet else ""),
            Column("result", _("审核结论"), "get_result_display"),
            Column("note", _("说明"), lambda a: facility_text(a.note)),
        ),
        filters=(
            Filter("result", _("审核结论"), choices=ValidityAudit.Result.choices, lookup="result"),
            Filter(
                "q", _("名称或代码"), kind="search", search=("enterprise__name", "enterprise__credit_code")
            ),
        ),
        filename="validity-audits",
        caption=_("自动监控设备有效性审核结果"),
    )
)


# --- 排污许可申请公示 --------------------------------------------------------------------------------


def _publicity_apply(queryset, value):
    """公示中 / 未开始 / 公示期满 against today (an end the calendar cannot give yet counts as open)."""
    today = timezone.localdate()
    if value == "upcoming":
        return queryset.filter(publicity_start__gt=today)
    if value == "open":
        return queryset.filter(publicity_start__lte=today).filter(
            Q(publicity_end__gte=today) | Q(publicity_end__isnull=True)
        )
    if value == "closed":
        return queryset.filter(publicity_end__lt=today)
    return queryset


def _documents_api(application) -> list[dict]:
    return [{"title": d.title, "url": d.url} for d in application.documents.all()]


PERMIT_APPLICATIONS = register(
    DeclaredList(
        name="sources-permit-applications",
        source=lambda request, params: PermitApplication.objects.select_related(
            "enterprise"
        ).prefetch_related("documents"),
        columns=(
            Column(
                "name",
                _("申请单位"),
                "enterprise.name",
                link=lambda a: reverse("sources:permit_application", args=[a.pk]),
            ),
            Column("credit_code", _("统一社会信用代码"), "enterprise.credit_code"),
            Column("kind", _("申请类型"), "get_kind_display"),
            Column("management", _("管理类别"), "get_management_display"),
            Column("publicity_start", _("公示开始日期")),
            Column("publicity_end", _("公示截止日期")),
            Column("publicity", _("公示状态"), lambda a: str(PUBLICITY_STATES[a.publicity_state()])),
            Column("status", _("办理状态"), "get_status_display"),
            Column(
                "summary",
                _("公示内容"),
                lambda a: facility_text(a.summary),
                only=frozenset({"export", "api"}),
            ),
            Column(
                "documents",
                _("公示文件"),
                _documents_api,
                export=lambda docs: "；".join(f"{d['title']} {d['url']}" for d in docs),
                api=lambda docs: docs,
                only=frozenset({"export", "api"}),
            ),
            Column(
                "url",
                _("详情页"),
                value=lambda a: reverse("sources:permit_application", args=[a.pk]),
                absolute=True,
                only=frozenset({"export", "api"}),
            ),
        ),
        filters=(
            Filter(
                "publicity",
                _("公示状态"),
                choices=[(key, label) for key, label in PUBLICITY_STATES.items()],
                apply=_publicity_apply,
            ),
            Filter("kind", _("申请类型"), choices=PermitApplication.Kind.choices, lookup="kind"),
            Filter("status", _("办理状态"), choices=PermitApplication.Status.choices, lookup="status"),
            Filter(
                "q", _("名称或代码"), kind="search", search=("enterprise__name", "enterprise__credit_code")
            ),
        ),
        orderings=(Ordering("new", _("最新公示"), ("-publicity_start", "-id")),),
        filename="permit-applications",
        caption=_("排污许可申请公示"),
    )
)
