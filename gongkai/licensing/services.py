"""Every change of licences, approval results and disclosure reports: one function per business action,
in a transaction, with its audit record. The deadline rules stay in deadlines.py; this module keeps the
published-state rule (a published decision changes only by a correction with its reason)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core import identifiers
from gongkai.core.errors import DomainError, require
from gongkai.core.sequences import next_value
from gongkai.licensing import deadlines
from gongkai.licensing.models import (
    Application,
    Decision,
    DecisionCorrection,
    DisclosureReport,
    EnterpriseToken,
    Licence,
    Obligation,
    PartyCategory,
    WasteCategory,
    WasteCode,
)

DISCLOSURE_IMPORTER = "licensing.disclosure_reports"
# Free text that reaches the public and therefore passes the privacy gate before publication.
PUBLIC_TEXT_FIELDS = ("content", "remarks")
DECISION_FIELDS = [
    "item",
    "action",
    "party_name",
    "party_category",
    "credit_code",
    "legal_representative",
    "document_title",
    "document_number",
    "licence_category",
    "certificate_name",
    "certificate_number",
    "content",
    "decided_on",
    "valid_from",
    "valid_to",
    "remarks",
]
LICENCE_FIELDS = [
    "kind",
    "number",
    "holder_name",
    "credit_code",
    "legal_representative",
    "address",
    "valid_from",
    "valid_to",
    "business_mode",
    "capacity_tpa",
    "scope",
]


# --- settings (documented defaults in the app's README) -------------------------------------------


def publicity_workdays() -> int:
    """LICENSING_PUBLICITY_WORKDAYS, default 7 (双公示, 国办发〔2015〕51号)."""
    return int(getattr(settings, "LICENSING_PUBLICITY_WORKDAYS", deadlines.PUBLICITY_WORKDAYS))


def temporary_report_workdays() -> int:
    """LICENSING_TEMPORARY_REPORT_WORKDAYS, default 5 (企业环境信息依法披露管理办法)."""
    return int(getattr(settings, "LICENSING_TEMPORARY_REPORT_WORKDAYS", deadlines.TEMPORARY_REPORT_WORKDAYS))


def annual_report_due_date() -> tuple[int, int]:
    """LICENSING_ANNUAL_REPORT_DUE as (month, day), default (3, 15)."""
    return tuple(getattr(settings, "LICENSING_ANNUAL_REPORT_DUE", deadlines.ANNUAL_REPORT_DUE))


def calendar():
    from gongkai.workcalendar.queries import get_provisional_calendar

    return get_provisional_calendar()


def today() -> date:
    return timezone.localdate()


# --- checks ---------------------------------------------------------------------------------------


def check_credit_code(value: str, *, field: str = "credit_code", required: bool = True) -> str:
    """统一社会信用代码 (GB 32100-2015): 18 characters and the MOD 31 check character at position 18."""
    code = (value or "").strip().upper()
    if not code:
        if required:
            raise DomainError(_("请填写统一社会信用代码。"), field=field)
        return ""
    if len(code) != 18:
        raise DomainError(
            _("统一社会信用代码应为18位，现为%(length)d位。") % {"length": len(code)}, field=field
        )
    for position, char in enumerate(code[:17], start=1):
        allowed = identifiers.CREDIT_CODE_ALPHABET if not 3 <= position <= 8 else "0123456789"
        if char not in allowed:
            raise DomainError(
                _("统一社会信用代码第%(position)d位“%(char)s”不是允许的字符。")
                % {"position": position, "char": char},
                field=field,
            )
    expected = identifiers.credit_code_check_char(code[:17])
    if code[17] != expected:
        raise DomainError(
            _("统一社会信用代码第18位（校验码）应为“%(expected)s”，现为“%(char)s”。")
            % {"expected": expected, "char": code[17]},
            field=field,
        )
    return code


def check_public_text(model=None, **texts: str) -> None:
    """The privacy gate on free text that will be published: no ID, mobile or bank-card numbers."""
    from gongkai.privacy.scanner import scan_text

    model = model or Decision
    for field, text in texts.items():
        hits = scan_text(text or "")
        if hits:
            hit = hits[0]
            raise DomainError(
                _("“%(field)s”含有个人信息（%(kind)s，%(where)s），请删除后再公示。")
                % {
                    "field": str(model._meta.get_field(field).verbose_name),
                    "kind": hit.label,
                    "where": hit.location,
                },
                field=field,
            )


def _full_clean(instance, exclude=()) -> None:
    """The model's own validation (lengths, choices, URLs) as a DomainError naming the field, so that
    no input from a form, an upload or the API ends in a 500."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        label = instance._meta.get_field(field).verbose_name if field != "__all__" else ""
        raise DomainError(f"{label}：{messages[0]}" if label else messages[0], field=field) from None


