"""行政处罚 and 行政强制 decisions: entry, publication within 7 working days (双公示), change and
withdrawal of a published decision with a public reason, release of a 查封/扣押."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require
from gongkai.core.identifiers import is_valid_resident_id
from gongkai.core.sequences import next_value
from gongkai.enforcement import rules
from gongkai.enforcement.models import (
    COERCION_KINDS,
    PENALTY_KINDS,
    Category,
    Decision,
    DecisionChange,
    NotPublic,
    PartyType,
)
from gongkai.enforcement.services.common import (
    calendar,
    check_credit_code,
    enterprise,
    privacy_gate,
    publication_workdays,
    publicity_table,
    today,
)
from gongkai.workcalendar.workdays import YearNotCovered

__all__ = [
    "DECISION_FIELDS",
    "PUBLIC_TEXT_FIELDS",
    "create_decision",
    "decision_number",
    "publish_decision",
    "recompute_publication_due",
    "record_revocation",
    "release_measure",
    "update_decision",
    "withdraw_decision",
]

ADD = "enforcement.add_decision"
CHANGE = "enforcement.change_decision"
PUBLISH = "enforcement.publish_decision"
WITHDRAW = "enforcement.withdraw_decision"

# The fields a form may set (the number, the dates of publication and withdrawal are the services').
DECISION_FIELDS = [
    "category",
    "party_type",
    "party_name",
    "credit_code",
    "legal_representative",
    "id_type",
    "id_number",
    "violation_type",
    "facts",
    "legal_basis",
    "kind",
    "content",
    "amount",
    "confiscated_amount",
    "licence",
    "daily_amount",
    "order_served_on",
    "rechecked_on",
    "seized_items",
    "measure_from",
    "measure_to",
    "decided_on",
    "authority",
    "authority_code",
    "remarks",
    "not_public",
]
# Free text that is published: the privacy gate scans it before publication and after every change.
PUBLIC_TEXT_FIELDS = [
    "violation_type",
    "facts",
    "legal_basis",
    "content",
    "licence",
    "seized_items",
    "remarks",
]
# Fields whose change to a published decision is shown publicly (the identity number never is).
PUBLIC_FIELDS = [f for f in DECISION_FIELDS if f not in ("id_type", "id_number", "not_public")]


def decision_number(category: str, year: int, serial: int) -> str:
    """决定书文号: prefix〔year〕serial号; prefixes are settings (ENFORCEMENT_PENALTY_PREFIX, default
    "环罚"; ENFORCEMENT_COERCION_PREFIX, default "环强")."""
    from django.conf import settings

    if category == Category.COERCION:
        prefix = getattr(settings, "ENFORCEMENT_COERCION_PREFIX", "环强")
    else:
        prefix = getattr(settings, "ENFORCEMENT_PENALTY_PREFIX", "环罚")
    return f"{prefix}〔{year}〕{serial}号"


def _label(field: str) -> str:
    return str(Decision._meta.get_field(field).verbose_name)


def _clean(data: dict) -> dict:
    """The rules of a decision's fields, each refusal a Chinese DomainError on its field."""
    data = {key: data.get(key) for key in DECISION_FIELDS}
    for key, value in data.items():
        if isinstance(value, str):
            data[key] = value.strip()
        elif value is None and isinstance(
            Decision._meta.get_field(key), (models.CharField, models.TextField)
        ):
            data[key] = ""
    if not data.get("party_name") and data.get("credit_code") and data.get("party_type") != PartyType.PERSON:
        # The enterprise registry (when installed) knows the name of a credit code.
        ref = enterprise(str(data["credit_code"]).strip().upper())
        data["party_name"] = ref.name if ref else ""
    for key in ("party_name", "violation_type", "facts", "legal_basis", "content", "authority", "kind"):
        if not data.get(key):
            raise DomainError(_("请填写“%(field)s”。") % {"field": _label(key)}, field=key)
    if not data.get("decided_on"):
        raise DomainError(_("请填写决定日期。"), field="decided_on")
    if data["decided_on"] > today():
        raise DomainError(_("决定日期不能晚于今天。"), field="decided_on")
    category = data.get("category") or Category.PENALTY
    data["category"] = category
    kinds = COERCION_KINDS if category == Category.COERCION else PENALTY_KINDS
    if data["kind"] not in kinds:
        raise DomainError(
            _("“%(kind)s”不是%(category)s的类别，应为：%(kinds)s。")
            % {"kind": data["kind"], "category": Category(category).label, "kinds": "、".join(kinds)},
            field="kind",
        )
    party_type = data.get("party_type")
    if party_type not in PartyType.values:
        raise DomainError(_("请选择行政相对人类别。"), field="party_type")
    if data.get("not_public") and data["not_public"] not in NotPublic.values:
        raise DomainError(_("不予公开的理由无效。"), field="not_public")
    if party_type == PartyType.PERSON:
        if data.get("credit_code"):
            raise DomainError(_("自然人没有统一社会信用代码，请留空。"), field="credit_code")
        data["credit_code"] = ""
        if data.get("id_type", "") in ("", "身份证") and data.get("id_number"):
            if not is_valid_resident_id(data["id_number"]):
                raise DomainError(_("居民身份证号码无效。"), field="id_number")
            data["id_type"] = "身份证"
    else:
        data["credit_code"] = check_credit_code(data.get("credit_code") or "")
    data["authority_code"] = check_credit_code(
        data.get("authority_code") or "", field="authority_code", required=False
    )
    for key in ("amount", "confiscated_amount", "daily_amount"):
        if data.get(key) is not None and data[key] < 0:
            raise DomainError(_("金额不能为负数。"), field=key)
    if data["kind"] == "罚款" and data.get("amount") is None:
        raise DomainError(_("处罚类别为罚款时请填写罚款金额。"), field="amount")
    # 按日连续处罚 (环境保护法 Art. 59): the day count follows from the two dates.
    served, rechecked = data.get("order_served_on"), data.get("rechecked_on")
    if data.get("daily_amount") is not None or served or rechecked:
        if not (data.get("daily_amount") is not None and served and rechecked):
            raise DomainError(
                _("按日连续处罚须同时填写原处罚数额、责令改正决定书送达日期和复查日期。"),
                field="daily_amount",
            )
        try:
            days = rules.continuous_days(served, rechecked)
        except ValueError:
            raise DomainError(_("复查日期应晚于责令改正决定书送达日期。"), field="rechecked_on") from None
        data["continuous_days"] = days
        data["amount"] = rules.continuous_total(Decimal(data["daily_amount"]), days)
    else:
        data["continuous_days"] = None
    if category == Category.COERCION:
        if not data.get("seized_items"):
            raise DomainError(_("请填写查封、扣押的场所、设施或者财物。"), field="seized_items")
        if not (data.get("measure_from") and data.get("measure_to")):
            raise DomainError(_("请填写查封、扣押的期限。"), field="measure_from")
        if data["measure_to"] < data["measure_from"]:
            raise DomainError(_("查封、扣押期限的结束日期不能早于开始日期。"), field="measure_to")
    return data


