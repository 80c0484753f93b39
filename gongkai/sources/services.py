"""State changes of the sources app: the device registry (监测设备登记)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError
from gongkai.sources.devices import hash_password
from gongkai.sources.models import Device

AUDITED = ("mn", "name", "system_code", "enterprise_name", "outlet_code", "active")


def _summary(device: Device) -> dict:
    return {field: getattr(device, field) for field in AUDITED} | {"has_password": bool(device.password_hash)}


@transaction.atomic
def save_device(
    *,
    actor,
    mn: str,
    name: str = "",
    system_code: str = "",
    password: str = "",
    enterprise_name: str = "",
    outlet_code: str = "",
    active: bool = True,
    device: Device | None = None,
) -> Device:
    """Register a data logger by MN or change one; a new password replaces the stored digest, an
    empty one keeps it. The receivers pick the change up within 30 seconds."""
    if not actor.has_perm("sources.change_device"):
        raise PermissionDenied
    clash = Device.objects.filter(mn=mn).exclude(pk=device.pk if device else None)
    if clash.exists():
        raise DomainError(_("MN“%(mn)s”已登记。") % {"mn": mn}, field="mn")
    before = _summary(device) if device else None
    device = device or Device()
    device.mn, device.name, device.system_code = mn, name, system_code
    device.enterprise_name, device.outlet_code, device.active = enterprise_name, outlet_code, active
    if password:
        device.password_hash = hash_password(password)
    device.save()
    audit.record(
        actor=actor, action="sources.device_save", target=device, before=before, after=_summary(device)
    )
    return device