def _json(values: dict) -> dict:
    out = {}
    for name, value in values.items():
        if isinstance(value, date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        out[name] = value
    return out


# --- decisions (双公示) ----------------------------------------------------------------------------


def assess_decision(decision: Decision, cal=None) -> None:
    """Set the decision's 双公示 due date and lateness from its decision date and the calendar."""
    cal = cal or calendar()
    deadline = deadlines.publicity_due(decision.decided_on, cal, publicity_workdays())
    decision.due_on, decision.due_provisional = deadline.due_on, deadline.provisional
    if decision.published_at is None or deadline.due_on is None or deadline.provisional:
        decision.late = None
    else:
        decision.late = timezone.localdate(decision.published_at) > deadline.due_on


def _document_number(item: str, year: int) -> str:
    prefix = getattr(settings, "LICENSING_DECISION_NUMBER_PREFIX", "环许")
    serial = next_value("licensing.decision", year)
    return f"{prefix}〔{year}〕{serial}号"


def _check_decision(data: dict) -> dict:
    data = dict(data)
    if data.get("party_category") == PartyCategory.NATURAL_PERSON:
        data["credit_code"] = check_credit_code(data.get("credit_code", ""), required=False)
    else:
        data["credit_code"] = check_credit_code(data.get("credit_code", ""))
    if data.get("decided_on") and data["decided_on"] > today():
        raise DomainError(_("许可决定日期不能晚于今天。"), field="decided_on")
    if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
        raise DomainError(_("有效期至不能早于有效期自。"), field="valid_to")
    number = data.get("document_number") or ""
    if number and Decision.objects.filter(document_number=number).exists():
        raise DomainError(_("该行政许可决定文书号已被使用。"), field="document_number")
    return data


@transaction.atomic
def create_decision(
    *, actor, data: dict, licence: Licence | None = None, application: Application | None = None
) -> Decision:
    """Record a 行政许可 decision with the 双公示 fields; its publication deadline follows from the
    decision date (7 working days, deadlines.publicity_due)."""
    require(actor, "licensing.add_decision")
    data = _check_decision(data)
    if not data.get("document_number"):
        data["document_number"] = _document_number(data["item"], data["decided_on"].year)
    if application is not None and hasattr(application, "decision"):
        raise DomainError(_("该办件已有许可决定。"), field="application")
    from gongkai.core.models import Organisation

    organisation = Organisation.current()
    decision = Decision(
        **{
            name: data.get(name) or ""
            for name in DECISION_FIELDS
            if name not in ("decided_on", "valid_from", "valid_to")
        },
        decided_on=data["decided_on"],
        valid_from=data.get("valid_from"),
        valid_to=data.get("valid_to"),
        licence=licence,
        application=application,
        authority=organisation.name,
        authority_code=organisation.credit_code or "",
        source_unit=organisation.name,
        source_unit_code=organisation.credit_code or "",
        created_by=actor,
    )
    assess_decision(decision)
    _full_clean(decision, exclude=["created_by", "licence", "application"])
    decision.save()
    audit.record(actor=actor, action="licensing.decision_create", target=decision, after=_json(data))
    return decision


@transaction.atomic
def publish_decision(*, actor, decision: Decision, when=None) -> Decision:
    """双公示: publish the decision (once); free text passes the privacy gate first."""
    require(actor, "licensing.publish_decision")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.published_at is not None:
        raise DomainError(_("该决定已公示。"))
    check_public_text(**{name: getattr(decision, name) for name in PUBLIC_TEXT_FIELDS})
    decision.published_at = when or timezone.now()
    assess_decision(decision)
    decision.save(update_fields=["published_at", "due_on", "due_provisional", "late", "updated_at"])
    audit.record(
        actor=actor,
        action="licensing.decision_publish",
        target=decision,
        after={
            "published_at": decision.published_at.isoformat(),
            "due_on": decision.due_on.isoformat() if decision.due_on else None,
            "late": decision.late,
        },
    )
    return decision


@transaction.atomic
def change_decision(*, actor, decision: Decision, changes: dict, reason: str = "") -> Decision:
    """Change a decision's fields. Before publication: a plain edit. After: a correction with its
    reason, kept and shown publicly (the published-state rule)."""
    require(actor, "licensing.change_decision")
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    changes = {name: value for name, value in changes.items() if name in DECISION_FIELDS}
    if "credit_code" in changes:
        required = changes.get("party_category", decision.party_category) != PartyCategory.NATURAL_PERSON
        changes["credit_code"] = check_credit_code(changes["credit_code"], required=required)
    if "document_number" in changes and (
        Decision.objects.exclude(pk=decision.pk).filter(document_number=changes["document_number"]).exists()
    ):
        raise DomainError(_("该行政许可决定文书号已被使用。"), field="document_number")
    before = {name: getattr(decision, name) for name in changes if getattr(decision, name) != changes[name]}
    if not before:
        return decision
    after = {name: changes[name] for name in before}
    reason = (reason or "").strip()
    if decision.published_at is not None:
        if not reason:
            raise DomainError(_("已公示的决定只能更正：请填写更正原因，更正记录将公开。"), field="reason")
        check_public_text(**{name: after[name] for name in PUBLIC_TEXT_FIELDS if name in after})
    for name, value in after.items():
        setattr(decision, name, value)
    assess_decision(decision)
    _full_clean(decision, exclude=["created_by", "licence", "application"])
    decision.save()
    if decision.published_at is not None:
        DecisionCorrection.objects.create(
            decision=decision, actor=actor, reason=reason, before=_json(before), after=_json(after)
        )
        action = "licensing.decision_correct"
    else:
        action = "licensing.decision_update"
    audit.record(
        actor=actor,
        action=action,
        target=decision,
        before=_json(before),
        after={**_json(after), "reason": reason},
    )
    return decision


def recompute_deadlines(*, years: list[int] | None = None) -> int:
    """After a calendar change: the 双公示 due dates and lateness, and the temporary reports' due dates.
    Returns the number of rows rewritten."""
    cal = calendar()
    decisions = Decision.objects.all()
    reports = DisclosureReport.objects.filter(kind=DisclosureReport.Kind.TEMPORARY, event_date__isnull=False)
    if years:
        decisions = decisions.filter(decided_on__year__gte=min(years) - 1, decided_on__year__lte=max(years))
        reports = reports.filter(event_date__year__gte=min(years) - 1, event_date__year__lte=max(years))
    changed_decisions, changed_reports = [], []
    for decision in decisions.iterator(chunk_size=500):
        before = (decision.due_on, decision.due_provisional, decision.late)
        assess_decision(decision, cal)
        if (decision.due_on, decision.due_provisional, decision.late) != before:
            changed_decisions.append(decision)
    for report in reports.select_related("obligation").iterator(chunk_size=500):
        before = (report.due_on, report.due_provisional, report.late)
        assess_report(report, cal)
        if (report.due_on, report.due_provisional, report.late) != before:
            changed_reports.append(report)
    Decision.objects.bulk_update(changed_decisions, ["due_on", "due_provisional", "late"], batch_size=500)
    DisclosureReport.objects.bulk_update(
        changed_reports, ["due_on", "due_provisional", "late"], batch_size=500
    )
    return len(changed_decisions) + len(changed_reports)


# --- licences --------------------------------------------------------------------------------------


def _licence_content(licence: Licence) -> str:
    if licence.kind == Licence.Kind.HAZARDOUS_WASTE:
        categories = "、".join(str(c) for c in licence.categories.all()) or "-"
        return _("经营方式：%(mode)s；经营规模：%(capacity)s吨/年；危险废物类别：%(categories)s") % {
            "mode": licence.business_mode or "-",
            "capacity": licence.capacity_tpa if licence.capacity_tpa is not None else "-",
            "categories": categories,
        }
    return _("种类和范围：%(scope)s") % {"scope": licence.scope or "-"}


def _check_licence(data: dict) -> dict:
    data = dict(data)
    data["credit_code"] = check_credit_code(data.get("credit_code", ""))
    if data["valid_to"] < data["valid_from"]:
        raise DomainError(_("有效期至不能早于有效期自。"), field="valid_to")
    if data["kind"] == Licence.Kind.HAZARDOUS_WASTE:
        if data.get("capacity_tpa") is None:
            raise DomainError(_("危险废物经营许可证须填写经营规模（吨/年）。"), field="capacity_tpa")
        if data["capacity_tpa"] <= 0:
            raise DomainError(_("经营规模应大于0。"), field="capacity_tpa")
    elif not (data.get("scope") or "").strip():
        raise DomainError(_("辐射安全许可证须填写种类和范围。"), field="scope")
    # Every licence field is public (the licence page): the privacy gate runs on its free text.
    check_public_text(
        Licence, **{name: data.get(name) or "" for name in ("address", "business_mode", "scope")}
    )
    return data


def check_waste(kind: str, categories, codes) -> tuple[list, list]:
    """The HW categories and codes of a licence against the 国家危险废物名录 reference data: only a 危险废物
    经营许可证 carries them, each must be current (现行有效) in the 名录, and each code must fall under one of
    the licence's categories. Returns them as lists."""
    categories, codes = list(categories or ()), list(codes or ())
    if kind != Licence.Kind.HAZARDOUS_WASTE:
        if categories or codes:
            raise DomainError(_("只有危险废物经营许可证填写危险废物类别和代码。"), field="categories")
        return categories, codes
    stale = [c.code for c in categories if not c.is_active] + [c.code for c in codes if not c.is_active]
    if stale:
        raise DomainError(
            _("以下类别或代码不在现行《国家危险废物名录》中：%(codes)s") % {"codes": "、".join(stale)},
            field="categories",
        )
    chosen = {c.pk for c in categories}
    outside = [c.code for c in codes if c.category_id not in chosen]
    if outside:
        raise DomainError(
            _("以下废物代码不属于所选的危险废物类别：%(codes)s") % {"codes": "、".join(outside)},
            field="codes",
        )
    return categories, codes


CATALOGUE_HEADERS = {
    "废物类别": "category",
    "类别名称": "category_name",
    "废物代码": "code",
    "危险废物": "description",
}


@transaction.atomic
def import_waste_catalogue(*, actor, data: bytes, edition: str) -> dict:
    """The 国家危险废物名录 from a CSV (UTF-8, with or without BOM) whose header has 废物类别, 类别名称,
    废物代码 and 危险废物: categories and codes are created or updated under `edition`; a category row
    without a code is allowed. Nothing is deleted: entries of an older edition not in the file are marked
    not current. All or nothing: the first bad row stops the import with its line number."""
    import csv
    import io

    require(actor, "licensing.add_wastecategory")
    require(actor, "licensing.add_wastecode")
    edition = (edition or "").strip()
    if not edition:
        raise DomainError(_("请填写名录版本。"), field="edition")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("文件须为UTF-8编码的CSV。"), field="file") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in CATALOGUE_HEADERS if name not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(_("CSV缺少列：%(cols)s") % {"cols": "、".join(missing)}, field="file")
    seen_categories, seen_codes = set(), set()
    counts = {"categories": 0, "codes": 0}
    for line, raw in enumerate(reader, start=2):
        row = {key: (raw.get(name) or "").strip() for name, key in CATALOGUE_HEADERS.items()}
        if not row["category"] or not row["category_name"]:
            raise DomainError(_("第%(line)d行：废物类别和类别名称必填。") % {"line": line}, field="file")
        if len(row["category"]) > 10 or len(row["category_name"]) > 100:
            raise DomainError(_("第%(line)d行：废物类别或类别名称过长。") % {"line": line}, field="file")
        category = WasteCategory.objects.update_or_create(
            code=row["category"],
            defaults={"name": row["category_name"], "edition": edition, "is_active": True},
        )[0]
        if row["category"] not in seen_categories:
            seen_categories.add(row["category"])
            counts["categories"] += 1
        if not row["code"]:
            continue
        if not row["description"] or len(row["code"]) > 20 or len(row["description"]) > 300:
            raise DomainError(
                _("第%(line)d行：废物代码须有危险废物描述，且长度不超过限制。") % {"line": line}, field="file"
            )
        if row["code"] in seen_codes:
            raise DomainError(_("第%(line)d行：废物代码重复。") % {"line": line}, field="file")
        seen_codes.add(row["code"])
        WasteCode.objects.update_or_create(
            code=row["code"],
            defaults={"category": category, "description": row["description"], "is_active": True},
        )
        counts["codes"] += 1
    if not seen_categories:
        raise DomainError(_("CSV中没有数据行。"), field="file")
    counts["retired_categories"] = (
        WasteCategory.objects.exclude(code__in=seen_categories).filter(is_active=True).update(is_active=False)
    )
    counts["retired_codes"] = (
        WasteCode.objects.exclude(code__in=seen_codes).filter(is_active=True).update(is_active=False)
    )
    audit.record(actor=actor, action="licensing.waste_catalogue_import", after={"edition": edition, **counts})
    return counts


