"""行政复议和行政诉讼 about a case (年报 Table 4)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.models import Appeal, Application
from gongkai.applications.services.common import MANAGE_APPEALS, not_future
from gongkai.audit import services as audit
from gongkai.core.errors import DomainError, require


def _appeal_fields(route: str, result: str, filed_on: date, decided_on: date | None, body: str) -> None:
    if route not in Appeal.Route.values:
        raise DomainError(_("请选择途径：行政复议、未经复议直接起诉或复议后起诉。"), field="route")
    if result not in Appeal.Result.values:
        raise DomainError(_("请选择结果。"), field="result")
    if not body.strip():
        raise DomainError(_("请填写复议机关或人民法院。"), field="body")
    not_future(filed_on, "filed_on", _("收到日期"))
    if result == "pending" and decided_on is not None:
        raise DomainError(_("尚未审结的案件不应填写审结日期。"), field="decided_on")
    if result != "pending":
        if decided_on is None:
            raise DomainError(_("已审结的案件须填写审结日期。"), field="decided_on")
        not_future(decided_on, "decided_on", _("审结日期"))
        if decided_on < filed_on:
            raise DomainError(_("审结日期不能早于收到日期。"), field="decided_on")


@transaction.atomic
def record_appeal(
    *,
    actor,
    application: Application,
    route: str,
    body: str,
    filed_on: date,
    case_number: str = "",
    result: str = "pending",
    decided_on: date | None = None,
    note: str = "",
) -> Appeal:
    require(actor, MANAGE_APPEALS)
    if application.received_on is None:
        raise DomainError(_("尚未受理的申请不能登记复议或诉讼。"))
    _appeal_fields(route, result, filed_on, decided_on, body)
    appeal = Appeal.objects.create(
        application=application,
        route=route,
        body=body.strip(),
        case_number=case_number.strip(),
        filed_on=filed_on,
        result=result,
        decided_on=decided_on,
        note=note.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="application.appeal",
        target=application,
        after={
            "route": route,
            "result": result,
            "filed_on": filed_on.isoformat(),
            "case_number": case_number,
        },
    )
    return appeal


@transaction.atomic
def update_appeal(*, actor, appeal: Appeal, result: str, decided_on: date | None, note: str = "") -> Appeal:
    require(actor, MANAGE_APPEALS)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    _appeal_fields(appeal.route, result, appeal.filed_on, decided_on, appeal.body)
    before = {
        "result": appeal.result,
        "decided_on": appeal.decided_on.isoformat() if appeal.decided_on else None,
    }
    appeal.result, appeal.decided_on = result, decided_on
    if note.strip():
        appeal.note = note.strip()
    appeal.save()
    audit.record(
        actor=actor,
        action="application.appeal_update",
        target=appeal.application,
        before=before,
        after={"result": result, "decided_on": decided_on.isoformat() if decided_on else None},
    )
    return appeal
