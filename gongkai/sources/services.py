"""State changes of the sources app: the device registry (监测设备登记) and the pollution-source
registry (enterprises, 重点单位名录, permits, monitoring results)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import identifiers
from gongkai.core.errors import DomainError, check_year, require
from gongkai.sources import compliance
from gongkai.sources.devices import hash_password
from gongkai.sources.models import (
    Device,
    Enterprise,
    EnterpriseEvent,
    KeyUnit,
    KeyUnitPublication,
    MonitoringResult,
    Outlet,
    Permit,
    PermitEvent,
    ValidityAudit,
)

AUDITED = ("mn", "name", "system_code", "active")


def _summary(device: Device) -> dict:
    outlet = device.outlet
    return {field: getattr(device, field) for field in AUDITED} | {
        "has_password": bool(device.password_hash),
        "outlet": f"{outlet.enterprise.credit_code}/{outlet.code}" if outlet else "",
    }


@transaction.atomic
def save_device(
    *,
    actor,
    mn: str,
    name: str = "",
    system_code: str = "",
    password: str = "",
    outlet: Outlet | None = None,
    active: bool = True,
    device: Device | None = None,
) -> Device:
    """Register a data logger by MN or change one, installed at ``outlet`` of the registry (or none
    yet); a new password replaces the stored digest, an empty one keeps it. The receivers pick the
    change up within 30 seconds."""
    if not actor.has_perm("sources.change_device"):
        raise PermissionDenied
    clash = Device.objects.filter(mn=mn).exclude(pk=device.pk if device else None)
    if clash.exists():
        raise DomainError(_("MN“%(mn)s”已登记。") % {"mn": mn}, field="mn")
    before = _summary(device) if device else None
    device = device or Device()
    device.mn, device.name, device.system_code = mn, name, system_code
    device.outlet, device.active = outlet, active
    if password:
        device.password_hash = hash_password(password)
    device.save()
    audit.record(
        actor=actor, action="sources.device_save", target=device, before=before, after=_summary(device)
    )
    return device


# --- issue 15: the pollution-source registry -------------------------------------------------------
# Every write: permission check, one transaction, an audit record (audit labels in apps.py).

ENTERPRISE_FIELDS = (
    "credit_code",
    "name",
    "address",
    "district_code",
    "district_name",
    "industry_code",
    "industry_name",
    "longitude",
    "latitude",
    "legal_representative",
)


def credit_code_message(value: str) -> str | None:
    """The Chinese refusal of a 统一社会信用代码 naming the position of the wrong character, or None."""
    problem = identifiers.credit_code_problem(value)
    if problem is None:
        return None
    if problem.kind == "empty":
        return _("请填写统一社会信用代码。")
    if problem.kind == "length":
        return _("统一社会信用代码应为18位，现为%(length)d位。") % {"length": problem.length}
    if problem.kind == "division":
        return _(
            "统一社会信用代码第%(position)d位“%(char)s”有误：第3至8位是登记管理机关行政区划码，只能是数字。"
        ) % {"position": problem.position, "char": problem.char}
    if problem.kind == "character":
        return _("统一社会信用代码第%(position)d位“%(char)s”不是有效字符（不使用I、O、Z、S、V等字母）。") % {
            "position": problem.position,
            "char": problem.char,
        }
    return _(
        "统一社会信用代码第18位校验码有误：按GB 32100-2015计算应为“%(expected)s”，现为“%(char)s”。"
        "请核对前17位是否抄错。"
    ) % {"expected": problem.expected, "char": problem.char}


def normalise_credit_code(value: str) -> str:
    return unicodedata.normalize("NFKC", value or "").strip().upper()


def _enterprise_snapshot(enterprise: Enterprise) -> dict:
    return audit.model_snapshot(enterprise, [*ENTERPRISE_FIELDS, "is_active"])


def _check_enterprise(data: dict, enterprise: Enterprise | None) -> dict:
    data = dict(data)
    data["credit_code"] = normalise_credit_code(data.get("credit_code", ""))
    message = credit_code_message(data["credit_code"])
    if message:
        raise DomainError(message, field="credit_code")
    data["name"] = (data.get("name") or "").strip()
    if not data["name"]:
        raise DomainError(_("请填写单位名称。"), field="name")
    clash = Enterprise.objects.filter(credit_code=data["credit_code"])
    if enterprise is not None:
        clash = clash.exclude(pk=enterprise.pk)
    if clash.exists():
        raise DomainError(
            _("统一社会信用代码%(code)s已登记。") % {"code": data["credit_code"]}, field="credit_code"
        )
    return data


@transaction.atomic
def save_enterprise(*, actor, data: dict, enterprise: Enterprise | None = None, note: str = "") -> Enterprise:
    """Register an enterprise or change its particulars. A changed name is recorded as a rename
    (更名) in the enterprise's history, dated today."""
    require(actor, "sources.change_enterprise" if enterprise else "sources.add_enterprise")
    data = _check_enterprise(data, enterprise)
    today = timezone.localdate()
    if enterprise is None:
        enterprise = Enterprise(**{name: data.get(name) for name in ENTERPRISE_FIELDS if name in data})
        for name in ENTERPRISE_FIELDS:
            if getattr(enterprise, name) is None and name not in ("longitude", "latitude"):
                setattr(enterprise, name, "")
        enterprise.save()
        EnterpriseEvent.objects.create(
            enterprise=enterprise,
            kind=EnterpriseEvent.Kind.REGISTERED,
            date=today,
            new_name=enterprise.name,
            note=note,
        )
        audit.record(
            actor=actor,
            action="sources.enterprise_create",
            target=enterprise,
            after=_enterprise_snapshot(enterprise),
        )
        return enterprise
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    before = _enterprise_snapshot(enterprise)
    old_name = enterprise.name
    for name in ENTERPRISE_FIELDS:
        if name in data:
            value = data[name]
            setattr(
                enterprise, name, "" if value is None and name not in ("longitude", "latitude") else value
            )
    enterprise.save()
    if enterprise.name != old_name:
        EnterpriseEvent.objects.create(
            enterprise=enterprise,
            kind=EnterpriseEvent.Kind.RENAMED,
            date=today,
            old_name=old_name,
            new_name=enterprise.name,
            note=note,
        )
    enterprise.refresh_from_db()
    audit.record_change(
        actor=actor,
        action="sources.enterprise_update",
        target=enterprise,
        before=before,
        after=_enterprise_snapshot(enterprise),
        skip_unchanged=True,
    )
    return enterprise