def _decision_data(
    licence: Licence, *, action: str, decided_on: date, document_number: str, remarks: str = ""
) -> dict:
    return {
        "item": licence.kind,
        "action": action,
        "party_name": licence.holder_name,
        "party_category": PartyCategory.ORGANISATION,
        "credit_code": licence.credit_code,
        "legal_representative": licence.legal_representative,
        "document_title": _("关于%(holder)s%(kind)s的许可决定")
        % {"holder": licence.holder_name, "kind": licence.get_kind_display()},
        "document_number": document_number,
        "licence_category": Decision.LicenceCategory.ORDINARY,
        "certificate_name": licence.get_kind_display(),
        "certificate_number": licence.number,
        "content": f"{Decision.Action(action).label}：{_licence_content(licence)}",
        "decided_on": decided_on,
        "valid_from": licence.valid_from,
        "valid_to": licence.valid_to,
        "remarks": remarks,
    }


@transaction.atomic
def issue_licence(
    *,
    actor,
    data: dict,
    categories=(),
    codes=(),
    decided_on: date,
    document_number: str = "",
    application: Application | None = None,
) -> Licence:
    """核发: a new licence and its 许可决定 (published later within 7 working days)."""
    require(actor, "licensing.add_licence")
    data = _check_licence(data)
    if Licence.objects.filter(number=data["number"]).exists():
        raise DomainError(_("该许可证编号已存在。"), field="number")
    licence = Licence(**{name: data.get(name) for name in LICENCE_FIELDS if name in data})
    for name in ("legal_representative", "address", "business_mode", "scope"):
        setattr(licence, name, getattr(licence, name) or "")
    _full_clean(licence)
    categories, codes = check_waste(licence.kind, categories, codes)
    licence.save()
    licence.categories.set(categories)
    licence.codes.set(codes)
    audit.record(
        actor=actor,
        action="licensing.licence_issue",
        target=licence,
        after=_json({**data, "categories": [c.code for c in licence.categories.all()]}),
    )
    create_decision(
        actor=actor,
        data=_decision_data(
            licence, action=Decision.Action.ISSUE, decided_on=decided_on, document_number=document_number
        ),
        licence=licence,
        application=application,
    )
    return licence


