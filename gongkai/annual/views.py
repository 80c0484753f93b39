"""Staff pages of the annual report: the years, one year's report (figures, checks, narrative editor,
outputs, hand-over to 主动公开 review)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.annual import cards, schedule, services
from gongkai.annual import render as rendering
from gongkai.annual.forms import FeesForm, GenerateForm, SectionsForm
from gongkai.annual.models import FeeFigure, Report
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error

STATUS_LABELS = {
    "draft": _("已生成主动公开草稿，待编辑提交保密审查"),
    "review": _("待保密审查"),
    "approval": _("待领导审批"),
    "scheduled": _("已审批，定时发布"),
    "published": _("已发布"),
    "withdrawn": _("已撤回"),
}


@staff_view("annual.view_report")
@require_http_methods(["GET", "POST"])
def reports(request):
    form = GenerateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not request.user.has_perm("annual.change_report"):
            raise PermissionDenied
        if form.is_valid():
            try:
                report = services.generate(actor=request.user, year=form.cleaned_data["year"])
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("已生成%(y)d年度报告。") % {"y": report.year})
                return redirect("annual:report", report.year)
    today = timezone.localdate()
    rows = [
        {
            "report": report,
            "deadline": schedule.deadline(report.year),
            "status": _status(report),
            "overdue": report.year in cards.overdue(today),
        }
        for report in Report.objects.all()
    ]
    return render(
        request,
        "annual/reports.html",
        {"form": form, "rows": rows, "pending": cards.pending(today), "overdue": cards.overdue(today)},
    )


def _status(report: Report) -> str:
    ref = services.document_status(report)
    if ref is None:
        return _("编制中")
    return STATUS_LABELS.get(ref.status, ref.status)


@staff_view("annual.view_report")
@require_http_methods(["GET", "POST"])
def report(request, year: int):
    report = get_object_or_404(Report, year=year)
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    form = SectionsForm(request.POST if action == "save" else None, initial=report.sections)
    fee = FeeFigure.objects.filter(year=year).select_related("entered_by").first()
    fees_form = FeesForm(
        request.POST if action == "fees" else None,
        prefix="fees",
        initial={"amount": fee.amount, "items": fee.items} if fee else None,
    )
    if request.method == "POST":
        permission = "annual.publish_report" if action == "submit" else "annual.change_report"
        if not request.user.has_perm(permission):
            raise PermissionDenied
        try:
            if action in ("regenerate", "redraft"):
                services.generate(actor=request.user, year=year, redraft=action == "redraft")
                messages.success(request, _("已按最新业务数据重新计算。"))
                return redirect("annual:report", year)
            if action == "fees":
                if fees_form.is_valid():
                    services.enter_fees(actor=request.user, year=year, **fees_form.cleaned_data)
                    messages.success(request, _("已录入行政事业性收费金额并重新计算。"))
                    return redirect("annual:report", year)
            elif action == "submit":
                ref = services.submit(actor=request.user, report=report)
                messages.success(request, _("已提交主动公开，按主动公开审核流程发布。"))
                return redirect(ref.staff_url)
            elif form.is_valid():
                services.edit_sections(actor=request.user, report=report, sections=form.cleaned_data)
                messages.success(request, _("已保存。"))
                return redirect("annual:report", year)
        except DomainError as error:
            form_error(fees_form if action == "fees" else form, error)
    ref = services.document_status(report)
    context = rendering.context(report)
    context.update(
        {
            "report": report,
            # The staff page's title in the interface language; in Chinese the document's own title.
            "page_title": _("%(organisation)s%(year)d年政府信息公开工作年度报告")
            % {"organisation": context["organisation_name"], "year": report.year},
            "form": form,
            "fees_form": fees_form,
            "fee": fee,
            "fee_amount": f"{fee.amount.normalize():f}" if fee else "",
            "failures": services.failures(report),
            "document": ref,
            "status": _status(report),
            "locked": services.submitted(report),
            "deadline": schedule.deadline(report.year),
            "steps": schedule.steps(report.year, cards.steps_setting()),
            "table_class": "table report",
            "can_change": request.user.has_perm("annual.change_report"),
            "can_submit": request.user.has_perm("annual.publish_report"),
        }
    )
    return render(request, "annual/report.html", context)


@staff_view("annual.view_report")
@require_GET
def download(request, year: int, kind: str):
    report = get_object_or_404(Report, year=year)
    title = rendering.document_title(report.year, rendering.context(report)["organisation_name"])
    if kind == "docx":
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        data = rendering.docx(report)
    elif kind == "pdf":
        content_type, data = "application/pdf", rendering.pdf(report)
    elif kind == "html":
        content_type, data = "text/html; charset=utf-8", rendering.html(report).encode()
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if kind == "html" else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(title)}.{kind}"
    return response
