"""Staff pages of the HJ 212 receiver: recent packets and rejects (read-only)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
from gongkai.core.listing import paginate
from gongkai.sources import lists, services
from gongkai.sources.forms import DeviceForm
from gongkai.sources.hj212.codec import REASONS
from gongkai.sources.models import Device, RawPacket


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
            "label": REASONS.get(row["reason_code"], row["reason_code"]),
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
    page = paginate(request, Device.objects.all(), per_page=50)
    can_edit = request.user.has_perm("sources.change_device")
    return render(request, "sources/staff/devices.html", {"page": page, "can_edit": can_edit})


@staff_view("sources.change_device")
@require_http_methods(["GET", "POST"])
def device_edit(request, pk=None):
    device = get_object_or_404(Device, pk=pk) if pk else None
    initial = None
    if device:
        initial = {
            f: getattr(device, f)
            for f in ("mn", "name", "system_code", "enterprise_name", "outlet_code", "active")
        }
    form = DeviceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_device(actor=request.user, device=device, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect("sources:staff_devices")
    return render(request, "sources/staff/device_form.html", {"form": form, "device": device})
