"""Enterprises submit their own disclosure reports with a token bound to their credit code (intake
importer ``licensing.disclosure_reports``); the public lists' API twins are at /api/v1/lists/<name>.
Mounted under /api/v1/ by gongkai.api."""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from gongkai.core.errors import DomainError
from gongkai.intake.auth import TokenAuth
from gongkai.licensing import intake, services
from gongkai.licensing.models import DisclosureReport

router = Router(tags=["企业环境信息依法披露"])


class ReportIn(Schema):
    """企业环境信息依法披露报告（接口声明其校验的约束；由接口本身读取请求体，错误为中文）。"""

    year: int = Field(description="报告年度", ge=2000, le=2100)
    credit_code: str = Field(
        description="统一社会信用代码（须为令牌所属企业）", pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$"
    )
    kind: Literal["annual", "temporary"] = Field(description="报告类型：annual 年度报告，temporary 临时报告")
    disclosed_on: date = Field(description="披露日期（不晚于今天）")
    event: Literal["", "permit", "penalty", "criminal", "damage", "other"] = Field(
        "", description="临时报告事项（临时报告必填）"
    )
    event_date: date | None = Field(None, description="收到法律文书日期（临时报告必填，不晚于披露日期）")
    summary: str = Field("", description="摘要（超过500字截断）", max_length=500)
    link: str = Field("", description="报告网址", max_length=200)


REPORT_SCHEMA = {
    **ReportIn.model_json_schema(),
    "if": {"properties": {"kind": {"const": "temporary"}}, "required": ["kind"]},
    "then": {"required": ["event", "event_date"], "properties": {"event": {"minLength": 1}}},
}


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
                    "schema": REPORT_SCHEMA,
                    "example": {
                        "year": 2026,
                        "credit_code": "91411000MA00000000",
                        "kind": "temporary",
                        "disclosed_on": "2026-10-12",
                        "event": "penalty",
                        "event_date": "2026-10-09",
                        "summary": "收到行政处罚决定书",
                        "link": "https://example.invalid/report/1",
                    },
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