@transaction.atomic
def rename_enterprise(*, actor, enterprise: Enterprise, new_name: str, date, note: str = "") -> Enterprise:
    """更名 on a given date (the registration authority's date), kept in the history."""
    require(actor, "sources.change_enterprise")
    new_name = (new_name or "").strip()
    if not new_name:
        raise DomainError(_("请填写新名称。"), field="new_name")
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if new_name == enterprise.name:
        raise DomainError(_("新名称与现名称相同。"), field="new_name")
    old_name = enterprise.name
    enterprise.name = new_name
    enterprise.save(update_fields=["name", "updated_at"])
    EnterpriseEvent.objects.create(
        enterprise=enterprise,
        kind=EnterpriseEvent.Kind.RENAMED,
        date=date,
        old_name=old_name,
        new_name=new_name,
        note=note,
    )
    audit.record(
        actor=actor,
        action="sources.enterprise_rename",
        target=enterprise,
        before={"name": old_name},
        after={"name": new_name, "date": date.isoformat(), "note": note},
    )
    return enterprise


@transaction.atomic
def merge_enterprise(*, actor, absorbed: Enterprise, into: Enterprise, date, note: str = "") -> Enterprise:
    """吸收合并: ``absorbed`` ceases (is_active False, merged_into set) and both keep the event. Its
    permits, outlets and results stay under its own code: they were issued to it."""
    require(actor, "sources.change_enterprise")
    if absorbed.pk == into.pk:
        raise DomainError(_("不能将单位并入其自身。"), field="into")
    absorbed = Enterprise.objects.select_for_update().get(pk=absorbed.pk)
    if absorbed.merged_into_id:
        raise DomainError(_("该单位已并入其他单位。"), field="into")
    if into.merged_into_id:
        raise DomainError(_("目标单位本身已被合并，请选择存续单位。"), field="into")
    absorbed.is_active = False
    absorbed.merged_into = into
    absorbed.save(update_fields=["is_active", "merged_into", "updated_at"])
    EnterpriseEvent.objects.create(
        enterprise=absorbed,
        kind=EnterpriseEvent.Kind.MERGED_INTO,
        date=date,
        other_credit_code=into.credit_code,
        other_name=into.name,
        note=note,
    )
    EnterpriseEvent.objects.create(
        enterprise=into,
        kind=EnterpriseEvent.Kind.ABSORBED,
        date=date,
        other_credit_code=absorbed.credit_code,
        other_name=absorbed.name,
        note=note,
    )
    audit.record(
        actor=actor,
        action="sources.enterprise_merge",
        target=absorbed,
        after={"merged_into": into.credit_code, "date": date.isoformat(), "note": note},
    )
    return absorbed