def _due(decision: Decision) -> None:
    cal = calendar()
    try:
        due = rules.publication_due(decision.decided_on, cal, publication_workdays())
    except YearNotCovered:
        decision.publish_due, decision.due_provisional = None, False
        return
    decision.publish_due = due
    decision.due_provisional = cal.is_provisional(decision.decided_on, due)


def _snapshot(decision: Decision, fields=PUBLIC_FIELDS) -> dict:
    return audit.model_snapshot(decision, [*fields, "continuous_days", "number"])


@transaction.atomic
def create_decision(*, actor, data: dict) -> Decision:
    require(actor, ADD)
    data = _clean(data)
    year = data["decided_on"].year
    serial = next_value(f"enforcement.{data['category']}", year)
    decision = Decision(**data, number=decision_number(data["category"], year, serial), created_by=actor)
    _due(decision)
    decision.save()
    after = _snapshot(decision)
    audit.record(actor=actor, action="enforcement.decision_create", target=decision, after=after)
    return decision


@transaction.atomic
def update_decision(
    *, actor, decision: Decision, data: dict, reason: str = "", changed_on: date | None = None
) -> Decision:
    """Before publication a plain edit; after it a public 变更 with its date and reason."""
    require(actor, CHANGE)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.withdrawn_on:
        raise DomainError(_("已撤回的决定不能修改。"))
    data = _clean({**data, "category": decision.category})
    if decision.published_at is not None and data.get("not_public"):
        raise DomainError(_("已公示的决定不能改为不予公开；如须撤下，请撤回并说明原因。"), field="not_public")
    before = _snapshot(decision)
    for key, value in data.items():
        setattr(decision, key, value)
    after = _snapshot(decision)
    changed_before, changed_after = audit.changed_fields(before, after)
    public_before = {k: v for k, v in changed_before.items() if k in PUBLIC_FIELDS or k == "continuous_days"}
    public_after = {k: changed_after[k] for k in public_before}
    if decision.published_at is not None:
        reason = (reason or "").strip()
        if not reason:
            raise DomainError(_("已公示的决定变更须说明原因（行政处罚法第四十八条）。"), field="reason")
        privacy_gate({f: (_label(f), getattr(decision, f)) for f in PUBLIC_TEXT_FIELDS})
        if public_before:
            DecisionChange.objects.create(
                decision=decision,
                kind=DecisionChange.Kind.CHANGE,
                changed_on=changed_on or today(),
                reason=reason,
                before=public_before,
                after=public_after,
                actor=actor,
            )
        decision.publicity_until = rules.publicity_end(decision.decided_on, decision.kind, publicity_table())
    _due(decision)
    decision.save()
    audit.record_change(
        actor=actor,
        action="enforcement.decision_update",
        target=decision,
        before=before,
        after=after,
        extra={"reason": reason} if reason else None,
    )
    return decision


