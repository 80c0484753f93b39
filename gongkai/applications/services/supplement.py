"""补正 (条例 Art. 30): the notice and the supplemented application."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications import clock, letters
from gongkai.applications.models import Application, Attachment, Notice
from gongkai.applications.services.arrival import check_uploads, store_attachment
from gongkai.applications.services.common import HANDLE, issue_notice, locked, require_open
from gongkai.applications.services.ledger import Recorded, append_event
from gongkai.core.errors import DomainError, require
from gongkai.workcalendar.queries import get_calendar
from gongkai.workcalendar.workdays import YearNotCovered


@transaction.atomic
def request_supplement(
    *, actor, application: Application, issued_on: date, deadline: date, items: str
) -> Recorded:
    """One 补正 notice, within 7 working days of receipt (a later one is recorded with a warning)."""
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    if not items.strip():
        raise DomainError(_("请写明需要补正的事项。"), field="items")
    if deadline <= issued_on:
        raise DomainError(_("补正期限应晚于补正通知的发出日期。"), field="deadline")
    try:
        limit = get_calendar().add_workdays(application.received_on, clock.SUPPLEMENT_NOTICE_WORKDAYS)
    except YearNotCovered:
        limit = None
    if limit is not None and issued_on > limit:
        # Art. 30: only a notice within 7 working days of receipt restarts the clock; a later one is refused.
        raise DomainError(
            _(
                "补正通知应当在收到申请之日起%(n)d个工作日内（%(limit)s前）发出；逾期发出的补正通知不产生"
                "重新计算答复期限的效力，不能再要求补正（条例第三十条）。"
            )
            % {"n": clock.SUPPLEMENT_NOTICE_WORKDAYS, "limit": letters.cn_date(limit)},
            field="issued_on",
        )
    recorded = append_event(
        application,
        actor=actor,
        kind=clock.EventKind.SUPPLEMENT_REQUESTED,
        day=issued_on,
        note=items.strip(),
        supplement_deadline=deadline,
    )
    issue_notice(
        application,
        actor=actor,
        kind=Notice.Kind.SUPPLEMENT,
        issued_on=issued_on,
        deadline=deadline,
        event=recorded.event,
        body=letters.supplement_text(
            tracking_number=application.tracking_number,
            received_on=application.received_on,
            deadline=deadline,
            items=items,
        ),
    )
    return recorded


@transaction.atomic
def record_supplement(
    *, actor, application: Application, received_on: date, note: str = "", uploads=()
) -> Recorded:
    """The supplemented application arrives: the 20 working days run afresh from this day."""
    require(actor, HANDLE)
    application = locked(application)
    require_open(application)
    checked = check_uploads(uploads)
    recorded = append_event(
        application, actor=actor, kind=clock.EventKind.SUPPLEMENT_RECEIVED, day=received_on, note=note.strip()
    )
    for upload, file_type in checked:
        store_attachment(application, upload, file_type, kind=Attachment.Kind.SUPPLEMENT, actor=actor)
    return recorded
