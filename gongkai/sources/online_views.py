"""Staff page of online-monitoring exceedances (issue 16): open ones first, confirm or dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
from gongkai.core.listing import paginate
from gongkai.sources import online
from gongkai.sources.models import OnlineExceedance


@staff_view("sources.view_onlineexceedance")
@require_GET
def exceedances(request):
    rows = OnlineExceedance.objects.select_related("outlet__enterprise").order_by("status", "-period_start")
    status = request.GET.get("status", "")
    if status in OnlineExceedance.Status.values:
        rows = rows.filter(status=status)
    page = paginate(request, rows, per_page=50)
    can_decide = request.user.has_perm("sources.change_onlineexceedance")
    return render(
        request,
        "sources/staff/exceedances.html",
        {
            "page": page,
            "can_decide": can_decide,
            "statuses": OnlineExceedance.Status.choices,
            "status": status,
        },
    )


@staff_view("sources.change_onlineexceedance")
@require_POST
def exceedance_decide(request, pk):
    item = get_object_or_404(OnlineExceedance, pk=pk)
    confirm = request.POST.get("decision") == "confirm"
    try:
        online.decide(actor=request.user, exceedance=item, confirm=confirm, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已确认并公开。") if confirm else _("已排除。"))
    return redirect("sources:staff_exceedances")