@transaction.atomic
def change_licence(
    *,
    actor,
    licence: Licence,
    action: str,
    decided_on: date,
    changes: dict | None = None,
    categories=None,
    codes=None,
    document_number: str = "",
    reason: str = "",
) -> Decision:
    """变更 / 延续 / 撤销 a licence: the licence takes the new content and a new 许可决定 records it,
    so the licence's history is its list of decisions."""
    require(actor, "licensing.change_licence")
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if action not in (Decision.Action.CHANGE, Decision.Action.RENEW, Decision.Action.REVOKE):
        raise DomainError(_("不支持的决定类型。"), field="action")
    if licence.revoked_on is not None:
        raise DomainError(_("该许可证已撤销，不能再作变更、延续或撤销。"))
    changes = {
        k: v for k, v in (changes or {}).items() if k in LICENCE_FIELDS and k not in ("kind", "number")
    }
    before = audit.model_snapshot(licence, [*LICENCE_FIELDS, "revoked_on"])
    before["categories"] = sorted(c.code for c in licence.categories.all())
    if action == Decision.Action.REVOKE:
        if not (reason or "").strip():
            raise DomainError(_("撤销许可须填写理由。"), field="reason")
        licence.revoked_on = decided_on
    else:
        for name, value in changes.items():
            setattr(licence, name, value if value is not None or name == "capacity_tpa" else "")
        _check_licence({name: getattr(licence, name) for name in LICENCE_FIELDS})
        if action == Decision.Action.RENEW and licence.valid_to <= date.fromisoformat(before["valid_to"]):
            raise DomainError(_("延续许可须延长有效期。"), field="valid_to")
    _full_clean(licence)
    licence.save()
    if categories is not None or codes is not None:
        categories, codes = check_waste(
            licence.kind,
            licence.categories.all() if categories is None else categories,
            licence.codes.all() if codes is None else codes,
        )
        licence.categories.set(categories)
        licence.codes.set(codes)
    after = audit.model_snapshot(licence, [*LICENCE_FIELDS, "revoked_on"])
    after["categories"] = sorted(c.code for c in licence.categories.all())
    audit.record_change(
        actor=actor,
        action=f"licensing.licence_{action}",
        target=licence,
        before=before,
        after=after,
        extra={"reason": reason},
    )
    return create_decision(
        actor=actor,
        data=_decision_data(
            licence, action=action, decided_on=decided_on, document_number=document_number, remarks=reason
        ),
        licence=licence,
    )


