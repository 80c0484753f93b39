"""信息处理费 (国办函〔2020〕109号): the notice, payment and waiver. The quote itself is read-only:
`queries.quote_for`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications import clock, fees, letters, queries
from gongkai.applications.models import Application, FeeDecision, Notice
from gongkai.applications.services.common import (
    HANDLE,
    issue_notice,
    locked,
    not_future,
    require_open,
)
from gongkai.applications.services.ledger import Recorded, append_event
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require
from gongkai.core.models import Organisation

MAX_PIECES = 1000  # a sanity bound on one application's 件 (not a legal number)


@transaction.atomic
def set_pieces(*, actor, application: Application, pieces: int, reason: str) -> Application:
    """一事一申请 (国办函〔2020〕109号 Art. 4): record into how many 件 the application is split; 按件计收
    counts the applicant's 件 in the month, so a later application of the same month is counted after
    them."""
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    if not 1 <= pieces <= MAX_PIECES:
        raise DomainError(_("件数应为1至%(n)d。") % {"n": MAX_PIECES}, field="pieces")
    if not reason.strip():
        raise DomainError(_("请写明按“一事一申请”拆分的依据。"), field="reason")
    before = application.pieces
    _store_pieces(application, pieces)
    audit.record(
        actor=actor,
        action="application.pieces",
        target=application,
        before={"pieces": before},
        after={"pieces": pieces, "reason": reason.strip()},
    )
    return application


def _store_pieces(application: Application, pieces: int) -> None:
    application.pieces = pieces
    Application.objects.filter(pk=application.pk).update(pieces=pieces)


@transaction.atomic
def issue_fee_notice(
    *,
    actor,
    application: Application,
    method: str,
    issued_on: date,
    notice_received_on: date,
    pieces: int | None = None,
    pages: int | None = None,
    relief_reason: str = "",
    relief_payable: Decimal | None = None,
) -> FeeDecision:
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    not_future(notice_received_on, "notice_received_on", _("申请人收到通知的日期"))
    quote, earlier = queries.quote_for(
        application,
        method=method,
        pieces=pieces,
        pages=pages,
        relief_reason=relief_reason,
        relief_payable=relief_payable,
    )
    by_application = quote.method is fees.FeeMethod.BY_APPLICATION
    if by_application and pieces and pieces != application.pieces:
        _store_pieces(application, pieces)  # the notice's 件数 counts for the applicant's later applications
    if quote.is_free:
        raise DomainError(
            _("按所选方式计算的应缴金额为0元，无需发出收费通知。%(e)s") % {"e": quote.explanation}
        )
    recorded = append_event(
        application,
        actor=actor,
        kind=clock.EventKind.FEE_NOTICE_ISSUED,
        day=issued_on,
        note=quote.explanation,
        notice_received=notice_received_on,
    )
    state = queries.compute(queries.ledger(application)).state
    payment_due = state.fee_payment_due if state else None
    decision = FeeDecision.objects.create(
        application=application,
        method=quote.method.value,
        pieces=application.pieces if by_application else None,
        earlier_this_month=earlier,
        pages=pages if quote.method is fees.FeeMethod.BY_VOLUME else None,
        computed=quote.computed,
        amount=quote.amount,
        explanation=quote.explanation,
        relief_reason=relief_reason.strip(),
        issued_on=issued_on,
        notice_received_on=notice_received_on,
        payment_due=payment_due,
        decided_by=actor,
    )
    organisation = Organisation.current()
    issue_notice(
        application,
        actor=actor,
        kind=Notice.Kind.FEE,
        issued_on=issued_on,
        deadline=payment_due,
        event=recorded.event,
        body=letters.fee_text(
            tracking_number=application.tracking_number,
            quote=quote,
            payment_due=payment_due,
            pay_at=organisation.disclosure_address,
        ),
    )
    audit.record(
        actor=actor,
        action="application.fee_notice",
        target=application,
        after={
            "method": quote.method.value,
            "computed": str(quote.computed),
            "amount": str(quote.amount),
            **({"pieces": application.pieces, "earlier_this_month": earlier} if by_application else {}),
        },
    )
    return decision


def _open_fee(application: Application) -> FeeDecision:
    decision = application.fee_decisions.filter(state=FeeDecision.State.NOTIFIED).order_by("-id").first()
    if decision is None:
        raise DomainError(_("没有待缴费的收费通知。"))
    return decision


@transaction.atomic
def record_fee_paid(*, actor, application: Application, paid_on: date, note: str = "") -> Recorded:
    require(actor, HANDLE)
    application = locked(application)
    decision = _open_fee(application)
    recorded = append_event(
        application, actor=actor, kind=clock.EventKind.FEE_PAID, day=paid_on, note=note.strip()
    )
    decision.state, decision.settled_on, decision.settle_note = FeeDecision.State.PAID, paid_on, note.strip()
    decision.save(update_fields=["state", "settled_on", "settle_note"])
    return recorded


@transaction.atomic
def waive_fee(*, actor, application: Application, waived_on: date, reason: str) -> Recorded:
    """减免 [U]: a recorded decision with its reason (the 办法's exemption article is not confirmed, so no
    exemption is automatic)."""
    require(actor, HANDLE)
    application = locked(application)
    if not reason.strip():
        raise DomainError(_("免收信息处理费须写明理由。"), field="reason")
    decision = _open_fee(application)
    recorded = append_event(
        application, actor=actor, kind=clock.EventKind.FEE_WAIVED, day=waived_on, note=reason.strip()
    )
    decision.state, decision.settled_on, decision.settle_note = (
        FeeDecision.State.WAIVED,
        waived_on,
        reason.strip(),
    )
    decision.save(update_fields=["state", "settled_on", "settle_note"])
    issue_notice(
        application,
        actor=actor,
        kind=Notice.Kind.FEE_WAIVER,
        issued_on=waived_on,
        event=recorded.event,
        body=letters.fee_waiver_text(tracking_number=application.tracking_number, reason=reason),
    )
    return recorded
