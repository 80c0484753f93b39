"""The 依申请公开 API (in the OpenAPI document at /api/v1/docs).

- POST /api/v1/applications — public submission with the form's validation (a provincial platform may
  forward applications this way) → 201 {"tracking_number", "query_code"}; 400 {"errors": [{"field",
  "message"}]} with Chinese messages; 429 when the address exceeds the submission limit. The body is read
  by the endpoint itself (not by the schema), so a wrong type or malformed JSON is a 400 with Chinese
  field errors like any other mistake, never a 422 in English.
  A retry with the same `Idempotency-Key` header (double click, a lost answer) gets the same tracking
  number and query code back (201, header `Idempotent-Replayed: true`) and creates nothing.
- GET /api/v1/applications/{tracking_number} with the query code in the header `X-Query-Code`, or
  POST /api/v1/applications/{tracking_number}/status with {"query_code": …} → status, received_on, due_on
  and the outcome once replied; 404 with the same body for an unknown number and a wrong code; never
  personal data. A query code in the URL (`?query_code=`) is refused (400): URLs end up in logs.
  Wrong codes are throttled per client and tracking number (429), never locking out the applicant.
- GET /api/v1/statistics/applications?year=YYYY → the Table 三 figures (shape: `TableThreeOut`)."""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gongkai.applications import guard, queries, services, statistics, validation
from gongkai.applications.models import Source
from gongkai.core.errors import DomainError, check_year
from gongkai.core.middleware import client_ip

router = Router(tags=["依申请公开"])

NOT_FOUND = gettext_noop("未找到该申请，或查询码不正确。")
TOO_MANY = gettext_noop("请求过于频繁，请稍后再试。")
INVALID = gettext_noop("请求参数有误，请按接口文档检查。")
CODE_IN_URL = gettext_noop(
    '查询码不能放在网址中：请放在请求头X-Query-Code中，或以POST请求体{"query_code": …}提交。'
)


# Text the service accepts: no control or format characters (zero-width, bidi controls …), as negated
# classes. validation.hidden_characters also refuses private-use and unassigned code points, which a
# pattern cannot list compactly: the description says so.
_HIDDEN = (
    r"\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
)
_TEXT = f"^{_HIDDEN}"  # inside [...]: any character but these
_EDGE = rf"^\s{_HIDDEN}"  # not stripped as white space
_LETTER = r"^\W\d_"  # a letter: a name is not only digits and signs (validation.has_letter)


def _text(low: int, high: int, *, first: str = _EDGE, multiline: bool = False) -> str:
    """Text of `low`..`high` characters that stripping leaves as it is."""
    body = _TEXT.replace(r"\x00-\x1f", r"\x00-\x08\x0b\x0c\x0e-\x1f") if multiline else _TEXT
    inner = (
        f"[{first}]([{body}]{{{max(0, low - 2)},{high - 2}}}[{_EDGE}])?"
        if low <= 1
        else (f"[{first}][{body}]{{{low - 2},{high - 2}}}[{_EDGE}]")
    )
    return f"^{inner}$"


_EMAIL = (
    r"^[a-z0-9_%+-]{1,20}(\.[a-z0-9_%+-]{1,20})?@[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?"
    r"(\.[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?){0,2}\.[a-z]{2,10}$"
)


class ApplicationIn(Schema):
    """政府信息公开申请（字段与网站申请表一致）。JSON Schema 无法表达、由接口校验的两条：居民身份证号码和
    统一社会信用代码的校验码、出生日期须正确；文字中不得有私用区字符和未分配的码位。"""

    applicant_type: Literal["natural_person", "organisation"] = Field(description="申请人类型")
    organisation_kind: Literal["commercial", "research", "public_interest", "legal_services", "other", ""] = (
        Field(
            "",
            description="组织类型（法人或其他组织必填）：商业企业、科研机构、社会公益组织、法律服务机构、其他",
        )
    )
    name: str = Field(
        description="姓名或名称（须含文字，不能只由数字或符号组成）",
        min_length=1,
        max_length=100,
        pattern=_text(1, 100, first=_LETTER),
    )
    id_type: Literal["resident_id", "credit_code", "passport", "other"] = Field(
        description="证件类型：自然人 resident_id、passport、other；法人或其他组织 credit_code、other"
    )
    id_number: str = Field(
        description="证件号码（居民身份证18位含校验码；统一社会信用代码18位；护照5至20位字母或数字）",
        min_length=1,
        max_length=50,
        pattern=_text(1, 50),
    )
    contact_person: str = Field(
        "",
        description="联系人（法人或其他组织必填）",
        max_length=50,
        pattern=f"^({_text(1, 50, first=_LETTER)[1:-1]})?$",
    )
    phone: str = Field(
        description="联系电话：手机号码或带区号的固定电话",
        min_length=1,
        max_length=30,
        pattern=r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?)$",
    )
    email: str = Field(
        "", description="电子邮箱（以电子邮件提供或获取时必填）", max_length=254, pattern=f"^$|{_EMAIL}"
    )
    address: str = Field(
        "",
        description="通讯地址（邮寄获取时必填）",
        max_length=200,
        pattern=f"^$|{_text(1, 200, multiline=True)}",
    )
    postcode: str = Field("", description="邮政编码", max_length=6, pattern=r"^([0-9]{6})?$")
    description: str = Field(
        description="所需政府信息的名称、文号或特征性描述（5至2000字）",
        min_length=5,
        max_length=2000,
        pattern=_text(5, 2000, multiline=True),
    )
    document_reference: str = Field("", description="文号", max_length=100, pattern=f"^[{_TEXT}]*$")
    provision_form: Literal["paper", "email", "electronic_media", "collect"] = Field(
        description="信息提供形式"
    )
    delivery_method: Literal["post", "email", "collect", "online"] = Field(description="获取信息的方式")


