"""The staff console of the air app: uploads of hourly observations through intake and the
observation list. Each view is guarded by the permission of what it shows or starts."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.air import lists
from gongkai.air.api import IMPORTER
from gongkai.air.forms import UploadForm
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
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
                actor=request.user, importer=IMPORTER, filename=upload.name, content=upload.read()
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