def enterprise_by_code(code: str) -> Enterprise | None:
    return Enterprise.objects.filter(credit_code=normalise_credit_code(code)).first()


# --- 重点单位名录 ----------------------------------------------------------------------------------


@transaction.atomic
def replace_key_units(*, actor, year: int, entries: list[tuple[str, Enterprise, str]]) -> dict:
    """Make ``entries`` [(category, enterprise, note)] the year's whole list; returns counts of the
    entries added, removed and kept (the upload of a year's list is that list)."""
    require(actor, "sources.change_keyunit")
    check_year(year)
    wanted = {(category, enterprise.pk): note for category, enterprise, note in entries}
    existing = {
        (k.category, k.enterprise_id): k for k in KeyUnit.objects.select_for_update().filter(year=year)
    }
    removed = [k for key, k in existing.items() if key not in wanted]
    added = [
        KeyUnit(year=year, category=category, enterprise_id=pk, note=note)
        for (category, pk), note in wanted.items()
        if (category, pk) not in existing
    ]
    for (category, pk), note in wanted.items():
        kept = existing.get((category, pk))
        if kept is not None and kept.note != note:
            kept.note = note
            kept.save(update_fields=["note"])
    KeyUnit.objects.filter(pk__in=[k.pk for k in removed]).delete()
    KeyUnit.objects.bulk_create(added)
    summary = {"year": year, "added": len(added), "removed": len(removed), "total": len(wanted)}
    audit.record(
        actor=actor, action="sources.key_units_replace", target=("key_units", str(year), ""), after=summary
    )
    return summary


@transaction.atomic
def publish_key_units(*, actor, year: int, body_html: str, attachment: bytes):
    """Hand the year's list to 主动公开 as a draft (it goes through 保密审查 and 审批 there). Once only
    per year: a second call refuses and names the existing draft."""
    from gongkai.core import publishing

    require(actor, "sources.change_keyunit")
    existing = KeyUnitPublication.objects.filter(year=year).first()
    if existing is not None:
        raise DomainError(_("%(year)d年名录已生成公开文件，请在主动公开中查看。") % {"year": year})
    count = KeyUnit.objects.filter(year=year).count()
    if not count:
        raise DomainError(_("%(year)d年名录没有条目。") % {"year": year})
    catalogue = getattr(settings, "SOURCES_KEY_UNITS_CATALOGUE_CODE", "")
    if not catalogue:
        raise DomainError(_("未设置名录所属的主动公开目录（SOURCES_KEY_UNITS_CATALOGUE_CODE）。"))
    ref = publishing.draft(
        actor=actor,
        request=publishing.DraftRequest(
            catalogue_code=catalogue,
            title=_("%(year)d年环境监管重点单位名录") % {"year": year},
            body_html=body_html,
            date_formed=timezone.localdate(),
            attachments=[(f"{year}年环境监管重点单位名录.xlsx", attachment)],
            source=f"sources.keyunits:{year}",
        ),
    )
    KeyUnitPublication.objects.create(year=year, document_id=ref.id, entries=count)
    audit.record(
        actor=actor,
        action="sources.key_units_publish",
        target=("key_units", str(year), ""),
        after={"document": ref.id, "entries": count},
    )
    return ref


# --- 排污许可 ---------------------------------------------------------------------------------------


@transaction.atomic
def change_permit_status(*, actor, permit: Permit, status: str, date, reason: str = "") -> Permit:
    """变更 / 撤销 / 过期 / back to 有效, kept in the permit's history with its date and reason."""
    require(actor, "sources.change_permit")
    if status not in Permit.Status.values:
        raise DomainError(_("许可证状态无效。"), field="status")
    permit = Permit.objects.select_for_update().get(pk=permit.pk)
    if status == permit.status:
        raise DomainError(_("许可证已是该状态。"), field="status")
    if status == Permit.Status.REVOKED and not reason.strip():
        raise DomainError(_("撤销许可证须填写原因。"), field="reason")
    before = permit.status
    permit.status = status
    permit.save(update_fields=["status"])
    PermitEvent.objects.create(permit=permit, status=status, date=date, reason=reason.strip())
    audit.record(
        actor=actor,
        action="sources.permit_status",
        target=permit,
        before={"status": before},
        after={"status": status, "date": date.isoformat(), "reason": reason},
    )
    return permit


