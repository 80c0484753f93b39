"""Enterprises submit their own disclosure reports with a token bound to their credit code (intake
importer ``licensing.disclosure_reports``); the public lists' API twins are at /api/v1/lists/<name>.
Mounted under /api/v1/ by gongkai.api."""

from __future__ import annotations

import json

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gongkai.core.errors import DomainError
from gongkai.intake.auth import TokenAuth
from gongkai.licensing import intake, services
from gongkai.licensing.models import DisclosureReport

router = Router(tags=["企业环境信息依法披露"])


class ReportOut(Schema):
    id: int
    kind: str
    disclosed_on: str
    due_on: str | None
    late: bool | None


class ErrorOut(Schema):
    field: str
    message: str


@router.post(
    "/licensing/disclosure-reports",
    auth=TokenAuth(intake.IMPORTER),
    response={201: ReportOut, 400: ErrorOut},
    summary="企业上报依法披露报告（年度报告或临时报告）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "example": {
                        "year": 2026,
                        "credit_code": "91411000MA00000000",
                        "kind": "temporary",
                        "disclosed_on": "2026-10-12",
                        "event": "penalty",
                        "event_date": "2026-10-09",
                        "summary": "收到行政处罚决定书",
                        "link": "https://example.invalid/report/1",
                    }
                }
            },
        }
    },
)
def submit_report(request: HttpRequest):
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return Status(400, {"field": "", "message": _("请求体应为UTF-8编码的JSON对象。")})
    if not isinstance(payload, dict):
        return Status(400, {"field": "", "message": _("请求体应为JSON对象。")})
    try:
        fields = intake.report_fields({key: payload.get(key) for key in intake.COLUMNS})
        for name in ("summary", "credit_code", "kind", "event"):
            fields[name] = services.normalised(fields[name], name)
        report = services.record_report(
            actor=None, token=request.auth, channel=DisclosureReport.Channel.API, **fields
        )
    except DomainError as error:
        return Status(400, {"field": error.field or "", "message": error.message})
    return Status(
        201,
        {
            "id": report.pk,
            "kind": report.kind,
            "disclosed_on": report.disclosed_on.isoformat(),
            "due_on": report.due_on.isoformat() if report.due_on else None,
            "late": report.late,
        },
    )
