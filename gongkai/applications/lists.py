"""The console's 依申请公开 lists, declared once for the table, the CSV/XLSX export and the API twin
(/api/v1/lists/applications-cases, /api/v1/lists/applications-appeals).

Applicants' names appear in full only in the variant for holders of applications.view_applicant;
everybody else gets `masked_name`, and the keyword filter then does not search names or phones."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.applications import forms, queries
from gongkai.applications.models import Appeal, Channel, Status
from gongkai.core.lists import Column, DeclaredList, Filter, register

VIEW = "applications.view_application"
VIEW_APPLICANT = "applications.view_applicant"


def _left(days: int | None):
    if days is None:
        return "—"
    if days < 0:
        return format_html('<strong class="error">{}</strong>', _("逾期（%(n)s）") % {"n": days})
    return days


def _tag(text):
    return format_html('<span class="tag">{}</span>', text)


def _handler_html(handler):
    return (handler.full_name or str(handler)) if handler else "—"


def _cases(*, full: bool):
    return lambda request, params: queries.filter_cases(params, can_see_applicant=full)


def _applicant(*, full: bool) -> Column:
    return Column("applicant", _("申请人"), "name" if full else "masked_name")


CASE_COLUMNS = (
    Column("tracking_number", _("登记号"), link=lambda a: reverse("applications:case", args=[a.pk])),
    _applicant(full=False),
    Column("applicant_type", _("申请人类型"), "get_applicant_type_display"),
    Column("channel", _("受理渠道"), "get_channel_display"),
    Column("submitted_at", _("提交时间")),
    Column("received_on", _("收到申请之日"), blank="—"),
    Column(
        "status",
        _("状态"),
        "get_status_display",
        html=lambda s: format_html('<span class="tag">{}</span>', s),
    ),
    Column("due_on", _("答复期限"), blank="—"),
    Column("workdays_left", _("剩余工作日"), queries.workdays_left, html=_left),
    Column(
        "handler",
        _("经办人"),
        "handler",
        html=_handler_html,
        export=lambda h: str(h) if h else "",
        api=lambda h: str(h) if h else "",
    ),
    Column("outcome", _("办理结果"), lambda a: a.get_outcome_display() if a.outcome else ""),
    Column("concluded_on", _("办结日期")),
)


def _status_choices():
    return [("open", _("办理中（全部）")), ("concluded", _("已办结（全部）")), *Status.choices]


def _audience(user) -> DeclaredList:
    return CASES_FULL if user.has_perm(VIEW_APPLICANT) else CASES


# The filters are applied by queries.filter_cases (the source); declared here for the form.
CASES = register(
    DeclaredList(
        name="applications-cases",
        source=_cases(full=False),
        columns=CASE_COLUMNS,
        html_columns=(
            "tracking_number",
            "applicant",
            "status",
            "received_on",
            "due_on",
            "workdays_left",
            "handler",
        ),
        filters=(
            Filter("q", _("关键词"), kind="search"),
            Filter("status", _("状态"), choices=_status_choices),
            Filter("due", _("期限"), choices=(("soon", _("5个工作日内到期")), ("overdue", _("已逾期")))),
            Filter("channel", _("渠道"), choices=Channel.choices),
            Filter("outcome", _("办理结果"), choices=forms.outcome_choices),
            Filter("received_from", _("收到日期自"), kind="date"),
            Filter("received_to", _("至"), kind="date"),
        ),
        permission=VIEW,
        filename="applications",
        empty=_("没有案件。"),
        caption=_("依申请公开申请"),
        audience=_audience,
    )
)
CASES_FULL = CASES.variant(
    source=_cases(full=True),
    columns=tuple(_applicant(full=True) if c.key == "applicant" else c for c in CASE_COLUMNS),
)


def _appeals(request, params):
    return Appeal.objects.select_related("application").order_by("-filed_on", "-id")


APPEALS = register(
    DeclaredList(
        name="applications-appeals",
        source=lambda request, params: Appeal.objects.select_related("application").order_by(
            "-filed_on", "-id"
        ),
        columns=(
            Column(
                "tracking_number",
                _("登记号"),
                "application.tracking_number",
                link=lambda a: reverse("applications:case", args=[a.application_id]) + "#appeals",
            ),
            Column("route", _("途径"), "get_route_display"),
            Column("body", _("复议机关或法院")),
            Column("case_number", _("案号")),
            Column("filed_on", _("收到日期")),
            Column("result", _("结果"), "get_result_display"),
            Column("decided_on", _("审结日期"), blank="—"),
        ),
        filters=(
            Filter("route", _("途径"), choices=Appeal.Route.choices, lookup="route"),
            Filter("result", _("结果"), choices=Appeal.Result.choices, lookup="result"),
        ),
        permission=VIEW,
        filename="appeals",
        empty=_("暂无记录。"),
        caption=_("行政复议和行政诉讼"),
    )
)
