"""Thin views: public 双公示 lists and pages, the public status lookup (rate-limited), and the staff
console. Every change goes through services.py."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.audit.queries import trail_for
from gongkai.core import creditchina_desk, ratelimit
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.core.middleware import client_ip
from gongkai.intake import queries as intake_queries
from gongkai.intake import services as intake_services
from gongkai.licensing import creditchina, forms, intake, lists, queries, services
from gongkai.licensing.models import Application, CreditPush, Decision, Licence, WasteCategory, WasteCode

# --- public ----------------------------------------------------------------------------------------


@require_safe
def decisions(request):
    return lists.DECISIONS.respond(request, "licensing/public/decisions.html")


@require_safe
def decision(request, pk: int):
    item = get_object_or_404(queries.public_decisions().prefetch_related("corrections"), pk=pk)
    return render(request, "licensing/public/decision.html", {"decision": item})


@require_safe
def licences(request):
    return lists.LICENCES.respond(request, "licensing/public/licences.html")


@require_safe
def licence(request, pk: int):
    item = get_object_or_404(Licence.objects.prefetch_related("categories", "codes"), pk=pk)
    history = queries.public_decisions().filter(licence=item).order_by("decided_on", "pk")
    return render(request, "licensing/public/licence.html", {"licence": item, "history": history})


@require_safe
def obligations(request):
    return lists.OBLIGATIONS.respond(request, "licensing/public/obligations.html")


@require_safe
def reports(request):
    return lists.REPORTS.respond(request, "licensing/public/reports.html")


def lookup_limit() -> tuple[int, int]:
    """LICENSING_LOOKUP_LIMIT = (look-ups, seconds) per IP address; default 30 per 10 minutes."""
    return tuple(getattr(settings, "LICENSING_LOOKUP_LIMIT", (30, 600)))


def _allowed(request) -> bool:
    limit, window = lookup_limit()
    ip = client_ip(request) or "unknown"
    digest = hashlib.sha256(ip.encode()).hexdigest()[:32]
    return ratelimit.hit(f"gk:rl:licensing-lookup:{digest}:{int(time.time() // window)}", window + 1) <= limit


@require_safe
def lookup(request):
    """Status of an application by its item and number: the item, dates and state only."""
    template = "licensing/public/lookup.html"
    if "number" not in request.GET:
        return render(request, template, {"form": forms.LookupForm()})
    form = forms.LookupForm(request.GET)
    if not _allowed(request):
        return render(request, template, {"form": form, "too_many": True}, status=429)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    application = (
        Application.objects.filter(number=form.cleaned_data["number"], item=form.cleaned_data["item"])
        .select_related("decision")
        .first()
    )
    if application is None:
        return render(request, template, {"form": form, "not_found": True}, status=404)
    published = getattr(application, "decision", None)
    if published is not None and published.published_at is None:
        published = None
    return render(request, template, {"form": form, "application": application, "decision": published})


# --- staff: decisions ------------------------------------------------------------------------------


@staff_view("licensing.view_decision")
@require_safe
def staff_decisions(request):
    return lists.STAFF_DECISIONS.respond(
        request,
        "licensing/staff/decisions.html",
        lambda: {"overdue": queries.overdue().count(), "due_soon": queries.due_soon().count()},
    )


def _application(number: str):
    if not number:
        return None
    application = Application.objects.filter(number=number.strip().upper()).first()
    if application is None:
        raise DomainError(_("申请编号“%(number)s”不存在。") % {"number": number}, field="application_number")
    return application


@staff_view("licensing.add_decision")
@require_http_methods(["GET", "POST"])
def staff_decision_new(request):
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application = _application(data.pop("application_number"))
            created = services.create_decision(actor=request.user, data=data, application=application)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已录入，请在期限内公示。"))
            return redirect("licensing:staff_decision", pk=created.pk)
    return render(request, "licensing/staff/form.html", {"form": form, "title": _("录入行政许可决定")})


@staff_view("licensing.view_decision")
@require_http_methods(["GET", "POST"])
def staff_decision(request, pk: int):
    item = get_object_or_404(Decision.objects.select_related("licence", "application"), pk=pk)
    initial = {name: getattr(item, name) for name in services.DECISION_FIELDS}
    form = forms.CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm("licensing.change_decision"):
            return render(request, "403.html", status=403)
        if form.is_valid():
            data = dict(form.cleaned_data)
            reason = data.pop("reason")
            try:
                services.change_decision(actor=request.user, decision=item, changes=data, reason=reason)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("licensing:staff_decision", pk=item.pk)
    return render(
        request,
        "licensing/staff/decision.html",
        {
            "decision": item,
            "form": form,
            "state": queries.STATE_LABELS[queries.decision_state(item)],
            "trail": trail_for(item),
            "can_publish": request.user.has_perm("licensing.publish_decision"),
            "can_change": request.user.has_perm("licensing.change_decision"),
        },
    )


@staff_view("licensing.publish_decision")
@require_POST
def staff_decision_publish(request, pk: int):
    item = get_object_or_404(Decision, pk=pk)
    try:
        item = services.publish_decision(actor=request.user, decision=item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if item.late:
            messages.warning(request, _("已公示（超过公示期限 %(due)s）。") % {"due": item.due_on})
        else:
            messages.success(request, _("已公示。"))
    return redirect("licensing:staff_decision", pk=pk)


# --- staff: licences -------------------------------------------------------------------------------


@staff_view("licensing.view_licence")
@require_safe
def staff_licences(request):
    return lists.STAFF_LICENCES.respond(request, "licensing/staff/licences.html")


@staff_view("licensing.add_licence")
@require_http_methods(["GET", "POST"])
def staff_licence_new(request):
    form = forms.LicenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        categories, codes = data.pop("categories"), data.pop("codes")
        decided_on, number = data.pop("decided_on"), data.pop("document_number")
        try:
            application = _application(data.pop("application_number"))
            created = services.issue_licence(
                actor=request.user,
                data=data,
                categories=categories,
                codes=codes,
                decided_on=decided_on,
                document_number=number,
                application=application,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("许可证已登记，许可决定待公示。"))
            return redirect("licensing:staff_licence", pk=created.pk)
    return render(request, "licensing/staff/form.html", {"form": form, "title": _("核发许可证")})


@staff_view("licensing.view_licence")
@require_http_methods(["GET", "POST"])
def staff_licence(request, pk: int):
    item = get_object_or_404(Licence.objects.prefetch_related("categories", "codes"), pk=pk)
    form = forms.LicenceActionForm(request.POST or None, initial={"categories": item.categories.all()})
    if request.method == "POST":
        if not request.user.has_perm("licensing.change_licence"):
            return render(request, "403.html", status=403)
        if form.is_valid():
            data = dict(form.cleaned_data)
            changes = {
                name: data[name]
                for name in ("valid_to", "business_mode", "capacity_tpa", "scope")
                if data.get(name) not in (None, "")
            }
            try:
                created = services.change_licence(
                    actor=request.user,
                    licence=item,
                    action=data["action"],
                    decided_on=data["decided_on"],
                    changes=changes,
                    categories=data["categories"] if data["categories"] else None,
                    document_number=data["document_number"],
                    reason=data["reason"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("已记录许可决定，请在期限内公示。"))
                return redirect("licensing:staff_decision", pk=created.pk)
    history = item.decisions.order_by("decided_on", "pk")
    return render(
        request, "licensing/staff/licence.html", {"licence": item, "form": form, "history": history}
    )


# --- staff: applications ---------------------------------------------------------------------------


@staff_view("licensing.view_application")
@require_safe
def staff_applications(request):
    return lists.APPLICATIONS.respond(request, "licensing/staff/applications.html")


@staff_view("licensing.add_application")
@require_http_methods(["GET", "POST"])
def staff_application_new(request):
    form = forms.ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.register_application(actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("办件已登记：%(number)s") % {"number": created.number})
            return redirect("licensing:staff_application", pk=created.pk)
    return render(request, "licensing/staff/form.html", {"form": form, "title": _("登记许可办件")})


@staff_view("licensing.view_application")
@require_http_methods(["GET", "POST"])
def staff_application(request, pk: int):
    item = get_object_or_404(Application, pk=pk)
    form = forms.ApplicationStatusForm(
        request.POST or None, initial={"status": item.status, "concluded_on": item.concluded_on}
    )
    if request.method == "POST":
        if not request.user.has_perm("licensing.change_application"):
            return render(request, "403.html", status=403)
        if form.is_valid():
            try:
                services.conclude_application(actor=request.user, application=item, **form.cleaned_data)
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect("licensing:staff_application", pk=item.pk)
    return render(request, "licensing/staff/application.html", {"application": item, "form": form})


# --- staff: 企业环境信息依法披露 ------------------------------------------------------------------------


@staff_view("licensing.view_obligation")
@require_safe
def staff_obligations(request):
    return lists.OBLIGATIONS.respond(
        request, "licensing/staff/obligations.html", lambda: {"missing": queries.missing_annual().count()}
    )


@staff_view("licensing.add_obligation")
@require_http_methods(["GET", "POST"])
def staff_obligation_new(request):
    form = forms.ObligationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_obligation(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已纳入名单。"))
            return redirect("licensing:staff_obligations")
    return render(request, "licensing/staff/form.html", {"form": form, "title": _("纳入依法披露企业名单")})


def _upload(request, *, form, importer: str, title: str):
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = intake_services.start_job(
                actor=request.user, importer=importer, filename=upload.name, content=upload.read()
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("intake:job", pk=job.pk)
    return render(
        request,
        "licensing/staff/upload.html",
        {"form": form, "title": title, "jobs": intake_queries.jobs_of(request.user, importer)},
    )


@staff_view("licensing.add_obligation")
@require_http_methods(["GET", "POST"])
def staff_obligation_upload(request):
    form = forms.ObligationUploadForm(request.POST or None, request.FILES or None)
    return _upload(request, form=form, importer=intake.OBLIGATIONS_IMPORTER, title=_("导入依法披露企业名单"))


@staff_view("licensing.add_disclosurereport")
@require_http_methods(["GET", "POST"])
def staff_report_new(request):
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_report(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已登记。"))
            return redirect("licensing:staff_obligations")
    return render(request, "licensing/staff/form.html", {"form": form, "title": _("登记依法披露报告")})


@staff_view("licensing.add_disclosurereport")
@require_http_methods(["GET", "POST"])
def staff_report_upload(request):
    form = forms.ReportUploadForm(request.POST or None, request.FILES or None)
    return _upload(request, form=form, importer=intake.IMPORTER, title=_("导入依法披露报告"))


@staff_view("licensing.add_disclosurereport")
@require_http_methods(["GET", "POST"])
def staff_token_new(request):
    form = forms.TokenForm(request.POST or None)
    plain = None
    if request.method == "POST" and form.is_valid():
        try:
            _binding, plain = services.issue_enterprise_token(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
    return render(request, "licensing/staff/token.html", {"form": form, "plain": plain})


CREDIT_DESK = creditchina_desk.CreditDesk(
    namespace="licensing",
    push_permission=creditchina.PUSH,
    export=creditchina.credit_export,
    push=creditchina.credit_push,
    pushes=CreditPush.objects.all,
    today=services.today,
    heading=gettext_lazy("信用中国双公示报送（行政许可）"),
    help_text=gettext_lazy(
        "按公示日期导出或推送已公示的行政许可决定（信用中国双公示字段）。自然人姓名已遮盖，不含证件号码。"
        "推送由部署配置的通道完成，默认写入报送目录。"
    ),
    back_label=gettext_lazy("返回行政许可决定"),
)


@staff_view(creditchina.EXPORT)
@require_safe
def staff_creditchina(request):
    """信用中国 双公示 of 行政许可: export a day's or period's batch, push it, and the pushes so far."""
    return creditchina_desk.page(request, CREDIT_DESK)


@staff_view(creditchina.PUSH)
@require_POST
def staff_creditchina_push(request):
    return creditchina_desk.push(request, CREDIT_DESK)


MAX_CATALOGUE_BYTES = 2 * 1024 * 1024


@staff_view("licensing.add_wastecode")
@require_http_methods(["GET", "POST"])
def staff_waste_import(request):
    """The 国家危险废物名录 categories and codes from a CSV (reference data; none is built in)."""
    form = forms.WasteCatalogueForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_CATALOGUE_BYTES:
                raise DomainError(_("文件不能超过2 MB。"), field="file")
            counts = services.import_waste_catalogue(
                actor=request.user, data=upload.read(), edition=form.cleaned_data["edition"]
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("已导入危险废物类别%(categories)d个、废物代码%(codes)d个。")
                % {"categories": counts["categories"], "codes": counts["codes"]},
            )
            return redirect("licensing:staff_waste_import")
    return render(
        request,
        "licensing/staff/waste_import.html",
        {
            "form": form,
            "category_count": WasteCategory.objects.filter(is_active=True).count(),
            "code_count": WasteCode.objects.filter(is_active=True).count(),
        },
    )
