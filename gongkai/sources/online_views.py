"""Staff page of online-monitoring exceedances (issue 16): open ones first, confirm or dismiss."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from gongkai.core import ratelimit
from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
from gongkai.core.listing import paginate
from gongkai.core.middleware import client_ip
from gongkai.sources import online, online_lists
from gongkai.sources.hj212.codec import REASONS
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


def _limited(request) -> bool:
    """Public keyword searches count per client address and minute, as the registry's lists do."""
    if not request.GET.get("q"):
        return False
    limit = getattr(settings, "SOURCES_SEARCH_PER_MINUTE", 60)
    minute = int(timezone.now().timestamp() // 60)
    return ratelimit.hit(f"gk:sources-search:{client_ip(request)}:{minute}", 61) > limit


@require_safe
def public_exceedances(request):
    if _limited(request):
        return render(request, "sources/too_many.html", status=429)
    return online_lists.EXCEEDANCES.respond(request, "sources/online_exceedances.html")


@require_safe
def public_completeness(request):
    return online_lists.COMPLETENESS.respond(request, "sources/online_completeness.html")


def metrics_dir(*, create: bool = False):
    from pathlib import Path

    directory = Path(settings.HJ212_METRICS_DIR)
    if create:
        directory.mkdir(parents=True, exist_ok=True)
    return directory


STALE_SECONDS = 30


@staff_view("sources.view_rawpacket")
@require_GET
def receiver_metrics(request):
    """Each receiver's latest metrics (connections, packets/s, packets by CN, rejects by reason)."""
    from gongkai.sources.hj212.server import parse_metrics

    receivers = []
    now = timezone.now().timestamp()
    directory = metrics_dir()
    for path in sorted(directory.glob("*.prom")) if directory.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8")
            age = now - path.stat().st_mtime
        except OSError:
            continue
        values = parse_metrics(text)
        receivers.append(
            {
                "name": path.stem,
                "age": int(age),
                "stale": age > STALE_SECONDS,
                "connections": int(values.get("hj212_connections_open", 0)),
                "rate": values.get("hj212_packets_per_second", 0.0),
                "packets": sorted(values.get("hj212_packets_total", {}).items()),
                "rejects": sorted(values.get("hj212_rejects_total", {}).items(), key=lambda kv: -kv[1]),
                "uptime": int(values.get("hj212_uptime_seconds", 0)),
            }
        )
    return render(request, "sources/staff/metrics.html", {"receivers": receivers, "reasons": REASONS})