# --- applications (办件) ----------------------------------------------------------------------------


@transaction.atomic
def register_application(*, actor, data: dict) -> Application:
    require(actor, "licensing.add_application")
    data = dict(data)
    data["number"] = (data.get("number") or "").strip().upper()
    if not data["number"]:
        year = data["received_on"].year
        data["number"] = f"XK{year}{next_value('licensing.application', year):05d}"
    if Application.objects.filter(number=data["number"]).exists():
        raise DomainError(_("该申请编号已存在。"), field="number")
    data["credit_code"] = check_credit_code(data.get("credit_code", ""), required=False)
    if data["received_on"] > today():
        raise DomainError(_("受理日期不能晚于今天。"), field="received_on")
    application = Application.objects.create(**data)
    audit.record(actor=actor, action="licensing.application_register", target=application, after=_json(data))
    return application


@transaction.atomic
def conclude_application(
    *, actor, application: Application, status: str, concluded_on: date | None
) -> Application:
    """Move a 办件 to its next state; a concluded one (准予 / 不予 / 撤回) carries its date."""
    require(actor, "licensing.change_application")
    application = Application.objects.select_for_update().get(pk=application.pk)
    concluded = status in (
        Application.Status.APPROVED,
        Application.Status.REFUSED,
        Application.Status.WITHDRAWN,
    )
    if concluded and concluded_on is None:
        raise DomainError(_("办结须填写办结日期。"), field="concluded_on")
    if concluded_on and concluded_on < application.received_on:
        raise DomainError(_("办结日期不能早于受理日期。"), field="concluded_on")
    if concluded_on and concluded_on > today():
        raise DomainError(_("办结日期不能晚于今天。"), field="concluded_on")
    before = {"status": application.status, "concluded_on": application.concluded_on}
    application.status = status
    application.concluded_on = concluded_on if concluded else None
    application.save(update_fields=["status", "concluded_on"])
    audit.record_change(
        actor=actor,
        action="licensing.application_update",
        target=application,
        before=_json(before),
        after=_json({"status": application.status, "concluded_on": application.concluded_on}),
    )
    return application


