"""Enforcement lists, declared once for the table, CSV/XLSX and the API twin /api/v1/lists/<name>.

Public lists never carry a natural person's name in full, nor any identity document: the party column
is `Decision.public_name` (masked for natural persons) and the identity fields are in no public column."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core import facility
from gongkai.core.lists import HTML, Column, DeclaredList, Filter, Ordering, register
from gongkai.enforcement import queries, rules
from gongkai.enforcement.models import (
    Category,
    Decision,
    InspectionResult,
    ListedCase,
    PartyType,
    PoolCategory,
    ProblemState,
    RectificationProblem,
)

EXPORT_API = frozenset({"export", "api"})


def _int_filter(queryset, lookup: str, value: str):
    """A number typed into the address: anything else filters nothing (never a 500)."""
    return queryset.filter(**{lookup: int(value)}) if value.isdigit() and len(value) < 10 else queryset


def _withdrawal(decision: Decision) -> str:
    if not decision.withdrawn_on:
        return ""
    return f"{decision.withdrawn_on.isoformat()} {decision.withdrawal_reason}"


def _changes(decision: Decision) -> str:
    return "；".join(
        f"{c.changed_on.isoformat()} {c.get_kind_display()}：{c.reason}" for c in decision.changes.all()
    )


def _status_html(decision: Decision):
    if decision.withdrawn_on:
        return format_html('<span class="tag error">{}</span>', _("已撤回"))
    return format_html('<span class="tag">{}</span>', decision.status_label)


PUBLIC_DECISION_COLUMNS = (
    Column("number", _("决定书文号"), link=lambda d: reverse("enforcement:decision", args=[d.pk])),
    Column("category", _("类别"), "get_category_display"),
    Column("party", _("行政相对人名称"), "public_name"),
    Column("party_type", _("行政相对人类别"), "get_party_type_display"),
    Column("credit_code", _("统一社会信用代码")),
    Column("legal_representative", _("法定代表人"), "public_representative", only=EXPORT_API),
    Column("violation_type", _("违法行为类型")),
    Column("facts", _("违法事实"), only=EXPORT_API),
    Column("legal_basis", _("处罚依据"), only=EXPORT_API),
    Column("kind", _("处罚类别")),
    Column("content", _("处罚内容"), only=EXPORT_API),
    Column("amount", _("罚款金额（万元）"), numeric=True),
    Column("confiscated_amount", _("没收违法所得、没收非法财物的金额（万元）"), only=EXPORT_API),
    Column("licence", _("暂扣或吊销证照名称及编号"), only=EXPORT_API),
    Column("continuous_days", _("按日连续处罚计罚日数"), only=EXPORT_API),
    Column("seized_items", _("查封、扣押的场所、设施或者财物"), only=EXPORT_API),
    Column("measure_from", _("查封、扣押期限自"), only=EXPORT_API),
    Column("measure_to", _("查封、扣押期限至"), only=EXPORT_API),
    Column("released_on", _("解除日期"), only=EXPORT_API),
    Column("decided_on", _("决定日期")),
    Column("publicity_until", _("公示截止期"), only=EXPORT_API),
    Column("authority", _("决定机关")),
    Column("authority_code", _("决定机关统一社会信用代码"), only=EXPORT_API),
    Column(
        "status",
        _("状态"),
        lambda d: d,
        html=_status_html,
        export=lambda d: d.status_label,
        api=lambda d: d.status_label,
    ),
    Column("withdrawal", _("撤回日期及原因"), _withdrawal, only=EXPORT_API),
    Column("changes", _("变更记录"), _changes, only=EXPORT_API),
)


def _public_decisions(request, params):
    return queries.public_decisions()


def _party_types():
    return PartyType.choices


DECISIONS = register(
    DeclaredList(
        name="enforcement-decisions",
        source=_public_decisions,
        columns=PUBLIC_DECISION_COLUMNS,
        filters=(
            Filter("q", _("关键词"), kind="search", search=("number", "credit_code", "violation_type")),
            Filter("category", _("类别"), choices=Category.choices, lookup="category"),
            Filter("kind", _("处罚类别"), choices=lambda: [(k, k) for k in rules_kinds()], lookup="kind"),
            Filter(
                "year", _("年度"), kind="text", apply=lambda qs, v: _int_filter(qs, "decided_on__year", v)
            ),
        ),
        orderings=(
            Ordering("new", _("决定日期从新到旧"), ("-decided_on", "-pk")),
            Ordering("old", _("决定日期从旧到新"), ("decided_on", "pk")),
        ),
        filename="enforcement-decisions",
        empty=_("暂无公示中的决定。"),
        caption=_("行政处罚与行政强制决定（双公示）"),
    )
)


def rules_kinds():
    from gongkai.enforcement.models import COERCION_KINDS, PENALTY_KINDS

    return PENALTY_KINDS + COERCION_KINDS


def _left_html(decision):
    state = queries.deadline(decision)
    if state is None:
        return "—"
    if state.overdue:
        return format_html(
            '<strong class="error">{}</strong>', _("逾期%(n)d个工作日") % {"n": -state.workdays_left}
        )
    return _("%(n)d个工作日") % {"n": state.workdays_left}


def _staff_source(request, params):
    rows = Decision.objects.all()
    status = params.get("status", "")
    if status == "unpublished":
        rows = rows.filter(published_at__isnull=True, withdrawn_on__isnull=True)
    elif status == "published":
        rows = rows.filter(published_at__isnull=False, withdrawn_on__isnull=True)
    elif status == "revoked":
        rows = rows.filter(pk__in=queries.awaiting_withdrawal().values("pk"))
    elif status == "withdrawn":
        rows = rows.filter(withdrawn_on__isnull=False)
    elif status == "archived":
        rows = rows.filter(pk__in=queries.archived_decisions().values("pk"))
    due = params.get("due", "")
    if due == "overdue":
        rows = rows.filter(pk__in=queries.overdue_unpublished().values("pk"))
    elif due == "soon":
        rows = rows.filter(pk__in=queries.due_soon_unpublished().values("pk"))
    return rows


STAFF_DECISIONS = register(
    DeclaredList(
        name="enforcement-decisions-staff",
        source=_staff_source,
        columns=(
            Column(
                "number", _("决定书文号"), link=lambda d: reverse("enforcement:staff_decision", args=[d.pk])
            ),
            Column("category", _("类别"), "get_category_display"),
            Column("party_name", _("行政相对人名称")),
            Column("credit_code", _("统一社会信用代码")),
            Column("kind", _("处罚类别"), "get_kind_display"),
            Column("amount", _("罚款金额（万元）"), numeric=True),
            Column("decided_on", _("决定日期")),
            Column("publish_due", _("公示期限"), blank="—"),
            Column("left", _("剩余"), lambda d: d, html=_left_html, only=frozenset({HTML})),
            Column("published_at", _("公示时间"), blank="—"),
            Column("published_late", _("逾期公示")),
            Column("publicity_until", _("公示截止期"), blank="—"),
            Column(
                "status",
                _("状态"),
                lambda d: d,
                html=_status_html,
                export=lambda d: d.status_label,
                api=lambda d: d.status_label,
            ),
        ),
        filters=(
            Filter("q", _("关键词"), kind="search", search=("number", "party_name", "credit_code")),
            Filter("category", _("类别"), choices=Category.choices, lookup="category"),
            Filter(
                "status",
                _("状态"),
                choices=(
                    ("unpublished", _("待公示")),
                    ("published", _("已公示")),
                    ("revoked", _("待撤回")),
                    ("withdrawn", _("已撤回")),
                    ("archived", _("已过公示期（存档）")),
                ),
            ),
            Filter("due", _("期限"), choices=(("overdue", _("已逾期")), ("soon", _("2个工作日内到期")))),
        ),
        orderings=(
            Ordering("new", _("决定日期从新到旧"), ("-decided_on", "-pk")),
            Ordering("due", _("公示期限"), ("publish_due", "pk")),
        ),
        permission="enforcement.view_decision",
        filename="enforcement-decisions-staff",
        caption=_("处罚与强制决定"),
        # natural persons' names in full leave the console: each export and API read is audited
        audit_reads="enforcement.decisions.export",
    )
)


def _plan_link(result):
    return reverse("enforcement:plan", args=[result.plan_id])


RESULTS = register(
    DeclaredList(
        name="enforcement-inspection-results",
        source=lambda request, params: queries.public_results(),
        columns=(
            Column("plan", _("抽查计划"), "plan.number", link=_plan_link),
            Column("unit_name", _("检查对象")),
            Column("credit_code", _("统一社会信用代码")),
            Column("category", _("监管类别"), "get_category_display"),
            Column("inspectors", _("执法人员")),
            Column("inspected_on", _("检查日期")),
            Column("outcome", _("检查结果"), "get_outcome_display"),
            Column("findings", _("检查情况"), only=EXPORT_API),
            Column("published_at", _("公开时间"), only=EXPORT_API),
        ),
        filters=(
            Filter("q", _("关键词"), kind="search", search=("name", "credit_code", "plan__number")),
            Filter("category", _("监管类别"), choices=PoolCategory.choices, lookup="category"),
            Filter("outcome", _("检查结果"), choices=InspectionResult.Outcome.choices, lookup="outcome"),
        ),
        orderings=(Ordering("new", _("最新"), ("-plan__period_start", "plan", "category", "rank")),),
        filename="enforcement-inspection-results",
        empty=_("暂无公开的抽查结果。"),
        caption=_("双随机抽查结果"),
    )
)


def _enterprise_link(case):
    ref = facility.lookup(case.credit_code) if case.credit_code else None
    return ref.url if ref and ref.url else ""


def _listed_state(case):
    from gongkai.enforcement.services import listed_state

    return listed_state(case, queries.today())


LISTED = register(
    DeclaredList(
        name="enforcement-listed-cases",
        source=lambda request, params: queries.public_listed(),
        columns=(
            Column("number", _("编号")),
            Column("kind", _("类型"), "get_kind_display"),
            Column("campaign", _("专项行动或督办批次")),
            Column("party_name", _("单位名称"), link=_enterprise_link),
            Column("credit_code", _("统一社会信用代码")),
            Column("problem", _("问题")),
            Column("requirement", _("整改要求"), only=EXPORT_API),
            Column("listed_on", _("挂牌（曝光）日期")),
            Column("deadline", _("整改期限"), blank="—"),
            Column("state", _("状态"), _listed_state),
            Column("closed_on", _("销号日期"), blank="—"),
            Column("outcome", _("整改情况"), only=EXPORT_API),
        ),
        filters=(
            Filter(
                "q", _("关键词"), kind="search", search=("party_name", "credit_code", "campaign", "number")
            ),
            Filter("kind", _("类型"), choices=ListedCase.Kind.choices, lookup="kind"),
            Filter("status", _("状态"), choices=ListedCase.Status.choices, lookup="status"),
        ),
        orderings=(Ordering("new", _("最新"), ("-listed_on", "-pk")),),
        filename="enforcement-listed-cases",
        empty=_("暂无挂牌督办或曝光案件。"),
        caption=_("挂牌督办与专项督查曝光"),
    )
)


def _state_filter(queryset, value):
    today = queries.today()
    late = Q(deadline__lt=today) & ~Q(state=rules.DONE)
    if value == rules.OVERDUE:
        return queryset.filter(late)
    if value == rules.DONE:
        return queryset.filter(state=rules.DONE)
    return queryset.filter(state=value).exclude(late)


PROBLEMS = register(
    DeclaredList(
        name="enforcement-rectification-problems",
        source=lambda request, params: RectificationProblem.objects.filter(
            plan__published=True
        ).select_related("plan"),
        columns=(
            Column(
                "plan",
                _("督察整改"),
                "plan.title",
                link=lambda p: reverse("enforcement:rectification", args=[p.plan_id]),
            ),
            Column("number", _("序号"), numeric=True),
            Column("description", _("问题")),
            Column("responsible_unit", _("责任单位")),
            Column("measures", _("整改措施")),
            Column("deadline", _("整改时限"), blank="—"),
            Column(
                "state",
                _("整改状态"),
                lambda p: str(ProblemState(p.effective_state(queries.today())).label),
            ),
            Column("completed_on", _("完成日期"), blank="—"),
        ),
        filters=(
            Filter("plan", _("督察整改"), kind="text", apply=lambda qs, v: _int_filter(qs, "plan_id", v)),
            Filter("state", _("整改状态"), choices=ProblemState.choices, apply=_state_filter),
            Filter("q", _("关键词"), kind="search", search=("description", "responsible_unit")),
        ),
        orderings=(Ordering("plan", _("按序号"), ("-plan__feedback_on", "plan", "number")),),
        filename="enforcement-rectification",
        empty=_("暂无整改问题。"),
        caption=_("督察整改问题清单"),
    )
)