def _when(field: str, value: str, then: dict) -> dict:
    return {"if": {"properties": {field: {"const": value}}, "required": [field]}, "then": then}


_EMAIL_REQUIRED = {"required": ["email"], "properties": {"email": {"minLength": 1}}}

# The rules between fields (validation.application_errors), declared with if/then.
APPLICATION_SCHEMA = {
    **ApplicationIn.model_json_schema(),
    "allOf": [
        _when(
            "applicant_type",
            "organisation",
            {
                "required": ["organisation_kind", "contact_person"],
                "properties": {
                    "organisation_kind": {
                        "enum": ["commercial", "research", "public_interest", "legal_services", "other"]
                    },
                    "contact_person": {"minLength": 1},
                    "id_type": {"enum": ["credit_code", "other"]},
                },
            },
        ),
        _when(
            "applicant_type",
            "natural_person",
            {"properties": {"id_type": {"enum": ["resident_id", "passport", "other"]}}},
        ),
        _when("id_type", "resident_id", {"properties": {"id_number": {"pattern": r"^[0-9]{17}[0-9Xx]$"}}}),
        _when(
            "id_type",
            "credit_code",
            {"properties": {"id_number": {"pattern": r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"}}},
        ),
        _when("id_type", "passport", {"properties": {"id_number": {"pattern": r"^[A-Za-z0-9]{5,20}$"}}}),
        _when("delivery_method", "email", _EMAIL_REQUIRED),
        _when("provision_form", "email", _EMAIL_REQUIRED),
        _when(
            "delivery_method", "post", {"required": ["address"], "properties": {"address": {"minLength": 1}}}
        ),
    ],
}


class SubmittedOut(Schema):
    tracking_number: str = Field(description="登记号")
    query_code: str = Field(description="查询码（只返回这一次，本系统只保存其哈希）")


class FieldError(Schema):
    field: str | None = Field(description="出错的字段；整体错误时为 null")
    message: str


class ErrorsOut(Schema):
    """The API's one error shape (gongkai.core.api_errors): a summary and the errors per field."""

    detail: str
    errors: list[FieldError]


class DetailOut(Schema):
    detail: str


class NoticeOut(Schema):
    kind: str
    title: str
    issued_on: date
    deadline: date | None
    document_number: str = Field("", description="文号（补正、延期、收费、终止等编号告知书）")


class StatusOut(Schema):
    tracking_number: str
    status: str = Field(
        description="submitted | running | awaiting_supplement | in_consultation | awaiting_fee | "
        "replied | closed"
    )
    status_label: str
    received_on: date | None = Field(description="收到申请之日（条例第三十一条）；待确认受理时为 null")
    due_on: date | None = Field(description="答复期限；等待补正、征求意见、等待缴费时为 null")
    due_note: str
    outcome: str | None = Field(description="办理结果代码（年度报告表三的行），答复或终止后才有")
    outcome_label: str | None
    replied_on: date | None
    document_number: str | None
    notices: list[NoticeOut]


class ColumnOut(Schema):
    code: str
    label: str
    group: str | None = Field(description="上级表头（法人或其他组织）")


class RowOut(Schema):
    code: str = Field(
        description="received | carried_over | 各办理结果代码 | outcome_total | carried_forward"
    )
    label: str = Field(description="表三的行标签（原文）")
    group: str | None = Field(description="办理结果所属的类别，如“（三）不予公开”")
    values: dict[str, int] = Field(description="列代码 → 件数；列代码见 columns")


class CrossChecksOut(Schema):
    ok: bool
    violations: list[str]


class TableThreeOut(Schema):
    year: int
    title: str
    columns: list[ColumnOut]
    rows: list[RowOut]
    cross_checks: CrossChecksOut


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


def _errors(errors: dict[str | None, str]) -> dict:
    return {
        "detail": _(INVALID),
        "errors": [{"field": field, "message": message} for field, message in errors.items()],
    }


@router.post(
    "/applications",
    response={201: SubmittedOut, 400: ErrorsOut, 409: DetailOut, 429: DetailOut},
    summary="提交政府信息公开申请（可带 Idempotency-Key 请求头，重试时返回同一登记号）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": APPLICATION_SCHEMA}},
        }
    },
)
def submit(request: HttpRequest, response: HttpResponse):
    key = request.headers.get("Idempotency-Key", "").strip()
    try:
        earlier = services.earlier_submission(f"api:{key}") if key else None
    except DomainError as error:
        return Status(409, {"detail": error.message})
    if earlier is not None:  # a retry: the same answer, not counted against the limit
        response["Idempotent-Replayed"] = "true"
        return Status(
            201, {"tracking_number": earlier.application.tracking_number, "query_code": earlier.query_code}
        )
    # Counted before anything else (parallel requests cannot all pass), given back on a 400 or a replay;
    # a retry still in flight with the same key (parallel retries) is not counted at all.
    counted = not key or guard.first_use(f"api:{key}")
    if counted and not guard.allow("submit", _ip(request), guard.submit_limit()):
        return Status(429, {"detail": _(TOO_MANY)})
    result, replayed = _submit(request)
    if counted and (result.status_code != 201 or replayed):
        guard.release("submit", _ip(request), guard.submit_limit())
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return result