# --- 企业环境信息依法披露 ---------------------------------------------------------------------------------


@transaction.atomic
def add_obligation(*, actor, year: int, credit_code: str, name: str, district: str, basis: str) -> Obligation:
    """Put an enterprise on the year's list of enterprises obliged to disclose (办法 Art. 9)."""
    require(actor, "licensing.add_obligation")
    from gongkai.core.errors import check_year

    check_year(year)
    credit_code = check_credit_code(credit_code)
    if Obligation.objects.filter(year=year, credit_code=credit_code).exists():
        raise DomainError(_("该企业已在%(year)d年名单中。") % {"year": year}, field="credit_code")
    if not name:
        ref = _lookup(credit_code)
        name = ref.name if ref else ""
    if not name:
        raise DomainError(_("请填写企业名称。"), field="name")
    obligation = Obligation.objects.create(
        year=year, credit_code=credit_code, name=name, district=district, basis=basis
    )
    audit.record(
        actor=actor,
        action="licensing.obligation_add",
        target=obligation,
        after={"year": year, "credit_code": credit_code, "name": name, "district": district, "basis": basis},
    )
    return obligation


def _lookup(credit_code: str):
    from gongkai.core import facility

    return facility.lookup(credit_code)


def assess_report(report: DisclosureReport, cal=None) -> None:
    """Due date and lateness of a disclosure report: 15 March after the reporting year for the annual
    report; 5 working days after the legal document was received for a temporary one."""
    if report.kind == DisclosureReport.Kind.ANNUAL:
        report.due_on = deadlines.annual_report_due(report.obligation.year, annual_report_due_date())
        report.due_provisional = False
    elif report.event_date is not None:
        deadline = deadlines.temporary_report_due(
            report.event_date, cal or calendar(), temporary_report_workdays()
        )
        report.due_on, report.due_provisional = deadline.due_on, deadline.provisional
    else:
        report.due_on, report.due_provisional = None, False
    if report.due_on is None or report.due_provisional:
        report.late = None
    else:
        report.late = report.disclosed_on > report.due_on


