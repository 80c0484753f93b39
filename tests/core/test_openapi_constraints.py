"""The OpenAPI document declares the constraints the newer apps' endpoints enforce (issue #11)."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture(scope="module")
def spec():
    return Client().get("/api/v1/openapi.json").json()


def _parameter(spec, path: str, name: str) -> dict:
    operation = spec["paths"][path]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def _body(spec, path: str) -> dict:
    return spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]


def test_sources_pages_and_filters(spec):
    page = _parameter(spec, "/api/v1/sources/permits", "page_size")
    assert (page["minimum"], page["maximum"]) == (1, 100)
    assert set(_parameter(spec, "/api/v1/sources/permits", "management")["enum"]) == {
        "",
        "key",
        "simplified",
        "registration",
    }
    assert _parameter(spec, "/api/v1/sources/monitoring", "month")["pattern"].startswith("^(")
    assert _parameter(spec, "/api/v1/sources/key-units/changes", "year")["anyOf"][0]["maximum"] == 2100


def test_application_statistics_year_range(spec):
    year = _parameter(spec, "/api/v1/statistics/applications", "year")
    assert (year["minimum"], year["maximum"]) == (2000, 2100)


def test_application_body_declares_patterns_and_rules_between_fields(spec):
    body = _body(spec, "/api/v1/applications")
    assert {"applicant_type", "name", "id_type", "id_number", "phone", "description"} <= set(body["required"])
    assert body["properties"]["postcode"]["pattern"] == "^([0-9]{6})?$"
    assert body["properties"]["description"]["minLength"] == 5
    rules = {
        (tuple(r["if"]["properties"]), next(iter(r["if"]["properties"].values()))["const"])
        for r in body["allOf"]
    }
    assert (("applicant_type",), "organisation") in rules and (("delivery_method",), "post") in rules


def test_licensing_report_body(spec):
    body = _body(spec, "/api/v1/licensing/disclosure-reports")
    assert set(body["required"]) == {"year", "credit_code", "kind", "disclosed_on"}
    assert body["properties"]["kind"]["enum"] == ["annual", "temporary"]
    assert body["then"]["required"] == ["event", "event_date"]


def test_documents_filters_are_enums(spec):
    assert "" in _parameter(spec, "/api/v1/documents", "validity")["enum"]
    assert _parameter(spec, "/api/v1/documents", "year")["anyOf"][0]["maximum"] == 2100
