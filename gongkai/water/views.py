"""Public monthly bulletin, river and section pages; the staff upload (an intake job) and publish actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core import publishing
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
from gongkai.core.listing import export_response
from gongkai.intake import queries as intake_queries
from gongkai.intake import services as intake_services
from gongkai.water import bulletin, colours, gb3838, lists, queries, services, station
from gongkai.water.forms import MonthlyUploadForm, PublishForm
from gongkai.water.intake import IMPORTER
from gongkai.water.models import Bulletin, MonthlyResult, Section


@require_GET
def monthly(request):
    """地表水环境质量月报: section table, class shares, river and basin status, map, trend, last year."""
    months = queries.published_months()
    text = request.GET.get("month", "")
    month = queries.month_to_show(text, months)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx") and month:
        return export_response(
            fmt=fmt,
            filename=f"water-monthly-{month:%Y%m}",
            headers=queries.MONTHLY_HEADERS,
            rows=queries.monthly_rows(queries.monthly_results(month)),
        )
    context = {"month": month, "months": months, "requested": text}
    if month:
        context.update(bulletin.bulletin(month))
        context["colours"] = class_colours()
    return render(request, "water/monthly.html", context)


def class_colours() -> list[str]:
    """Map and chart colours: no class, then Class I … 劣V (setting WATER_CLASS_COLOURS)."""
    configured = getattr(settings, "WATER_CLASS_COLOURS", colours.DEFAULT_CLASS_COLOURS)
    return [colours.NO_CLASS_COLOUR, *configured]


@require_GET
def sources(request):
    """集中式饮用水水源地水质月报: each source's compliance (surface: Class III and the Table 2/3 items;
    groundwater: the GB/T 14848-2017 limits supplied, else 未评价) and 达标率."""
    exported = lists.SOURCES.export_if_asked(request)
    if exported:
        return exported
    months = queries.published_months()
    month = queries.month_to_show(request.GET.get("month", ""), months)
    context = {"month": month, "months": months}
    if month:
        context.update(bulletin.source_report(month))
    return render(request, "water/sources.html", context)


@require_GET
def history(request):
    """历史数据: every published monthly result, filtered by section, river or year; CSV/XLSX and API twin."""
    return lists.RESULTS.respond(request, "water/history.html")


@require_GET
def annual(request):
    """年度地表水环境质量: each section's annual mean class, class shares and river status."""
    exported = lists.ANNUAL.export_if_asked(request)
    if exported:
        return exported
    years = bulletin.published_years()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = years[0] if years else None
    context = {"years": years, "year": year}
    if year:
        context.update(bulletin.annual_summary(year))
    return render(request, "water/annual.html", context)


@require_GET
def river(request, name: str):
    """One river's status month by month (share method with ≥ 5 sections, mean concentrations below)."""
    sections = list(Section.objects.filter(water_name=name).order_by("code"))
    if not sections:
        raise Http404
    return render(
        request,
        "water/river.html",
        {"name": name, "sections": sections, "history": bulletin.river_history(name)},
    )


@require_GET
def section(request, code: str):
    """One section's published results and the trend of its main items against Class III; with an
    automatic station (its MN), the last 24 hours of its hourly data (informative)."""
    section = get_object_or_404(Section, code=code)
    history = bulletin.section_history(section)
    return render(
        request,
        "water/section.html",
        {
            "section": section,
            "target": gb3838.WaterClass(section.target_class),
            "colours": class_colours(),
            "station": station.station_hours(section),
            **history,
        },
    )


@require_GET
def class_css(request):
    configured = getattr(settings, "WATER_CLASS_COLOURS", colours.DEFAULT_CLASS_COLOURS)
    response = HttpResponse(colours.stylesheet(configured), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@staff_view("water.add_monthlyresult")
@require_http_methods(["GET", "POST"])
def upload(request):
    form = MonthlyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = intake_services.start_job(
                actor=request.user,
                importer=IMPORTER,
                filename=upload.name,
                content=upload.read(),
                params={
                    "month": form.cleaned_data["month"].isoformat(),
                    "reason": form.cleaned_data["reason"],
                },
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("intake:job", pk=job.pk)
    pending = (
        MonthlyResult.objects.filter(published_at__isnull=True)
        .order_by("-month")
        .values_list("month", flat=True)
    )
    return render(
        request,
        "water/staff/upload.html",
        {
            "form": form,
            "jobs": intake_queries.jobs_of(request.user, IMPORTER),
            "pending": sorted(set(pending), reverse=True),
            "can_publish": request.user.has_perm("water.publish_monthlyresult"),
        },
    )


@staff_view("water.publish_monthlyresult")
@require_POST
def publish(request):
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            count = services.publish_month(actor=request.user, month=form.cleaned_data["month"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已发布%(count)d个断面的结果。") % {"count": count})
    else:
        messages.error(request, _("月份无效。"))
    return redirect("water:staff_upload")


@staff_view("water.submit_bulletin")
@require_GET
def bulletins(request):
    """The drafted monthly bulletins with their 主动公开 status; draft a month by hand."""
    items = [(b, publishing.status(b.document_id)) for b in Bulletin.objects.all()]
    return render(request, "water/staff/bulletins.html", {"items": items, "form": PublishForm()})


@staff_view("water.submit_bulletin")
@require_GET
def bulletin_detail(request, pk: int):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    return render(
        request,
        "water/staff/bulletin.html",
        {
            "bulletin": bulletin,
            # The page's title in the interface language; in Chinese the bulletin's own title.
            "page_title": services.bulletin_title(bulletin.month),
            "draft": publishing.status(bulletin.document_id),
        },
    )


@staff_view("water.submit_bulletin")
@require_POST
def bulletin_draft(request):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("月份无效。"))
        return redirect("water:staff_bulletins")
    try:
        bulletin = services.draft_bulletin(actor=request.user, month=form.cleaned_data["month"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("water:staff_bulletins")
    messages.success(request, _("已生成月报，请审核后提交主动公开。"))
    return redirect("water:staff_bulletin", pk=bulletin.pk)


@staff_view("water.submit_bulletin")
@require_POST
def bulletin_submit(request, pk: int):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    try:
        services.submit_bulletin(actor=request.user, bulletin=bulletin)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已提交主动公开，经审核后发布。"))
    return redirect("water:staff_bulletin", pk=bulletin.pk)