@transaction.atomic
def record_report(
    *,
    actor,
    year: int,
    credit_code: str,
    kind: str,
    disclosed_on: date,
    event: str = "",
    event_date: date | None = None,
    summary: str = "",
    link: str = "",
    channel: str = DisclosureReport.Channel.STAFF,
    token=None,
) -> DisclosureReport:
    """A report an obliged enterprise disclosed, entered by staff, imported, or submitted by the
    enterprise with its own token (`token`: then `actor` is None and the token names the source)."""
    if token is None:
        require(actor, "licensing.add_disclosurereport")
    credit_code = check_credit_code(credit_code)
    if token is not None:
        binding = EnterpriseToken.objects.filter(token=token).first()
        if binding is None or binding.credit_code != credit_code:
            raise DomainError(_("该令牌只能上报其所属企业的报告。"), field="credit_code")
    obligation = Obligation.objects.filter(year=year, credit_code=credit_code).first()
    if obligation is None:
        raise DomainError(
            _("%(code)s 不在%(year)d年依法披露企业名单中。") % {"code": credit_code, "year": year},
            field="credit_code",
        )
    if kind not in DisclosureReport.Kind.values:
        raise DomainError(_("报告类型应为 annual 或 temporary。"), field="kind")
    if disclosed_on > today():
        raise DomainError(_("披露日期不能晚于今天。"), field="disclosed_on")
    if kind == DisclosureReport.Kind.TEMPORARY:
        if event_date is None:
            raise DomainError(_("临时报告须填写收到法律文书的日期。"), field="event_date")
        if event_date > disclosed_on:
            raise DomainError(_("收到法律文书日期不能晚于披露日期。"), field="event_date")
        if event and event not in DisclosureReport.Event.values:
            raise DomainError(_("临时报告事项无效。"), field="event")
        event = event or DisclosureReport.Event.OTHER
    else:
        if disclosed_on.year <= year:
            raise DomainError(_("年度报告应在报告年度结束后披露。"), field="disclosed_on")
        if obligation.reports.filter(kind=DisclosureReport.Kind.ANNUAL).exists():
            raise DomainError(_("该企业%(year)d年度的年度报告已登记。") % {"year": year}, field="kind")
        event, event_date = "", None
    from gongkai.privacy.scanner import scan_text

    if scan_text(summary or ""):
        raise DomainError(_("内容摘要含有个人信息，请删除后再提交。"), field="summary")
    report = DisclosureReport(
        obligation=obligation,
        kind=kind,
        event=event,
        event_date=event_date,
        disclosed_on=disclosed_on,
        summary=summary or "",
        link=link or "",
        channel=channel,
        created_by=actor,
    )
    assess_report(report)
    _full_clean(report, exclude=["created_by"])
    report.save()
    audit.record(
        actor=actor,
        action="licensing.report_record",
        target=report,
        after=_json(
            {
                "year": year,
                "credit_code": credit_code,
                "kind": kind,
                "disclosed_on": disclosed_on,
                "event_date": event_date,
                "channel": channel,
                "late": report.late,
                **({"token": token.name} if token is not None else {}),
            }
        ),
    )
    return report


