"""The staff console of the air app: uploads of hourly observations through intake, the observation
list, 数据审核 of one station-hour and the corrections (更正) of published daily reports. Each view is
guarded by the permission of what it shows or starts."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.air import corrections, lists, services
from gongkai.air.api import IMPORTER
from gongkai.air.forms import CorrectionForm, ObservationForm, UploadForm
from gongkai.air.models import DailyReport, DailyReportCorrection, HourlyObservation
from gongkai.audit import queries as audit_queries
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError, form_error
from gongkai.intake import queries as intake_queries
from gongkai.intake import services as intake_services


@staff_view("air.add_hourlyobservation")
@require_http_methods(["GET", "POST"])
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = intake_services.start_job(
                actor=request.user,
                importer=IMPORTER,
                filename=upload.name,
                content=upload.read(),
                params={"reason": form.cleaned_data["reason"]},
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("intake:job", pk=job.pk)
    jobs = intake_queries.jobs_of(request.user, IMPORTER)
    return render(request, "air/staff/upload.html", {"form": form, "jobs": jobs})


@staff_view("air.view_hourlyobservation")
def observations(request):
    return lists.OBSERVATIONS.respond(request, "air/staff/observations.html")


@staff_view(services.EDIT_PERMISSION)
@require_http_methods(["GET", "POST"])
def observation(request, pk: int):
    """数据审核: change one station-hour's values or flags, with a reason."""
    observation = get_object_or_404(HourlyObservation.objects.select_related("station"), pk=pk)
    hour = timezone.localtime(observation.hour)
    form = ObservationForm(request.POST or None, observation=observation)
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_observation(
                actor=request.user,
                observation=observation,
                values=form.values(),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            if DailyReport.objects.filter(date=hour.date(), published_at__isnull=False).exists():
                messages.warning(
                    request,
                    _("已保存。该日日报已发布：公开的日报不变，修改已列入待发布的日报更正，请核对后发布。"),
                )
                return redirect("air:staff_corrections")
            messages.success(request, _("已保存，相关日均值已重新计算。"))
            query = urlencode({"date": f"{hour:%Y-%m-%d}", "station": observation.station.code})
            return redirect(f"{reverse('air:staff_observations')}?{query}")
    return render(
        request,
        "air/staff/observation.html",
        {
            "observation": observation,
            "hour": hour,
            "form": form,
            "trail": audit_queries.trail_for(observation),
        },
    )


@staff_view("air.view_dailyreportcorrection")
def corrections_page(request):
    """Pending corrections (data changed after publishing: before → after, what changed the data)
    with the publish form, and the recently published ones."""
    may_publish = request.user.has_perm(services.PUBLISH_CORRECTION_PERMISSION)
    pending = []
    for correction in corrections.pending_corrections():
        correction.rows = corrections.shown_changes(correction)
        correction.trigger_rows = corrections.shown_triggers(correction)
        pending.append((correction, CorrectionForm(prefix=f"c{correction.pk}") if may_publish else None))
    published = (
        DailyReportCorrection.objects.filter(status=DailyReportCorrection.Status.PUBLISHED)
        .select_related("report", "published_by")
        .order_by("-published_at")[:20]
    )
    return render(
        request,
        "air/staff/corrections.html",
        {"pending": pending, "published": published},
    )


@staff_view(services.PUBLISH_CORRECTION_PERMISSION)
@require_POST
def correction_publish(request, pk: int):
    correction = get_object_or_404(DailyReportCorrection.objects.select_related("report"), pk=pk)
    form = CorrectionForm(request.POST, prefix=f"c{correction.pk}")
    if form.is_valid():
        try:
            correction = services.publish_correction(
                actor=request.user, correction=correction, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(day)s 日报第 %(n)d 次更正已发布。")
                % {"day": f"{correction.report.date:%Y-%m-%d}", "n": correction.number},
            )
            return redirect(f"{reverse('air:daily')}?date={correction.report.date:%Y-%m-%d}")
    else:
        messages.error(request, _("请填写更正原因，它将与更正一并公开。"))
    return redirect("air:staff_corrections")
