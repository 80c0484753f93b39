"""延长答复期限 (条例 Art. 33): a handler requests, the office head decides; and the reasonable later
deadline of a reasonable but bulky request (条例 Art. 35)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications import clock, letters, queries
from gongkai.applications.models import Application, ExtensionRequest, Notice
from gongkai.applications.services.common import (
    APPROVE_EXTENSION,
    HANDLE,
    issue_notice,
    locked,
    not_future,
    require_open,
)
from gongkai.applications.services.ledger import Recorded, append_event
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require


@transaction.atomic
def request_extension(*, actor, application: Application, workdays: int, reason: str) -> ExtensionRequest:
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    if not 1 <= workdays <= clock.MAX_EXTENSION_WORKDAYS:
        raise DomainError(
            _("延长的期限为1至%(n)d个工作日（条例第三十三条）。") % {"n": clock.MAX_EXTENSION_WORKDAYS},
            field="workdays",
        )
    if not reason.strip():
        raise DomainError(_("请写明延长答复期限的理由。"), field="reason")
    if application.extension_requests.filter(state__in=["pending", "approved"]).exists():
        raise DomainError(_("每件申请只能延长一次答复期限，且已有待审批或已批准的延期申请。"))
    request = ExtensionRequest.objects.create(
        application=application, workdays=workdays, reason=reason.strip(), requested_by=actor
    )
    audit.record(
        actor=actor,
        action="application.extension_request",
        target=application,
        after={"workdays": workdays, "reason": reason.strip()},
    )
    return request


@transaction.atomic
def decide_extension(
    *, actor, request: ExtensionRequest, approve: bool, decided_on: date, note: str = ""
) -> Recorded | None:
    """The head of the disclosure office decides (条例 Art. 33 ¶1); approved → the EXTENDED event and the
    notice to the applicant."""
    require(actor, APPROVE_EXTENSION)
    application = locked(request.application)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != ExtensionRequest.State.PENDING:
        raise DomainError(_("该延期申请已审批。"))
    if not approve and not note.strip():
        raise DomainError(_("不同意延期的，请填写审批意见。"), field="note")
    not_future(decided_on, "decided_on", _("审批日期"))
    recorded = None
    if approve:
        require_open(application)
        _refuse_if_late(application, decided_on, workdays=request.workdays)
        recorded = append_event(
            application,
            actor=actor,
            kind=clock.EventKind.EXTENDED,
            day=decided_on,
            note=request.reason,
            workdays=request.workdays,
        )
        issue_notice(
            application,
            actor=actor,
            kind=Notice.Kind.EXTENSION,
            issued_on=decided_on,
            deadline=application.due_on,
            event=recorded.event,
            body=letters.extension_text(
                tracking_number=application.tracking_number,
                received_on=application.received_on,
                workdays=request.workdays,
                reason=request.reason,
                new_due=application.due_on,
                provisional_year=application.calendar_missing_year,
            ),
        )
    if recorded is not None and application.calendar_missing_year:
        # The extension crosses into a year not entered yet: approved, with the provisional date.
        warning = _("延长后的答复期限%(due)s为暂定日期：缺少%(year)d年的放假安排，录入后将自动重新计算。") % {
            "due": letters.cn_date(application.due_on),
            "year": application.calendar_missing_year,
        }
        recorded = Recorded(recorded.event, (*recorded.warnings, warning))
    request.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED
    request.decided_by, request.decided_on, request.decision_note = actor, decided_on, note.strip()
    request.save()
    audit.record(
        actor=actor,
        action="application.extension_decide",
        target=application,
        after={"approved": approve, "workdays": request.workdays, "note": note.strip()},
    )
    return recorded


def _refuse_if_late(application: Application, day: date, *, workdays: int = 1) -> None:
    """条例 Art. 33 ¶1: the extension is decided within the original limit. After the original due date
    it is refused (the clock would record it without effect and the reply would count as late)."""
    extension = clock.ClockEvent(clock.EventKind.EXTENDED, day, workdays=workdays)
    events = [*queries.ledger(application), extension]
    try:
        state = queries.compute(events).state
    except clock.ClockError:
        return  # the ledger's own rule (one extension, …) is reported when the event is appended
    if state is not None and state.extension_late:
        original = queries.compute(events[:-1]).state
        due = original.due_date if original else None
        raise DomainError(
            _(
                "原答复期限（%(due)s）已届满，不能再延长答复期限；延长答复期限须在原答复期限内决定（条例第三十三条第一款）。"
            )
            % {"due": letters.cn_date(due)}
        )


@transaction.atomic
def set_later_deadline(
    *, actor, application: Application, decided_on: date, deadline: date, reason: str
) -> Recorded:
    """条例 Art. 35: the number or frequency of the applications is clearly excessive but the reasons are
    reasonable, and the Art. 33 limit cannot be met: the agency sets a reasonable later deadline and tells
    the applicant. Decided by the head of the disclosure office, like an extension."""
    require(actor, APPROVE_EXTENSION)
    application = locked(application)
    require_open(application)
    not_future(decided_on, "decided_on", _("决定日期"))
    if not reason.strip():
        raise DomainError(_("请写明无法在法定期限内答复的理由。"), field="reason")
    if application.due_on is not None and deadline <= application.due_on:
        raise DomainError(
            _("合理的答复期限应晚于当前答复期限（%(due)s）。") % {"due": letters.cn_date(application.due_on)},
            field="deadline",
        )
    if deadline <= decided_on:
        raise DomainError(_("合理的答复期限应晚于作出决定的日期。"), field="deadline")
    recorded = append_event(
        application,
        actor=actor,
        kind=clock.EventKind.LATER_DEADLINE,
        day=decided_on,
        note=reason.strip(),
        deadline=deadline,
    )
    issue_notice(
        application,
        actor=actor,
        kind=Notice.Kind.LATER_DEADLINE,
        issued_on=decided_on,
        deadline=deadline,
        event=recorded.event,
        body=letters.later_deadline_text(
            tracking_number=application.tracking_number,
            received_on=application.received_on,
            deadline=deadline,
            reason=reason,
        ),
    )
    return recorded