@transaction.atomic
def issue_enterprise_token(*, actor, credit_code: str, expires_at=None) -> tuple[EnterpriseToken, str]:
    """An API token for one obliged enterprise to submit its own reports (shown once)."""
    from gongkai.intake import services as intake_services

    require(actor, "licensing.add_disclosurereport")
    credit_code = check_credit_code(credit_code)
    obligation = Obligation.objects.filter(credit_code=credit_code).order_by("-year").first()
    if obligation is None:
        raise DomainError(_("该企业不在任何年度的依法披露企业名单中。"), field="credit_code")
    token, plain = intake_services.create_token(
        actor=actor,
        name=_("依法披露：%(name)s") % {"name": obligation.name[:60]},
        importer=DISCLOSURE_IMPORTER,
        expires_at=expires_at,
    )
    binding = EnterpriseToken.objects.create(token=token, credit_code=credit_code)
    audit.record(
        actor=actor,
        action="licensing.token_bind",
        target=binding,
        after={"credit_code": credit_code, "token": token.prefix},
    )
    return binding, plain


def normalised(value: str, field: str) -> str:
    """NFKC, trimmed; control, bidi and zero-width characters refused (as on every form)."""
    from django.core.exceptions import ValidationError

    from gongkai.core.refdata import normalise_text

    try:
        return normalise_text(value or "")
    except ValidationError as error:
        raise DomainError(error.messages[0], field=field) from None
