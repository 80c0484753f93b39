"""Staff pages of the HJ 212 receiver: recent packets and rejects (read-only)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.decorators import staff_view
from gongkai.core.errors import DomainError
from gongkai.core.listing import export_response, paginate
from gongkai.sources import services
from gongkai.sources.forms import DeviceForm
from gongkai.sources.hj212.codec import REASONS
from gongkai.sources.hj212.tables import COMMANDS
from gongkai.sources.models import Device, RawPacket


@staff_view("sources.view_rawpacket")
@require_GET
def packets(request):
    rows = RawPacket.objects.all()
    status = request.GET.get("status", "")
    if status in RawPacket.Status.values:
        rows = rows.filter(status=status)
    mn = request.GET.get("mn", "").strip()[:24]
    if mn:
        rows = rows.filter(mn=mn)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        headers = ("received_at", "peer", "mn", "st", "cn", "qn", "data_time", "status", "reason", "raw")
        return export_response(
            fmt=fmt,
            filename="hj212-packets",
            headers=headers,
            rows=(
                (
                    p.received_at.isoformat(),
                    p.peer,
                    p.mn,
                    p.st,
                    p.cn,
                    p.qn,
                    p.data_time.isoformat() if p.data_time else "",
                    p.status,
                    p.reason,
                    p.raw,
                )
                for p in rows.iterator()
            ),
        )
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
    registered = set(Device.objects.values_list("mn", flat=True))
    unregistered = (
        recent.filter(reason_code="unknown_mn")
        .exclude(mn__in=registered)
        .values("mn")
        .annotate(n=Count("id"))
    )
    page = paginate(request, rows, per_page=50)
    return render(
        request,
        "sources/staff/packets.html",
        {
            "page": page,
            "status": status,
            "mn": mn,
            "statuses": RawPacket.Status.choices,
            "accepted_24h": recent.filter(status=RawPacket.Status.ACCEPTED).count(),
            "rejects": rejects,
            "unregistered": unregistered.order_by("-n")[:20],
            "commands": COMMANDS,
        },
    )


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
