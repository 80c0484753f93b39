"""Lists declared once for the HTML table, the CSV/XLSX export and the API twin
(``GET /api/v1/lists/<name>``): public 双公示 decisions, licences, obliged enterprises and their
reports; staff decisions with their deadlines and the 办件."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.lists import Column, DeclaredList, Filter, Ordering, register
from gongkai.licensing import queries
from gongkai.licensing.models import Application, Decision, DisclosureReport, Item, Licence, PartyCategory


def _date(value):
    return value.isoformat() if value else ""


def _local_date(value):
    return timezone.localdate(value).isoformat() if value else ""


def _yes_no(value):
    return "" if value is None else ("是" if value else "否")


def _year_filter(field: str):
    def apply(queryset, value):
        return queryset.filter(**{f"{field}__year": int(value)}) if value.isdigit() else queryset

    return apply


def _years():
    years = sorted({d.year for d in Decision.objects.dates("decided_on", "year")}, reverse=True)
    return [(str(y), str(y)) for y in years]


def _public_representative(decision):
    """法定代表人 of an organisation; nothing for a natural person (personal data)."""
    return "" if decision.party_category == PartyCategory.NATURAL_PERSON else decision.legal_representative


def _public_decisions(request, params):
    return queries.public_decisions()


DECISIONS = register(
    DeclaredList(
        name="licensing-decisions",
        source=_public_decisions,
        columns=(
            Column(
                "document_number",
                _("行政许可决定文书号"),
                link=lambda d: reverse("licensing:decision", args=[d.pk]),
            ),
            Column("item", _("事项"), "get_item_display"),
            Column("action", _("决定类型"), "get_action_display"),
            Column("party_name", _("行政相对人名称"), "public_party_name"),
            Column("party_category", _("行政相对人类别"), "get_party_category_display"),
            Column("credit_code", _("统一社会信用代码"), "public_credit_code"),
            Column("legal_representative", _("法定代表人"), _public_representative),
            Column("document_title", _("行政许可决定文书名称")),
            Column("licence_category", _("许可类别")),
            Column("certificate_name", _("许可证书名称")),
            Column("certificate_number", _("许可编号")),
            Column("content", _("许可内容")),
            Column("decided_on", _("许可决定日期"), export=_date, api=_date),
            Column("valid_from", _("有效期自"), export=_date, api=_date),
            Column("valid_to", _("有效期至"), export=_date, api=_date),
            Column("authority", _("许可机关")),
            Column("authority_code", _("许可机关统一社会信用代码")),
            Column("current_state", _("当前状态")),
            Column("source_unit", _("数据来源单位")),
            Column("source_unit_code", _("数据来源单位统一社会信用代码")),
            Column("remarks", _("备注")),
            Column("published_at", _("公示日期"), html=_local_date, export=_local_date, api=_local_date),
            Column("late", _("逾期公示"), html=_yes_no, export=_yes_no),
        ),
        html_columns=(
            "document_number",
            "item",
            "action",
            "party_name",
            "certificate_number",
            "decided_on",
            "valid_to",
            "current_state",
            "published_at",
        ),
        filters=(
            Filter("item", _("事项"), choices=Item.choices, lookup="item"),
            Filter("action", _("决定类型"), choices=Decision.Action.choices, lookup="action"),
            Filter("year", _("年度"), choices=_years, apply=_year_filter("decided_on")),
            Filter(
                "q",
                _("关键词"),
                kind="search",
                search=("party_name", "document_number", "certificate_number", "credit_code"),
            ),
        ),
        orderings=(
            Ordering("decided", _("决定日期（新→旧）"), ("-decided_on", "-pk")),
            Ordering("published", _("公示时间（新→旧）"), ("-published_at", "-pk")),
        ),
        filename="licensing-decisions",
        caption=_("行政许可决定（双公示）"),
    )
)


def _staff_decisions(request, params):
    return queries.staff_decisions(str(params.get("state", "")))


def _state(decision):
    return queries.STATE_LABELS[queries.decision_state(decision)]


def _due(decision):
    if decision.due_on is None:
        return ""
    return f"{decision.due_on.isoformat()}{'（暂定）' if decision.due_provisional else ''}"


STAFF_DECISIONS = register(
    DeclaredList(
        name="licensing-staff-decisions",
        source=_staff_decisions,
        columns=(
            Column(
                "document_number",
                _("行政许可决定文书号"),
                link=lambda d: reverse("licensing:staff_decision", args=[d.pk]),
            ),
            Column("item", _("事项"), "get_item_display"),
            Column("action", _("决定类型"), "get_action_display"),
            Column("party_name", _("行政相对人名称")),
            Column("credit_code", _("统一社会信用代码")),
            Column("decided_on", _("许可决定日期"), export=_date, api=_date),
            Column("due_on", _("公示期限"), _due),
            Column("published_at", _("公示日期"), html=_local_date, export=_local_date, api=_local_date),
            Column("state", _("公示状态"), _state),
        ),
        filters=(
            Filter(
                "state",
                _("公示状态"),
                choices=(
                    ("unpublished", _("未公示")),
                    ("due_soon", _("2个工作日内到期")),
                    ("overdue", _("已逾期未公示")),
                    ("late", _("逾期公示")),
                    ("published", _("已公示")),
                ),
            ),
            Filter("item", _("事项"), choices=Item.choices, lookup="item"),
            Filter("year", _("年度"), choices=_years, apply=_year_filter("decided_on")),
            Filter("q", _("关键词"), kind="search", search=("party_name", "document_number", "credit_code")),
        ),
        orderings=(
            Ordering("due", _("公示期限（早→晚）"), ("due_on", "pk")),
            Ordering("decided", _("决定日期（新→旧）"), ("-decided_on", "-pk")),
        ),
        permission="licensing.view_decision",
        filename="licensing-staff-decisions",
        caption=_("行政许可决定"),
    )
)


def _licences(request, params):
    return queries.licences(str(params.get("status", "")))


def _categories(licence):
    return "、".join(c.code for c in licence.categories.all())


LICENCES = register(
    DeclaredList(
        name="licensing-licences",
        source=_licences,
        columns=(
            Column("number", _("许可证编号"), link=lambda lic: reverse("licensing:licence", args=[lic.pk])),
            Column("kind", _("许可证种类"), "get_kind_display"),
            Column("holder_name", _("持证单位")),
            Column("credit_code", _("统一社会信用代码")),
            Column("business_mode", _("经营方式")),
            Column("capacity_tpa", _("经营规模（吨/年）"), numeric=True),
            Column("categories", _("危险废物类别"), _categories),
            Column("scope", _("种类和范围")),
            Column("valid_from", _("有效期自"), export=_date, api=_date),
            Column("valid_to", _("有效期至"), export=_date, api=_date),
            Column("status", _("状态"), "get_status_display"),
        ),
        filters=(
            Filter("kind", _("许可证种类"), choices=Licence.Kind.choices, lookup="kind"),
            Filter("status", _("状态"), choices=Licence.Status.choices),
            Filter("q", _("关键词"), kind="search", search=("holder_name", "number", "credit_code")),
        ),
        orderings=(
            Ordering("number", _("编号"), ("kind", "number")),
            Ordering("expiry", _("有效期至（早→晚）"), ("valid_to", "number")),
        ),
        filename="licensing-licences",
        caption=_("许可证"),
    )
)

STAFF_LICENCES = register(
    LICENCES.variant(
        name="licensing-staff-licences",
        columns=(
            Column(
                "number", _("许可证编号"), link=lambda lic: reverse("licensing:staff_licence", args=[lic.pk])
            ),
            *LICENCES.columns[1:],
        ),
        permission="licensing.view_licence",
        filename="licensing-staff-licences",
    )
)

APPLICATIONS = register(
    DeclaredList(
        name="licensing-applications",
        source=lambda request, params: queries.applications(),
        columns=(
            Column(
                "number", _("申请编号"), link=lambda a: reverse("licensing:staff_application", args=[a.pk])
            ),
            Column("item", _("事项"), "get_item_display"),
            Column("applicant_name", _("申请单位")),
            Column("credit_code", _("统一社会信用代码")),
            Column("received_on", _("受理日期"), export=_date, api=_date),
            Column("status", _("办理状态"), "get_status_display"),
            Column("concluded_on", _("办结日期"), export=_date, api=_date),
        ),
        filters=(
            Filter("item", _("事项"), choices=Item.choices, lookup="item"),
            Filter("status", _("办理状态"), choices=Application.Status.choices, lookup="status"),
            Filter("q", _("关键词"), kind="search", search=("number", "applicant_name", "credit_code")),
        ),
        orderings=(Ordering("new", _("受理日期（新→旧）"), ("-received_on", "-pk")),),
        permission="licensing.view_application",
        filename="licensing-applications",
        caption=_("许可办件"),
    )
)


def _obligation_source(request, params):
    queryset = queries.obligations()
    if params.get("status") == "problem":
        queryset = queries.with_problems(queryset)
    elif params.get("status") == "missing":
        queryset = queries.missing_annual(queryset)
    return queryset


def _obligation_years():
    return [(str(y), str(y)) for y in queries.report_years()]


def _districts():
    return [(d, d) for d in queries.districts()]


def _year_value(queryset, value):
    return queryset.filter(year=int(value)) if value.isdigit() else queryset


OBLIGATIONS = register(
    DeclaredList(
        name="licensing-obligations",
        source=_obligation_source,
        columns=(
            Column("year", _("名单年度")),
            Column("name", _("企业名称")),
            Column("credit_code", _("统一社会信用代码")),
            Column("district", _("所在区县")),
            Column("basis", _("纳入依据"), "get_basis_display"),
            Column("annual", _("年度报告"), queries.annual_status),
            Column("temporary_count", _("临时报告数"), numeric=True),
            Column("temporary_late", _("逾期临时报告数"), numeric=True),
        ),
        filters=(
            Filter("year", _("名单年度"), choices=_obligation_years, apply=_year_value),
            Filter("district", _("所在区县"), choices=_districts, lookup="district"),
            Filter(
                "status",
                _("披露情况"),
                choices=(("problem", _("逾期或未披露")), ("missing", _("年度报告未披露"))),
            ),
            Filter("q", _("企业名称或统一社会信用代码"), kind="search", search=("name", "credit_code")),
        ),
        orderings=(
            Ordering("year", _("年度（新→旧）"), ("-year", "credit_code")),
            Ordering("name", _("企业名称"), ("name", "year")),
        ),
        filename="licensing-obligations",
        caption=_("企业环境信息依法披露名单"),
    )
)

REPORTS = register(
    DeclaredList(
        name="licensing-reports",
        source=lambda request, params: DisclosureReport.objects.select_related("obligation"),
        columns=(
            Column("name", _("企业名称"), "obligation.name"),
            Column("credit_code", _("统一社会信用代码"), "obligation.credit_code"),
            Column("year", _("名单年度"), "obligation.year"),
            Column("kind", _("报告类型"), "get_kind_display"),
            Column("event", _("临时报告事项"), "get_event_display"),
            Column("event_date", _("收到法律文书日期"), export=_date, api=_date),
            Column("disclosed_on", _("披露日期"), export=_date, api=_date),
            Column("due_on", _("披露期限"), export=_date, api=_date),
            Column("late", _("逾期披露"), html=_yes_no, export=_yes_no),
            Column("link", _("披露系统链接")),
        ),
        html_columns=("name", "credit_code", "year", "kind", "event_date", "disclosed_on", "due_on", "late"),
        filters=(
            Filter("year", _("名单年度"), choices=_obligation_years, lookup="obligation__year"),
            Filter("kind", _("报告类型"), choices=DisclosureReport.Kind.choices, lookup="kind"),
            Filter(
                "late",
                _("只看逾期披露"),
                kind="checkbox",
                apply=lambda qs, v: qs.filter(late=True) if v == "1" else qs,
            ),
            Filter(
                "q",
                _("企业名称或统一社会信用代码"),
                kind="search",
                search=("obligation__name", "obligation__credit_code"),
            ),
        ),
        orderings=(Ordering("new", _("披露日期（新→旧）"), ("-disclosed_on", "-pk")),),
        filename="licensing-reports",
        caption=_("依法披露报告"),
    )
)