@transaction.atomic
def publish_decision(*, actor, decision: Decision, at=None) -> Decision:
    """公示: after the privacy gate; the publicity period (公示截止期) starts from the decision date.
    `at`: the time of a publication made before the platform (demo data, entry of past records)."""
    require(actor, PUBLISH)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.published_at is not None:
        raise DomainError(_("该决定已公示。"))
    if decision.withdrawn_on:
        raise DomainError(_("已撤回的决定不能公示。"))
    if decision.not_public:
        raise DomainError(
            _("该决定不予公开（%(reason)s），不能公示。") % {"reason": decision.get_not_public_display()}
        )
    privacy_gate({f: (_label(f), getattr(decision, f)) for f in PUBLIC_TEXT_FIELDS})
    now = at or timezone.now()
    decision.published_at = now
    published_on = timezone.localdate(now)
    _due(decision)
    decision.published_late = (
        None
        if decision.publish_due is None or decision.due_provisional
        else published_on > decision.publish_due
    )
    decision.publicity_until = rules.publicity_end(decision.decided_on, decision.kind, publicity_table())
    decision.save()
    audit.record(
        actor=actor,
        action="enforcement.decision_publish",
        target=decision,
        after={
            "published_on": published_on.isoformat(),
            "publish_due": decision.publish_due.isoformat() if decision.publish_due else None,
            "late": decision.published_late,
            "publicity_until": decision.publicity_until.isoformat(),
        },
    )
    return decision


