"""Public pages (决定公示, 抽查计划与结果, 挂牌督办, 督察整改) and the console pages of enforcement.
Thin: forms in, services for every change, queries for every read."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.audit import queries as audit_queries
from gongkai.core import creditchina_desk, facility, publishing
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.enforcement import forms, lists, queries, services
from gongkai.enforcement.models import (
    Category,
    CreditPush,
    Decision,
    DrawPlan,
    InspectionResult,
    Inspector,
    ListedCase,
    PoolCategory,
    ProblemProgress,
    ProblemState,
    RectificationPlan,
)

# --- public -----------------------------------------------------------------------------------


@require_GET
def index(request):
    return render(
        request,
        "enforcement/index.html",
        {
            "decisions": queries.public_decisions()[:5],
            "plans": queries.public_plans()[:5],
            "listed": queries.public_listed()[:5],
            "rectifications": queries.public_rectification_plans()[:5],
        },
    )


@require_GET
def decisions(request):
    return lists.DECISIONS.respond(request, "enforcement/decisions.html")


@require_GET
def decision(request, pk: int):
    decision = get_object_or_404(Decision.objects.prefetch_related("changes"), pk=pk)
    if not queries.is_public(decision):
        raise Http404(_("该决定未公示或已过公示期。"))
    return render(
        request,
        "enforcement/decision.html",
        {"decision": decision, "enterprise": facility.lookup(decision.credit_code)},
    )


@require_GET
def plans(request):
    return lists.RESULTS.respond(
        request, "enforcement/plans.html", lambda: {"plans": queries.public_plans()[:50]}
    )


def _public_plan(pk: int) -> DrawPlan:
    plan = get_object_or_404(DrawPlan.objects.prefetch_related("pools"), pk=pk)
    if plan.status == DrawPlan.Status.PLANNED:
        raise Http404(_("该计划尚未公布。"))
    return plan


@require_GET
def plan(request, pk: int):
    plan = _public_plan(pk)
    pools = services.draws._pools(plan)
    drawn_names = {m[0]: m[1] for pool in pools for m in pool.snapshot}
    return render(
        request,
        "enforcement/plan.html",
        {
            "plan": plan,
            "pools": pools,
            "drawn_names": drawn_names,
            "results": plan.results.filter(published_at__isnull=False),
            "verification": services.verify_plan(plan) if plan.drawn_at else None,
            "inspector_names": dict(plan.inspector_snapshot),
        },
    )


def _csv(filename: str, header: list[str], rows) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def plan_pool_csv(request, pk: int, category: str):
    """The committed pool snapshot, the input of `gongkai inspections draw --pool`."""
    plan = _public_plan(pk)
    pool = plan.pools.filter(category=category).first()
    if pool is None:
        raise Http404
    return _csv(
        f"{plan.pk}-{category}-pool.csv",
        ["id", "name", "credit_code"],
        pool.snapshot,
    )


@require_GET
def plan_inspectors_csv(request, pk: int):
    plan = _public_plan(pk)
    return _csv(f"{plan.pk}-inspectors.csv", ["id", "name"], plan.inspector_snapshot)


@require_GET
def listed(request):
    return lists.LISTED.respond(request, "enforcement/listed.html")


@require_GET
def rectifications(request):
    return render(request, "enforcement/rectifications.html", {"plans": queries.public_rectification_plans()})


@require_GET
def rectification(request, pk: int):
    plan = get_object_or_404(RectificationPlan, pk=pk, published=True)
    problems = queries.problems_with_states(plan)
    return render(
        request,
        "enforcement/rectification.html",
        {
            "plan": plan,
            "problems": problems,
            "totals": _totals(problems),
            "documents": [
                publishing.status(plan.plan_document_id),
                publishing.status(plan.report_document_id),
            ],
        },
    )


def _totals(problems):
    labels = dict(ProblemState.choices)
    return [(key, labels[key], count) for key, count in queries.totals(problems).items()]


@require_GET
def evidence(request, pk: int):
    progress = get_object_or_404(ProblemProgress, pk=pk, evidence_public=True, problem__plan__published=True)
    response = HttpResponse(bytes(progress.evidence), content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(progress.evidence_name)
    return response


@staff_view("enforcement.view_rectificationproblem")
@require_GET
def staff_evidence(request, pk: int):
    progress = get_object_or_404(ProblemProgress, pk=pk, evidence__isnull=False)
    response = HttpResponse(bytes(progress.evidence), content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(progress.evidence_name)
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name or "evidence")


@require_GET
def rectification_problems(request):
    return lists.PROBLEMS.respond(request, "enforcement/problems.html")


def _may(request, permission: str) -> bool:
    """A POST to a page that others may only read needs the write permission: else 403."""
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return True


# --- staff: decisions ------------------------------------------------------------------------


@staff_view("enforcement.view_decision")
def staff_decisions(request):
    return lists.STAFF_DECISIONS.respond(request, "enforcement/staff/decisions.html")


CREDIT_DESK = creditchina_desk.CreditDesk(
    namespace="enforcement",
    push_permission=services.PUSH,
    export=services.credit_export,
    push=services.credit_push,
    pushes=CreditPush.objects.all,
    today=queries.today,
    heading=gettext_lazy("信用中国双公示报送（行政处罚）"),
    help_text=gettext_lazy(
        "按公示日期导出或推送已公示的行政处罚决定（信用中国双公示字段）。自然人姓名已遮盖，不含证件号码。"
        "推送由部署配置的通道完成，默认写入报送目录。"
    ),
    back_label=gettext_lazy("返回处罚与强制决定"),
)


@staff_view(services.EXPORT)
@require_GET
def staff_creditchina(request):
    """信用中国 双公示 of 行政处罚: export a day's or period's batch, push it, and the pushes so far."""
    return creditchina_desk.page(request, CREDIT_DESK)


@staff_view(services.PUSH)
@require_POST
def staff_creditchina_push(request):
    return creditchina_desk.push(request, CREDIT_DESK)


@staff_view("enforcement.add_decision")
@require_http_methods(["GET", "POST"])
def staff_decision_new(request):
    category = request.GET.get("category") or request.POST.get("category") or Category.PENALTY
    if category not in Category.values:
        category = Category.PENALTY
    form = forms.DecisionForm(request.POST or None, category=category)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_decision(actor=request.user, data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已录入决定%(number)s。") % {"number": created.number})
            return redirect("enforcement:staff_decision", pk=created.pk)
    return render(
        request,
        "enforcement/staff/decision_form.html",
        {"form": form, "category": category, "decision": None},
    )


@staff_view("enforcement.change_decision")
@require_http_methods(["GET", "POST"])
def staff_decision_edit(request, pk: int):
    decision = get_object_or_404(Decision, pk=pk)
    published = decision.published_at is not None
    form = forms.DecisionForm(
        request.POST or None, instance=decision, category=decision.category, published=published
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_decision(
                actor=request.user,
                decision=decision,
                data=form.service_data(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("enforcement:staff_decision", pk=decision.pk)
    return render(
        request,
        "enforcement/staff/decision_form.html",
        {"form": form, "category": decision.category, "decision": decision},
    )


@staff_view("enforcement.view_decision")
@require_GET
def staff_decision(request, pk: int):
    decision = get_object_or_404(Decision.objects.prefetch_related("changes"), pk=pk)
    return render(
        request,
        "enforcement/staff/decision.html",
        {
            "decision": decision,
            "deadline": queries.deadline(decision),
            "public": queries.is_public(decision),
            "withdraw_form": forms.WithdrawForm(
                initial={"withdrawn_on": queries.today(), "reason": decision.withdrawal_reason}
            ),
            "release_form": forms.ReleaseForm(prefix="release", initial={"released_on": queries.today()}),
            "revocation_form": forms.RevocationForm(
                prefix="revoked", initial={"revoked_on": queries.today()}
            ),
            "trail": audit_queries.trail_for(decision),
            "enterprise": facility.lookup(decision.credit_code),
        },
    )


def _act(request, pk, action, success):
    decision = get_object_or_404(Decision, pk=pk)
    try:
        action(decision)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("enforcement:staff_decision", pk=pk)


@staff_view("enforcement.publish_decision")
@require_POST
def staff_decision_publish(request, pk: int):
    return _act(
        request, pk, lambda d: services.publish_decision(actor=request.user, decision=d), _("已公示。")
    )


@staff_view("enforcement.withdraw_decision")
@require_POST
def staff_decision_withdraw(request, pk: int):
    form = forms.WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤回原因和日期。"))
        return redirect("enforcement:staff_decision", pk=pk)
    return _act(
        request,
        pk,
        lambda d: services.withdraw_decision(
            actor=request.user,
            decision=d,
            reason=form.cleaned_data["reason"],
            withdrawn_on=form.cleaned_data["withdrawn_on"],
        ),
        _("已撤回，撤回原因和日期已公开。"),
    )


@staff_view("enforcement.change_decision")
@require_POST
def staff_decision_revoked(request, pk: int):
    form = forms.RevocationForm(request.POST, prefix="revoked")
    if not form.is_valid():
        messages.error(request, _("请填写日期和情况说明。"))
        return redirect("enforcement:staff_decision", pk=pk)
    return _act(
        request,
        pk,
        lambda d: services.record_revocation(actor=request.user, decision=d, **form.cleaned_data),
        _("已登记，须在3日内撤回（行政处罚法第四十八条）。"),
    )


@staff_view("enforcement.change_decision")
@require_POST
def staff_decision_release(request, pk: int):
    form = forms.ReleaseForm(request.POST, prefix="release")
    if not form.is_valid():
        messages.error(request, _("请填写解除日期。"))
        return redirect("enforcement:staff_decision", pk=pk)
    return _act(
        request,
        pk,
        lambda d: services.release_measure(
            actor=request.user,
            decision=d,
            released_on=form.cleaned_data["released_on"],
            reason=form.cleaned_data["reason"],
        ),
        _("已解除查封、扣押。"),
    )


# --- staff: 双随机 ----------------------------------------------------------------------------


@staff_view("enforcement.view_drawplan")
@require_GET
def staff_plans(request):
    return render(
        request,
        "enforcement/staff/plans.html",
        {"plans": DrawPlan.objects.all()[:100], "due": queries.results_due()},
    )


@staff_view("enforcement.add_drawplan")
@require_http_methods(["GET", "POST"])
def staff_plan_new(request):
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pools = form.pools()
        if form.is_valid():
            try:
                created = services.create_plan(
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    pools=pools,
                    inspectors_per_unit=form.cleaned_data["inspectors_per_unit"],
                    max_units_per_inspector=form.cleaned_data["max_units_per_inspector"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                return redirect("enforcement:staff_plan", pk=created.pk)
    return render(request, "enforcement/staff/plan_form.html", {"form": form})


@staff_view("enforcement.view_drawplan")
@require_GET
def staff_plan(request, pk: int):
    plan = get_object_or_404(DrawPlan, pk=pk)
    return render(
        request,
        "enforcement/staff/plan.html",
        {
            "plan": plan,
            "pools": services.draws._pools(plan),
            "results": plan.results.all(),
            "result_form": forms.ResultForm(initial={"inspected_on": queries.today()}),
            "trail": audit_queries.trail_for(plan),
        },
    )


def _plan_act(request, pk, action, success):
    plan = get_object_or_404(DrawPlan, pk=pk)
    try:
        action(plan)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("enforcement:staff_plan", pk=pk)


@staff_view("enforcement.draw_drawplan")
@require_POST
def staff_plan_commit(request, pk: int):
    return _plan_act(
        request,
        pk,
        lambda p: services.commit_plan(actor=request.user, plan=p),
        _("名录摘要和随机种子承诺值已公布。"),
    )


@staff_view("enforcement.draw_drawplan")
@require_POST
def staff_plan_draw(request, pk: int):
    return _plan_act(
        request, pk, lambda p: services.run_draw(actor=request.user, plan=p), _("已抽取，随机种子已公开。")
    )


@staff_view("enforcement.draw_drawplan")
@require_POST
def staff_plan_publish(request, pk: int):
    return _plan_act(
        request, pk, lambda p: services.publish_results(actor=request.user, plan=p), _("抽查结果已公开。")
    )


@staff_view("enforcement.change_inspectionresult")
@require_POST
def staff_result(request, pk: int):
    result = get_object_or_404(InspectionResult, pk=pk)
    form = forms.ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写检查日期和检查结果。"))
    else:
        try:
            services.record_result(actor=request.user, result=result, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已录入%(name)s的检查结果。") % {"name": result.name})
    return redirect("enforcement:staff_plan", pk=result.plan_id)


@staff_view("enforcement.view_inspector")
@require_http_methods(["GET", "POST"])
def staff_conflicts(request):
    form = forms.ConflictForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("enforcement.change_inspector"):
            raise PermissionDenied
        if request.POST.get("remove"):
            inspector = get_object_or_404(Inspector, pk=request.POST.get("inspector_id") or 0)
            try:
                services.remove_conflict(
                    actor=request.user, inspector=inspector, object_code=request.POST["remove"]
                )
            except DomainError as error:
                messages.error(request, error.message)
            return redirect("enforcement:staff_conflicts")
        if form.is_valid():
            try:
                services.add_conflict(
                    actor=request.user,
                    inspector=form.cleaned_data["inspector"],
                    object_code=form.cleaned_data["object_code"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("已新增回避关系。"))
                return redirect("enforcement:staff_conflicts")
    pairs = Inspector.conflicts.through.objects.select_related("inspector", "inspectionobject").order_by(
        "inspector__code", "inspectionobject__code"
    )
    return render(request, "enforcement/staff/conflicts.html", {"form": form, "pairs": pairs[:500]})


# --- staff: 挂牌督办 and 督察整改 ----------------------------------------------------------------


@staff_view("enforcement.view_listedcase")
@require_http_methods(["GET", "POST"])
def staff_listed(request):
    form = forms.ListedCaseForm(request.POST or None)
    if request.method == "POST" and _may(request, "enforcement.add_listedcase") and form.is_valid():
        try:
            services.create_listed_case(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已新增。"))
            return redirect("enforcement:staff_listed")
    cases = ListedCase.objects.all()[:200]
    today = queries.today()
    rows = [(case, services.listed_state(case, today)) for case in cases]
    return render(
        request,
        "enforcement/staff/listed.html",
        {"form": form, "rows": rows, "close_form": forms.CloseListedForm(initial={"closed_on": today})},
    )


@staff_view("enforcement.change_listedcase")
@require_POST
def staff_listed_close(request, pk: int):
    case = get_object_or_404(ListedCase, pk=pk)
    form = forms.CloseListedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写销号日期和整改情况。"))
    else:
        try:
            services.close_listed_case(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已销号。"))
    return redirect("enforcement:staff_listed")


@staff_view("enforcement.view_rectificationplan")
@require_http_methods(["GET", "POST"])
def staff_rectification(request):
    form = forms.RectificationPlanForm(request.POST or None)
    if request.method == "POST" and _may(request, "enforcement.add_rectificationplan") and form.is_valid():
        try:
            created = services.create_rectification_plan(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            return redirect("enforcement:staff_rectification_plan", pk=created.pk)
    return render(
        request,
        "enforcement/staff/rectifications.html",
        {
            "form": form,
            "plans": RectificationPlan.objects.all(),
            "overdue": queries.overdue_problems().count(),
        },
    )


@staff_view("enforcement.view_rectificationplan")
@require_http_methods(["GET", "POST"])
def staff_rectification_plan(request, pk: int):
    plan = get_object_or_404(RectificationPlan, pk=pk)
    form = forms.ProblemForm(request.POST or None)
    if request.method == "POST" and _may(request, "enforcement.add_rectificationplan") and form.is_valid():
        try:
            services.add_problem(actor=request.user, plan=plan, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已新增问题。"))
            return redirect("enforcement:staff_rectification_plan", pk=pk)
    problems = queries.problems_with_states(plan)
    return render(
        request,
        "enforcement/staff/rectification.html",
        {
            "plan": plan,
            "problems": problems,
            "totals": _totals(problems),
            "form": form,
            "progress_form": forms.ProgressForm(plan=plan, initial={"reported_on": queries.today()}),
            "documents": [
                ("plan", _("整改方案"), publishing.status(plan.plan_document_id)),
                ("report", _("整改报告"), publishing.status(plan.report_document_id)),
            ],
            "can_publish": publishing.available(),
        },
    )


@staff_view("enforcement.change_rectificationproblem")
@require_POST
def staff_problem_progress(request, pk: int):
    plan = get_object_or_404(RectificationPlan, pk=pk)
    form = forms.ProgressForm(request.POST, request.FILES, plan=plan)
    if not form.is_valid():
        messages.error(request, _("请填写日期、整改状态和进展情况。"))
    else:
        upload = form.cleaned_data["evidence"]
        problem = form.cleaned_data["problem"]
        try:
            services.record_progress(
                actor=request.user,
                problem=problem,
                reported_on=form.cleaned_data["reported_on"],
                state=form.cleaned_data["state"],
                note=form.cleaned_data["note"],
                evidence_name=upload.name if upload else "",
                evidence=upload.read() if upload else None,
                evidence_public=form.cleaned_data["evidence_public"],
                evidence_title=form.cleaned_data["evidence_title"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已报送第%(n)d项问题的进展。") % {"n": problem.number})
    return redirect("enforcement:staff_rectification_plan", pk=pk)


@staff_view("enforcement.add_rectificationplan")
@require_POST
def staff_rectification_document(request, pk: int, which: str):
    plan = get_object_or_404(RectificationPlan, pk=pk)
    try:
        ref = services.draft_rectification_document(actor=request.user, plan=plan, which=which)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("已生成主动公开草稿（编号%(id)d），须经保密审查和审批后发布。") % {"id": ref.id}
        )
    return redirect("enforcement:staff_rectification_plan", pk=pk)


CATEGORY_LABELS = dict(PoolCategory.choices)
