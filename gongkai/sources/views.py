"""Staff pages of the HJ 212 receiver (recent packets and rejects, devices) and the pages of the
pollution-source registry: public lists and facility pages, staff enterprise records, uploads, the
重点单位名录 and permit status."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from gongkai.audit.queries import trail_for
from gongkai.core import facility as core_facility
from gongkai.core import publishing, ratelimit
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.core.listing import paginate
from gongkai.core.middleware import client_ip
from gongkai.intake import queries as intake_queries
from gongkai.intake import services as intake_services
from gongkai.sources import facility, lists, queries, services
from gongkai.sources import intake as registry_intake
from gongkai.sources.forms import (
    DeviceForm,
    EnterpriseForm,
    MergeForm,
    PermitStatusForm,
    RegistryUploadForm,
    RenameForm,
    ResultForm,
    ValidityAuditForm,
)
from gongkai.sources.hj212.codec import REASONS
from gongkai.sources.models import Device, Enterprise, EnterpriseEvent, Permit, RawPacket
from gongkai.sources.models_permits import PUBLICITY_STATES, PermitApplication, publicity_workdays


@staff_view("sources.view_rawpacket")
@require_GET
def packets(request):
    return lists.PACKETS.respond(request, "sources/staff/packets.html", lambda: _reject_summary())


def _reject_summary() -> dict:
    """Rejects by reason and unregistered MNs over the last 24 hours (the receivers' health)."""
    since = timezone.now() - timedelta(hours=24)
    recent = RawPacket.objects.filter(received_at__gte=since)
    rejects = [
        {
            "code": row["reason_code"],
            "label": _(REASONS[row["reason_code"]]) if row["reason_code"] in REASONS else row["reason_code"],
            "count": row["n"],
        }
        for row in recent.filter(status=RawPacket.Status.REJECTED)
        .values("reason_code")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    registered = Device.objects.values_list("mn", flat=True)
    unregistered = (
        recent.filter(reason_code="unknown_mn")
        .exclude(mn__in=registered)
        .values("mn")
        .annotate(n=Count("id"))
    )
    return {
        "accepted_24h": recent.filter(status=RawPacket.Status.ACCEPTED).count(),
        "rejects": rejects,
        "unregistered": unregistered.order_by("-n")[:20],
    }


@staff_view("sources.view_device")
@require_GET
def devices(request):
    page = paginate(request, Device.objects.select_related("outlet__enterprise"), per_page=50)
    can_edit = request.user.has_perm("sources.change_device")
    return render(request, "sources/staff/devices.html", {"page": page, "can_edit": can_edit})


@staff_view("sources.change_device")
@require_http_methods(["GET", "POST"])
def device_edit(request, pk=None):
    device = get_object_or_404(Device, pk=pk) if pk else None
    initial = None
    if device:
        initial = {f: getattr(device, f) for f in ("mn", "name", "system_code", "active")}
        if device.outlet:
            initial |= {
                "enterprise_code": device.outlet.enterprise.credit_code,
                "outlet_code": device.outlet.code,
            }
    form = DeviceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("enterprise_code", "outlet_code")}
        try:
            services.save_device(actor=request.user, device=device, **data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect("sources:staff_devices")
    return render(request, "sources/staff/device_form.html", {"form": form, "device": device})


# --- issue 15: the pollution-source registry ---------------------------------------------------------

SEARCH_LIMIT_PER_MINUTE = 60
CODE_SHAPE = re.compile(r"[0-9A-Z]{1,18}")


def _search_limited(request) -> bool:
    """Public keyword searches count per client address and minute (core.ratelimit)."""
    if not request.GET.get("q"):
        return False
    limit = getattr(settings, "SOURCES_SEARCH_PER_MINUTE", SEARCH_LIMIT_PER_MINUTE)
    minute = int(timezone.now().timestamp() // 60)
    return ratelimit.hit(f"gk:sources-search:{client_ip(request)}:{minute}", 61) > limit


def _too_many(request):
    return render(request, "sources/too_many.html", status=429)


@require_safe
def enterprises(request):
    if _search_limited(request):
        return _too_many(request)
    return lists.ENTERPRISES.respond(request, "sources/enterprises.html")


@require_safe
def facility_page(request, credit_code: str):
    credit_code = credit_code.strip().upper()
    if not CODE_SHAPE.fullmatch(credit_code):  # not a code (a NUL would fail on PostgreSQL): 404
        raise Http404
    enterprise = get_object_or_404(Enterprise.objects.select_related("merged_into"), credit_code=credit_code)
    history = list(enterprise.events.exclude(kind=EnterpriseEvent.Kind.REGISTERED))
    for event in history:
        event.public_note = facility.public_text(event.note)
    return render(
        request,
        "sources/facility.html",
        {
            "enterprise": enterprise,
            "history": history,
            "sections": _rendered_sections(request, enterprise.credit_code),
            "can_edit": request.user.has_perm("sources.change_enterprise"),
            "staff_view": request.user.has_perm("sources.view_enterprise"),
        },
    )


@staff_view("sources.view_enterprise")
@require_GET
def staff_facility_page(request, pk: int):
    """The facility page as staff see it: every app's section with its unpublished records too
    (`public=False`), e.g. a penalty decision not yet published."""
    enterprise = get_object_or_404(Enterprise.objects.select_related("merged_into"), pk=pk)
    return render(
        request,
        "sources/staff/facility.html",
        {
            "enterprise": enterprise,
            "history": list(enterprise.events.exclude(kind=EnterpriseEvent.Kind.REGISTERED)),
            "sections": _rendered_sections(request, enterprise.credit_code, public=False),
        },
    )


def _rendered_sections(request, credit_code: str, *, public: bool = True) -> list[tuple]:
    """Each registered section's template rendered with its context as top-level variables (also as
    `section`, plus `public` and `credit_code`); the page draws the section's heading (its label)."""
    return [
        (
            rendered.section,
            render_to_string(
                rendered.section.template,
                # the context's keys as variables, and the whole as `section` (templates use either)
                {
                    "public": public,
                    "credit_code": credit_code,
                    "section": rendered.context,
                    **rendered.context,
                },
                request=request,
            ),
        )
        for rendered in core_facility.sections_for(credit_code, public=public)
    ]


def _key_units_context(request):
    years = queries.key_unit_years()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else (years[0] if years else None)
    return {
        "year": year,
        "years": years,
        "changes": queries.key_unit_changes(year) if year else None,
        "counts": queries.key_unit_counts(year) if year else [],
    }


@require_safe
def key_units(request):
    if _search_limited(request):
        return _too_many(request)
    return lists.KEY_UNITS.respond(request, "sources/key_units.html", lambda: _key_units_context(request))


@require_safe
def permits(request):
    if _search_limited(request):
        return _too_many(request)
    return lists.PERMITS.respond(request, "sources/permits.html")


@require_safe
def permit_applications(request):
    if _search_limited(request):
        return _too_many(request)
    return lists.PERMIT_APPLICATIONS.respond(
        request, "sources/permit_applications.html", lambda: {"workdays": publicity_workdays()}
    )


@require_safe
def permit_application(request, pk: int):
    application = get_object_or_404(
        PermitApplication.objects.select_related("enterprise", "permit").prefetch_related("documents"),
        pk=pk,
    )
    return render(
        request,
        "sources/permit_application.html",
        {
            "application": application,
            "summary": facility.public_text(application.summary),
            "publicity": PUBLICITY_STATES[application.publicity_state()],
            "permit_url": facility.permit_url(application.permit.number) if application.permit else "",
            "workdays": publicity_workdays(),
            "can_edit": request.user.has_perm("sources.change_permitapplication"),
        },
    )


@require_safe
def monitoring(request):
    if _search_limited(request):
        return _too_many(request)
    return lists.MONITORING.respond(request, "sources/monitoring.html")


@require_safe
def validity_audits(request):
    if _search_limited(request):
        return _too_many(request)
    return lists.VALIDITY_AUDITS.respond(request, "sources/validity.html")


# --- staff ---------------------------------------------------------------------------------------------

STAFF_ENTERPRISES = lists.ENTERPRISES.variant(
    columns=tuple(
        lists.Column(
            c.key, c.label, c.value, link=lambda e: reverse("sources:staff_enterprise_edit", args=[e.pk])
        )
        if c.key == "name"
        else c
        for c in lists.ENTERPRISES.columns
    ),
    permission="sources.view_enterprise",
)


@staff_view("sources.view_enterprise")
@require_GET
def staff_enterprises(request):
    return STAFF_ENTERPRISES.respond(
        request,
        "sources/staff/enterprises.html",
        {"can_add": request.user.has_perm("sources.add_enterprise")},
    )


def _enterprise_initial(enterprise: Enterprise) -> dict:
    return {name: getattr(enterprise, name) for name in services.ENTERPRISE_FIELDS}


@staff_view("sources.view_enterprise")
@require_http_methods(["GET", "POST"])
def staff_enterprise_edit(request, pk: int | None = None):
    enterprise = get_object_or_404(Enterprise, pk=pk) if pk else None
    permission = "sources.change_enterprise" if enterprise else "sources.add_enterprise"
    can_edit = request.user.has_perm(permission)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = EnterpriseForm(
        request.POST or None, initial=_enterprise_initial(enterprise) if enterprise else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_enterprise(
                actor=request.user, data=form.cleaned_data, enterprise=enterprise
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("sources:staff_enterprise_edit", pk=saved.pk)
    return render(
        request,
        "sources/staff/enterprise_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "can_edit": can_edit,
            "rename_form": RenameForm(),
            "merge_form": MergeForm(),
            "events": enterprise.events.all() if enterprise else [],
            "trail": trail_for(enterprise)[:20] if enterprise else [],
        },
    )


@staff_view("sources.change_enterprise")
@require_POST
def staff_enterprise_rename(request, pk: int):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    form = RenameForm(request.POST)
    if form.is_valid():
        try:
            services.rename_enterprise(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已记录更名。"))
    else:
        messages.error(request, _("请填写新名称和变更日期。"))
    return redirect("sources:staff_enterprise_edit", pk=pk)


@staff_view("sources.change_enterprise")
@require_POST
def staff_enterprise_merge(request, pk: int):
    enterprise = get_object_or_404(Enterprise, pk=pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        into = services.enterprise_by_code(form.cleaned_data["into"])
        try:
            if into is None:
                raise DomainError(_("存续单位未登记。"))
            services.merge_enterprise(
                actor=request.user,
                absorbed=enterprise,
                into=into,
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已记录合并。"))
    else:
        messages.error(request, _("请填写存续单位代码和合并日期。"))
    return redirect("sources:staff_enterprise_edit", pk=pk)


UPLOADS = {
    "enterprises": (registry_intake.ENTERPRISES, "sources.add_enterprise", gettext_lazy("排污单位批量导入")),
    "key-units": (registry_intake.KEY_UNITS, "sources.change_keyunit", gettext_lazy("重点单位名录导入")),
    "monitoring": (registry_intake.MONITORING, "sources.add_monitoringresult", gettext_lazy("监测结果导入")),
    "validity": (
        registry_intake.VALIDITY,
        "sources.add_monitoringresult",
        gettext_lazy("有效性审核结果导入"),
    ),
}


@staff_view()
@require_http_methods(["GET", "POST"])
def staff_upload(request, kind: str):
    if kind not in UPLOADS:
        raise Http404
    importer, permission, title = UPLOADS[kind]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        params = {}
        if kind == "key-units":
            if not form.cleaned_data.get("year"):
                form.add_error("year", _("请填写名录年度。"))
            params["year"] = form.cleaned_data.get("year")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = intake_services.start_job(
                    actor=request.user,
                    importer=importer,
                    filename=upload.name,
                    content=upload.read(),
                    params=params,
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect("intake:job", pk=job.pk)
    return render(
        request,
        "sources/staff/upload.html",
        {"form": form, "kind": kind, "title": title, "jobs": intake_queries.jobs_of(request.user, importer)},
    )


@staff_view("sources.view_keyunit")
@require_GET
def staff_key_units(request):
    context = _key_units_context(request)
    year = context["year"]
    if year:
        context["due"] = queries.key_units_due(year)
        context["publication"] = queries.publication(year)
        if context["publication"]:
            context["draft"] = publishing.status(context["publication"].document_id)
    context["can_change"] = request.user.has_perm("sources.change_keyunit")
    context["today"] = timezone.localdate()
    return render(request, "sources/staff/key_units.html", context)


@staff_view("sources.change_keyunit")
@require_POST
def staff_key_units_publish(request):
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise Http404 from None
    rows = lists.KEY_UNITS.rows(request, {"year": str(year)})
    body = render_to_string(
        "sources/key_units_document.html",
        {"year": year, "counts": queries.key_unit_counts(year), "changes": queries.key_unit_changes(year)},
    )
    workbook = lists.KEY_UNITS.export(request, rows, "xlsx").content
    try:
        ref = services.publish_key_units(actor=request.user, year=year, body_html=body, attachment=workbook)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已生成主动公开文件草稿，请在主动公开中提交审核。"))
        if ref.staff_url:
            return redirect(ref.staff_url)
    return redirect(f"{reverse('sources:staff_key_units')}?year={year}")


@staff_view("sources.change_permit")
@require_http_methods(["GET", "POST"])
def staff_permit_status(request, pk: int):
    permit = get_object_or_404(Permit.objects.select_related("enterprise"), pk=pk)
    form = PermitStatusForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_permit_status(actor=request.user, permit=permit, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已变更许可证状态。"))
            return redirect("sources:staff_permit_status", pk=pk)
    return render(
        request,
        "sources/staff/permit_status.html",
        {"permit": permit, "form": form, "events": permit.events.all()},
    )


@staff_view("sources.add_monitoringresult")
@require_http_methods(["GET", "POST"])
def staff_result_new(request):
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("enterprise_code", "outlet_code")}
        try:
            result = services.record_result(actor=request.user, **data)
        except DomainError as error:
            form_error(form, error)
        else:
            verdict = lists.MONITORING.api_row(request, result)["verdict"]
            messages.success(request, _("已保存：%(verdict)s。") % {"verdict": verdict})
            return redirect("sources:staff_result_new")
    return render(request, "sources/staff/result_form.html", {"form": form})


@staff_view("sources.add_monitoringresult")
@require_http_methods(["GET", "POST"])
def staff_validity_new(request):
    """One quarter's 自动监控设备有效性审核 result typed in; the same enterprise, outlet and quarter
    entered again corrects the earlier result (audited with the value before)."""
    form = ValidityAuditForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_validity_audit(
                actor=request.user,
                enterprise=data["enterprise"],
                outlet=data["outlet"],
                year=data["year"],
                quarter=data["quarter"],
                result=data["result"],
                note=data["note"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("已保存有效性审核结果。"))
            return redirect("sources:staff_validity_new")
    return render(request, "sources/staff/validity_form.html", {"form": form})