def expire_permits(*, today=None) -> int:
    """Mark valid permits past their expiry date as expired (a daily task; the system is the actor)."""
    today = today or timezone.localdate()
    count = 0
    for permit in Permit.objects.filter(status=Permit.Status.VALID, valid_until__lt=today):
        with transaction.atomic():
            Permit.objects.filter(pk=permit.pk).update(status=Permit.Status.EXPIRED)
            PermitEvent.objects.create(permit=permit, status=Permit.Status.EXPIRED, date=permit.valid_until)
            audit.record(
                actor=None,
                action="sources.permit_status",
                target=permit,
                before={"status": permit.status},
                after={"status": Permit.Status.EXPIRED, "date": permit.valid_until.isoformat()},
            )
        count += 1
    return count


def limits_of(outlet: Outlet) -> list[compliance.Limit]:
    return [
        compliance.Limit(
            pollutant=limit.pollutant, statistic=limit.statistic, upper=limit.value, lower=limit.lower
        )
        for limit in outlet.limits.all()
        if limit.value is not None or limit.lower is not None
    ]


# --- 监测结果 ---------------------------------------------------------------------------------------


@transaction.atomic
def record_result(
    *,
    actor,
    source: str,
    outlet: Outlet,
    sampled_on,
    pollutant: str,
    statistic: str,
    value: Decimal,
    unit: str = "",
    note: str = "",
    valid: bool = True,
) -> MonitoringResult:
    """Store (or correct) one result and judge it against the outlet's limit of the same statistic."""
    require(actor, "sources.add_monitoringresult")
    if source not in MonitoringResult.Source.values:
        raise DomainError(_("监测类型无效。"), field="source")
    if statistic not in compliance.STATISTICS:
        raise DomainError(_("统计口径无效。"), field="statistic")
    if value is None or value < 0:
        raise DomainError(_("监测值应为非负数。"), field="value")
    assessment = compliance.assess(
        value, pollutant=pollutant, statistic=statistic, limits=limits_of(outlet), valid=valid
    )
    limit = assessment.limit
    fields = {
        "enterprise_id": outlet.enterprise_id,
        "value": value,
        "unit": unit,
        "note": note,
        "limit_value": limit.upper if limit else None,
        "limit_lower": limit.lower if limit else None,
        "judged": assessment.judged,
        "exceeded": assessment.exceeded,
        "multiple": assessment.multiple,
    }
    result, created = MonitoringResult.objects.update_or_create(
        source=source,
        outlet=outlet,
        sampled_on=sampled_on,
        pollutant=pollutant,
        statistic=statistic,
        defaults=fields,
    )
    audit.record(
        actor=actor,
        action="sources.result_record",
        target=result,
        after={
            "outlet": f"{outlet.enterprise.credit_code}/{outlet.code}",
            "date": sampled_on.isoformat(),
            "pollutant": pollutant,
            "statistic": statistic,
            "value": str(value),
            "exceeded": assessment.exceeded,
            "created": created,
        },
    )
    return result


@transaction.atomic
def record_validity_audit(
    *,
    actor,
    enterprise: Enterprise,
    year: int,
    quarter: int,
    result: str,
    outlet: Outlet | None = None,
    note: str = "",
) -> ValidityAudit:
    require(actor, "sources.add_monitoringresult")
    check_year(year)
    if quarter not in (1, 2, 3, 4):
        raise DomainError(_("季度应为1至4。"), field="quarter")
    if result not in ValidityAudit.Result.values:
        raise DomainError(_("审核结论无效。"), field="result")
    if outlet is not None and outlet.enterprise_id != enterprise.pk:
        raise DomainError(_("该单位没有这个排放口。"), field="outlet")
    earlier = (
        ValidityAudit.objects.select_for_update()
        .filter(enterprise=enterprise, outlet=outlet, year=year, quarter=quarter)
        .first()
    )
    before = {"result": earlier.result, "note": earlier.note} if earlier else None
    row, _created = ValidityAudit.objects.update_or_create(
        enterprise=enterprise,
        outlet=outlet,
        year=year,
        quarter=quarter,
        defaults={"result": result, "note": note},
    )
    audit.record(
        actor=actor,
        action="sources.validity_audit",
        target=row,
        before=before,
        after={
            "outlet": outlet.code if outlet else "",
            "year": year,
            "quarter": quarter,
            "result": result,
            "note": note,
        },
    )
    return row
