"""Staff pages of data intake: API tokens and the progress page of an import job."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
from gongkai.intake import registry, services
from gongkai.intake.forms import TokenForm
from gongkai.intake.models import ApiToken, ImportJob


@staff_view(services.VIEW_TOKENS)
@require_http_methods(["GET", "POST"])
def tokens(request):
    scopes = services.token_scopes_for(request.user)
    if not scopes:
        raise PermissionDenied
    form = TokenForm(request.POST or None, scopes=scopes)
    created = None
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data.get("expires_on")
        expires_at = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min)) if day else None
        try:
            _token, created = services.create_token(
                actor=request.user,
                name=form.cleaned_data["name"],
                importer=form.cleaned_data["importer"],
                expires_at=expires_at,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            form = TokenForm(scopes=scopes)
    labels = {scope.key: scope.label for scope in scopes}
    rows = ApiToken.objects.filter(importer__in=labels).select_related("owner")
    return render(
        request,
        "intake/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": [(token, labels[token.importer]) for token in rows],
            "now": timezone.now(),
        },
    )


@staff_view(services.VIEW_TOKENS)
@require_POST
def token_revoke(request, pk: int):
    services.revoke_token(actor=request.user, token=get_object_or_404(ApiToken, pk=pk))
    messages.success(request, _("令牌已停用。"))
    return redirect("intake:tokens")


def _job_for(request, pk: int) -> tuple[ImportJob, registry.Importer | None]:
    job = get_object_or_404(
        ImportJob.objects.defer("content", "extra_content"), pk=pk, uploaded_by=request.user
    )
    importer = registry.get(job.importer)
    if importer is not None and not request.user.has_perm(importer.permission):
        raise PermissionDenied
    return job, importer


@staff_view()
def job(request, pk: int):
    job, importer = _job_for(request, pk)
    return render(request, "intake/job.html", {"job": job, "importer": importer})


@staff_view()
def job_progress(request, pk: int):
    """The status fragment the job page polls (htmx) until the job has finished."""
    job, importer = _job_for(request, pk)
    return render(request, "intake/_job_status.html", {"job": job, "importer": importer})
