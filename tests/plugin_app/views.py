from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
from gongkai.intake import services as intake_services
from tests.plugin_app.lists import READINGS
from tests.plugin_app.models import Reading


def index(request):
    return HttpResponse(", ".join(Reading.objects.values_list("number", flat=True)) or "—")


def reading(request, pk: int):
    return HttpResponse(get_object_or_404(Reading, pk=pk).number)


@staff_view("plugin_app.view_reading")
def staff_readings(request):
    return READINGS.respond(request, "plugin_app/readings.html")


class UploadForm(forms.Form):
    file = forms.FileField(label="文件（CSV 或 Excel）")


@staff_view("plugin_app.add_reading")
@require_http_methods(["GET", "POST"])
def staff_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = intake_services.start_job(
                actor=request.user,
                importer="plugin_app.readings",
                filename=upload.name,
                content=upload.read(),
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            return redirect("intake:job", pk=job.pk)
    return render(request, "plugin_app/upload.html", {"form": form})
