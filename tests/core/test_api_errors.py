"""The API refuses bad input with one error shape, in Chinese: schema violations (422), bodies too
large (413), bodies that are not declared as JSON (415) and JSON nested too deeply (400)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gongkai.core.api_errors import field_name, json_depth

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/applications"


def assert_shape(body: dict) -> None:
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert not any(
        ch.isascii() and ch.isalpha()
        for ch in body["detail"]
        .replace("JSON", "")
        .replace("MB", "")
        .replace("Content-Type", "")
        .replace("application/json", "")
    )
    for error in body["errors"]:
        assert set(error) == {"field", "message"}


@pytest.mark.parametrize(
    ("url", "params", "field", "message"),
    [
        ("/api/v1/documents", {"page_size": 1000}, "page_size", "不得大于"),
        ("/api/v1/documents", {"page": "abc"}, "page", "应为整数。"),
        ("/api/v1/search", {}, "q", "必填。"),
        ("/api/v1/statistics/normative-documents", {"year": "二〇二六"}, "year", "应为整数。"),
    ],
)
def test_schema_violations_are_422_in_chinese_with_the_field(url, params, field, message):
    response = Client().get(url, params)
    assert response.status_code == 422
    body = response.json()
    assert_shape(body)
    assert body["detail"] == "请求参数有误，请按接口文档检查。"
    errors = {error["field"]: error["message"] for error in body["errors"]}
    assert message in errors[field]
    assert "Input should" not in response.text and "Field required" not in response.text


def test_the_endpoints_own_400_has_the_same_shape():
    response = Client().post(APPLICATIONS, json.dumps({"name": ""}), content_type="application/json")
    assert response.status_code == 400
    assert_shape(response.json())


def test_a_body_over_the_limit_is_a_json_413(settings):
    settings.API_MAX_BODY_BYTES = 1024 * 1024
    big = json.dumps({"description": "测" * (600 * 1024)})
    response = Client().post(APPLICATIONS, big, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "请求体过大：上限为 1 MB。"


def test_a_body_over_djangos_own_limit_is_a_json_413_too(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"description": "x" * 2000})
    response = Client().post(APPLICATIONS, body, content_type="application/json")
    assert response.status_code == 413
    assert_shape(response.json())


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_json_sent_under_another_content_type_is_refused(content_type):
    response = Client().post(APPLICATIONS, json.dumps({"name": "张三"}), content_type=content_type)
    assert response.status_code == 415
    assert_shape(response.json())
    assert "application/json" in response.json()["detail"]


def test_deeply_nested_json_is_a_400_not_a_server_error():
    deep = "[" * 100_000 + "]" * 100_000
    response = Client().post(APPLICATIONS, deep, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON 嵌套过深：最多 32 层。"
    assert_shape(response.json())


def test_json_depth_skips_brackets_inside_strings():
    assert json_depth(b'{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert json_depth(b'"\\"[[["') == 0
    assert json_depth(b"[]") == 1


@pytest.mark.parametrize(
    ("location", "field"),
    [(("query", "year"), "year"), (("body", "payload", "rows", 0, "time"), "rows.0.time"), (("body",), None)],
)
def test_field_names_read_like_the_request(location, field):
    assert field_name(location) == field


# --- the OpenAPI document declares the constraints the API enforces (issue 11) -------------------


def _parameter(spec: dict, path: str, name: str) -> dict:
    operation = spec["paths"][path]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def test_the_openapi_document_declares_the_constraints_the_api_enforces():
    spec = Client().get("/api/v1/openapi.json").json()
    assert _parameter(spec, "/api/v1/documents", "year") == {
        **_parameter(spec, "/api/v1/documents", "year"),
        "anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2100}, {"type": "null"}],
    }
    assert _parameter(spec, "/api/v1/documents", "organ")["maxLength"] == 100
    assert _parameter(spec, "/api/v1/documents", "page")["maximum"] == 100_000
    rows = _parameter(spec, "/api/v1/lists/{name}", "page_size")
    assert (rows["minimum"], rows["maximum"]) == (1, 100)
    assert _parameter(spec, "/api/v1/lists/{name}", "name")["pattern"] == "^[a-z0-9_.-]+$"
    statistics = spec["paths"]["/api/v1/air/statistics"]["get"]["parameters"]
    year = next(p for p in statistics if p["name"] == "year")
    assert (year["required"], year["schema"]["minimum"], year["schema"]["maximum"]) == (True, 2000, 2100)
    assert _parameter(spec, "/api/v1/air/history", "station")["maxLength"] == 20
    request_body = spec["paths"]["/api/v1/applications"]["post"]["requestBody"]
    body = request_body["content"]["application/json"]["schema"]["properties"]
    assert body["name"]["maxLength"] == 100 and body["postcode"]["maxLength"] == 6
    assert body["phone"]["maxLength"] == 30 and body["address"]["maxLength"] == 200


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/documents", {"year": 10**20}, "year"),  # a 500 before the bound was declared
        ("/api/v1/documents", {"organ": "局" * 101}, "organ"),
        ("/api/v1/lists/core-users", {"page_size": 0}, "page_size"),
        ("/api/v1/air/statistics", {"year": 2026, "month": 13}, "month"),
        ("/api/v1/air/history", {"station": "../etc"}, "station"),
    ],
)
def test_values_outside_the_declared_constraints_are_a_chinese_422(url, params, field):
    response = Client().get(url, params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert_shape(body)
    assert field in {error["field"] for error in body["errors"]}
