"""One error shape for the whole API, in Chinese: `{"detail": "…", "errors": [{"field", "message"}]}`.

django-ninja answers a request that does not fit an endpoint's declared parameters with a 422 of
pydantic's English messages; `validation_error` turns them into the project's shape with a Chinese
message per field, so a client sees the same structure whether the endpoint itself or the schema
refused the input. `ApiBodyGuardMiddleware` refuses, before any endpoint runs, a body that is too
large (413), not declared as JSON (415) or nested too deeply for a parser (400) (GB/T 22239-2019
level 3, 8.1.4.4 / 8.1.5.4: 数据有效性检验、资源控制)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _


def _messages() -> dict[str, str]:
    return {
        "missing": _("必填。"),
        "int_parsing": _("应为整数。"),
        "int_type": _("应为整数。"),
        "int_from_float": _("应为整数。"),
        "float_parsing": _("应为数字。"),
        "float_type": _("应为数字。"),
        "decimal_parsing": _("应为数字。"),
        "bool_parsing": _("应为 true 或 false。"),
        "date_parsing": _("应为日期，格式 YYYY-MM-DD。"),
        "date_from_datetime_parsing": _("应为日期，格式 YYYY-MM-DD。"),
        "datetime_parsing": _("应为日期时间，格式 YYYY-MM-DDThh:mm:ss+08:00。"),
        "datetime_from_date_parsing": _("应为日期时间，格式 YYYY-MM-DDThh:mm:ss+08:00。"),
        "string_type": _("应为文本。"),
        "string_pattern_mismatch": _("格式不正确。"),
        "literal_error": _("取值不在允许范围内。"),
        "enum": _("取值不在允许范围内。"),
        "json_invalid": _("请求体不是有效的JSON。"),
        "dict_type": _("应为JSON对象。"),
        "model_attributes_type": _("应为JSON对象。"),
        "list_type": _("应为列表。"),
    }


def _bounded(error: dict) -> str | None:
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "string_too_long":
        return _("过长：最多 %(n)s 个字符。") % {"n": context.get("max_length")}
    if kind == "string_too_short":
        return _("过短：至少 %(n)s 个字符。") % {"n": context.get("min_length")}
    if kind in {"greater_than_equal", "greater_than"}:
        return _("不得小于 %(n)s。") % {"n": context.get("ge", context.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("不得大于 %(n)s。") % {"n": context.get("le", context.get("lt"))}
    if kind == "too_long":
        return _("过多：最多 %(n)s 项。") % {"n": context.get("max_length")}
    return None


def field_name(location: tuple | list) -> str | None:
    """("query", "year") → "year"; ("body", "payload", "rows", 0, "time") → "rows.0.time"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    elif parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts) or None


def chinese_errors(errors: list[dict]) -> list[dict]:
    table = _messages()
    return [
        {
            "field": field_name(error.get("loc", ())),
            "message": _bounded(error) or table.get(error.get("type", ""), _("取值无效。")),
        }
        for error in errors
    ]


def validation_error(request, exc):
    """The ninja ValidationError handler: 422 with the project's shape, in Chinese."""
    return JsonResponse(
        {"detail": _("请求参数有误，请按接口文档检查。"), "errors": chinese_errors(list(exc.errors))},
        status=422,
    )


def body_too_large(request, exc=None):
    limit_mb = settings.API_MAX_BODY_BYTES // (1024 * 1024)
    return JsonResponse(
        {"detail": _("请求体过大：上限为 %(mb)s MB。") % {"mb": limit_mb}, "errors": []}, status=413
    )


# --- refusing a body before any endpoint reads it --------------------------------------------

_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
JSON_TYPES = ("application/json",)


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (strings skipped)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


class ApiBodyGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/") and request.method in {"POST", "PUT", "PATCH"}:
            refusal = self.refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def refusal(self, request) -> JsonResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            return body_too_large(request)
        try:
            body = request.body
        except RequestDataTooBig:
            return body_too_large(request)
        if len(body) > settings.API_MAX_BODY_BYTES:
            return body_too_large(request)
        if not body:
            return None
        content_type = request.content_type or ""
        if content_type not in JSON_TYPES and not content_type.endswith("+json"):
            return JsonResponse(
                {
                    "detail": _("请求体须为JSON：请将 Content-Type 设为 application/json。"),
                    "errors": [],
                },
                status=415,
            )
        if json_depth(body) > settings.API_MAX_JSON_DEPTH:
            return JsonResponse(
                {
                    "detail": _("JSON 嵌套过深：最多 %(n)s 层。") % {"n": settings.API_MAX_JSON_DEPTH},
                    "errors": [],
                },
                status=400,
            )
        return None
