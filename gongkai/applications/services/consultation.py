"""征求意见 (条例 Arts 32–34): the consultation pauses the clock until the opinion arrives or the party's 15
working days, counted from its receipt of the 征求意见书, pass in silence (then the clock resumes by
itself: clock.py)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications import clock, letters
from gongkai.applications.models import Application, Consultation, Notice
from gongkai.applications.services.common import HANDLE, issue_notice, locked, not_future, require_open
from gongkai.applications.services.ledger import Recorded, append_event
from gongkai.core.errors import DomainError, require
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import YearNotCovered

CONSULTATION_ANSWER_WORKDAYS = clock.CONSULTATION_ANSWER_WORKDAYS


@transaction.atomic
def start_consultation(
    *,
    actor,
    application: Application,
    started_on: date,
    party_kind: str,
    party: str,
    delivered_on: date | None = None,
) -> Consultation:
    """`delivered_on`: the day the party received the 征求意见书 (its 15 working days run from it); when
    not known it is taken as the day it was sent, so that the pause always has an end date."""
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    if party_kind not in Consultation.PartyKind.values:
        raise DomainError(_("请选择征求对象类型。"), field="party_kind")
    if not party.strip():
        raise DomainError(_("请填写征求意见的对象。"), field="party")
    if delivered_on is not None and delivered_on < started_on:
        raise DomainError(_("送达日期不能早于发出征求意见书的日期。"), field="delivered_on")
    if delivered_on is not None:
        not_future(delivered_on, "delivered_on", _("送达日期"))
    recorded = append_event(
        application,
        actor=actor,
        kind=clock.EventKind.CONSULTATION_STARTED,
        day=started_on,
        note=party.strip(),
        delivered=delivered_on,
    )
    try:
        answer_due = get_calendar().add_workdays(delivered_on or started_on, CONSULTATION_ANSWER_WORKDAYS)
    except YearNotCovered:
        answer_due = None
    consultation = Consultation.objects.create(
        application=application,
        party_kind=party_kind,
        party=party.strip(),
        started_on=started_on,
        delivered_on=delivered_on,
        answer_due=answer_due,
        created_by=actor,
    )
    issue_notice(
        application,
        actor=actor,
        kind=Notice.Kind.CONSULTATION,
        issued_on=started_on,
        deadline=answer_due,
        event=recorded.event,
        recipient=party.strip(),  # the 征求意见书 goes to the party, not the applicant
        body=letters.consultation_text(
            party_kind=party_kind,
            tracking_number=application.tracking_number,
            started_on=started_on,
            answer_due=answer_due,
        ),
    )
    return consultation


@transaction.atomic
def end_consultation(*, actor, consultation: Consultation, ended_on: date, opinion: str) -> Recorded:
    """The opinion arrives (or the 15 working days pass in silence): the pause ends on this day."""
    require(actor, HANDLE)
    application = locked(consultation.application)
    if consultation.ended_on is not None:
        raise DomainError(_("该征求意见已结束。"))
    if ended_on < consultation.started_on:
        raise DomainError(_("结束日期不能早于征求意见开始日期。"), field="ended_on")
    if not opinion.strip():
        raise DomainError(_("请填写收到的意见，或写明逾期未提出意见。"), field="opinion")
    recorded = append_event(
        application, actor=actor, kind=clock.EventKind.CONSULTATION_ENDED, day=ended_on, note=opinion.strip()
    )
    consultation.ended_on, consultation.opinion = ended_on, opinion.strip()
    consultation.save(update_fields=["ended_on", "opinion"])
    return recorded