@transaction.atomic
def record_revocation(*, actor, decision: Decision, revoked_on: date, reason: str) -> Decision:
    """The officer records that a published decision was changed, revoked or found unlawful or void;
    the leader then withdraws it within 3 日 (行政处罚法 Art. 48; the leader's card counts them)."""
    require(actor, CHANGE)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    reason = (reason or "").strip()
    if decision.published_at is None or decision.withdrawn_on:
        raise DomainError(_("只有已公示且未撤回的决定需要登记撤销情况。"))
    if not reason:
        raise DomainError(_("请说明决定被变更、撤销或确认违法、无效的情况。"), field="reason")
    if revoked_on > today() or revoked_on < decision.decided_on:
        raise DomainError(_("日期应在决定日期之后且不晚于今天。"), field="revoked_on")
    decision.revoked_on = revoked_on
    decision.withdrawal_reason = reason
    decision.save(update_fields=["revoked_on", "withdrawal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="enforcement.decision_revoked",
        target=decision,
        after={"revoked_on": revoked_on.isoformat(), "reason": reason},
    )
    return decision


@transaction.atomic
def withdraw_decision(
    *, actor, decision: Decision, reason: str, withdrawn_on: date | None = None
) -> Decision:
    """撤回 a published decision that was changed, revoked or found unlawful or void (行政处罚法 Art. 48:
    within 3 日, with a public explanation). The record stays, marked withdrawn, with its reason."""
    require(actor, WITHDRAW)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请说明撤回原因。"), field="reason")
    if decision.published_at is None:
        raise DomainError(_("未公示的决定无须撤回，可直接修改。"))
    if decision.withdrawn_on:
        raise DomainError(_("该决定已撤回。"))
    on = withdrawn_on or today()
    if on > today():
        raise DomainError(_("撤回日期不能晚于今天。"), field="withdrawn_on")
    privacy_gate({"reason": (_("撤回原因"), reason)})
    if decision.revoked_on is None:
        decision.revoked_on = on  # withdrawn on the day the bureau learned of it
    decision.withdrawn_on = on
    decision.withdrawal_reason = reason
    decision.withdrawn_late = on > rules.withdraw_due(decision.revoked_on)
    decision.save(
        update_fields=["revoked_on", "withdrawn_on", "withdrawal_reason", "withdrawn_late", "updated_at"]
    )
    DecisionChange.objects.create(
        decision=decision, kind=DecisionChange.Kind.WITHDRAW, changed_on=on, reason=reason, actor=actor
    )
    audit.record(
        actor=actor,
        action="enforcement.decision_withdraw",
        target=decision,
        after={"withdrawn_on": on.isoformat(), "reason": reason, "late": decision.withdrawn_late},
    )
    return decision


@transaction.atomic
def release_measure(*, actor, decision: Decision, released_on: date, reason: str = "") -> Decision:
    """解除查封、扣押: the date is shown with the decision (a public change when it was published)."""
    require(actor, CHANGE)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.category != Category.COERCION:
        raise DomainError(_("只有查封、扣押决定可以解除。"))
    if decision.released_on:
        raise DomainError(_("该查封、扣押已解除。"))
    if released_on < decision.measure_from or released_on > today():
        raise DomainError(_("解除日期应在查封、扣押开始之后且不晚于今天。"), field="released_on")
    decision.released_on = released_on
    decision.save(update_fields=["released_on", "updated_at"])
    if decision.published_at is not None:
        DecisionChange.objects.create(
            decision=decision,
            kind=DecisionChange.Kind.CHANGE,
            changed_on=released_on,
            reason=reason or _("解除查封、扣押"),
            before={"released_on": None},
            after={"released_on": released_on.isoformat()},
            actor=actor,
        )
    audit.record(
        actor=actor,
        action="enforcement.measure_release",
        target=decision,
        after={"released_on": released_on.isoformat(), "reason": reason},
    )
    return decision


def recompute_publication_due(years=()) -> int:
    """After a calendar change: the due dates of unpublished decisions decided in (or just before) the
    changed years. Returns how many changed."""
    changed = 0
    decisions = Decision.objects.unpublished()
    if years:
        decisions = decisions.filter(decided_on__year__gte=min(years) - 1, decided_on__year__lte=max(years))
    for decision in decisions:
        before = (decision.publish_due, decision.due_provisional)
        _due(decision)
        if (decision.publish_due, decision.due_provisional) != before:
            decision.save(update_fields=["publish_due", "due_provisional"])
            changed += 1
    return changed