IDEMPOTENCY_KEY_MAX = 200


def _submit(request: HttpRequest) -> tuple[Status, bool]:
    """(the answer, whether it replays an earlier submission with the same Idempotency-Key)."""
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return Status(400, _errors({None: _("请求体应为UTF-8编码的JSON对象。")})), False
    if not isinstance(payload, dict):
        return Status(400, _errors({None: _("请求体应为JSON对象。")})), False
    data = {}
    type_errors = {}
    for name in validation.FIELDS:
        value = payload.get(name, "")
        if isinstance(value, str | int) and not isinstance(value, bool):
            data[name] = str(value)
        elif value is None:
            data[name] = ""
        else:
            type_errors[name] = _("应为文本。")
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX or validation.hidden_characters(key):
        return Status(400, _errors({None: _("Idempotency-Key请求头应为不超过200个字符的可见文本。")})), False
    clean = validation.normalise(data)
    errors = {**validation.application_errors(clean), **type_errors}
    if errors:
        return Status(400, _errors(errors)), False
    try:
        submitted = services.submit_application(
            data=clean, source=Source.API, submission_key=f"api:{key}" if key else ""
        )
    except DomainError as error:
        return Status(400, _errors({error.field: error.message})), False
    body = {"tracking_number": submitted.application.tracking_number, "query_code": submitted.query_code}
    return Status(201, body), submitted.replayed


class QueryCodeIn(Schema):
    query_code: str = Field(description="查询码")


@router.get(
    "/applications/{tracking_number}",
    response={200: StatusOut, 400: DetailOut, 404: DetailOut, 429: DetailOut},
    summary="凭登记号和查询码查询办理进度（查询码放在请求头 X-Query-Code）",
)
def status(request: HttpRequest, tracking_number: str):
    if "query_code" in request.GET:
        return Status(400, {"detail": _(CODE_IN_URL)})
    return _status(request, tracking_number, request.headers.get("X-Query-Code", ""))


@router.post(
    "/applications/{tracking_number}/status",
    response={200: StatusOut, 400: DetailOut, 404: DetailOut, 429: DetailOut},
    summary="凭登记号和查询码查询办理进度（查询码放在请求体）",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": QueryCodeIn.model_json_schema()}},
        }
    },
)
def status_post(request: HttpRequest, tracking_number: str):
    if "query_code" in request.GET:
        return Status(400, {"detail": _(CODE_IN_URL)})
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        payload = None
    code = payload.get("query_code") if isinstance(payload, dict) else None
    if not isinstance(code, str):
        return Status(400, {"detail": _("请求体应为JSON对象，并以文本字段query_code给出查询码。")})
    return _status(request, tracking_number, code)


def _status(request: HttpRequest, tracking_number: str, query_code: str):
    number = tracking_number.strip().upper()[:40]
    if not guard.allow("lookup", _ip(request), guard.lookup_limit()):
        return Status(429, {"detail": _(TOO_MANY)})
    throttle = guard.wrong_code_key(_ip(request), number)
    if not guard.allow("wrong_code", throttle, guard.wrong_code_limit()):
        return Status(429, {"detail": _(TOO_MANY)})
    application = queries.find_for_applicant(number, query_code[:40])
    if application is None:
        return Status(404, {"detail": _(NOT_FOUND)})
    guard.release("wrong_code", throttle, guard.wrong_code_limit())
    result = queries.public_status(application)
    return Status(
        200,
        {
            "tracking_number": result.tracking_number,
            "status": result.status,
            "status_label": result.status_label,
            "received_on": result.received_on,
            "due_on": result.due_on,
            "due_note": result.due_note,
            "outcome": result.outcome,
            "outcome_label": result.outcome_label,
            "replied_on": result.replied_on,
            "document_number": result.document_number,
            "notices": [notice.__dict__ for notice in result.notices],
        },
    )


@router.get(
    "/statistics/applications",
    response={200: TableThreeOut, 400: DetailOut},
    summary="政府信息公开申请办理情况（年度报告表三）",
)
def statistics_table(request: HttpRequest, year: int = Query(..., ge=2000, le=2100, description="年份")):
    try:
        check_year(year)
    except DomainError as error:
        return Status(400, {"detail": error.message})
    return Status(200, statistics.table_three_json(year))
