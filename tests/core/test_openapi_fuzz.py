"""Schemathesis over every operation of the public OpenAPI document (/api/v1/openapi.json), issue #11.

Runs in-process against the Django WSGI application (no network server), with a bounded, derandomized
number of examples per operation so CI is deterministic, half schema-valid and half schema-invalid:
- not_a_server_error, for every request: no input, however odd, gets a 5xx;
- positive_data_acceptance, for the schema-valid ones: an operation whose schema-valid requests are
  mostly rejected (400/422) declares less than it enforces. The test allows a minority of rejections:
  a rule JSON Schema cannot state (a check digit, one date after another) may refuse some; everything
  that can be declared (ranges, patterns, enums, required fields) is, so most schema-valid data passes.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from gongkai.api import api

EXAMPLES = 12  # per operation; ~30 operations stay well under a minute
MAX_REJECTED_SHARE = 0.5

# The document exactly as /api/v1/openapi.json serves it, built without a request (collection needs no
# database).
DOCUMENT = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))
schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.app = get_wsgi_application()

OPERATIONS = [
    (path, method.upper())
    for path, item in DOCUMENT["paths"].items()
    for method in item
    if method in {"get", "post", "put", "patch", "delete"}
]


def _undeclarable_application_rule(case, response) -> bool:
    """A 400 refusing only what the document cannot declare (its description names both): the check
    digit (or birth date) of a resident ID or credit code, whose 18-character shape it does declare; a
    private-use or unassigned code point in a text (it declares the control and format characters)."""
    body = case.body if isinstance(case.body, dict) else {}
    if response.status_code != 400:
        return False
    for error in response.json().get("errors", []):
        field, value = error["field"], body.get(error["field"])
        check_digit = field == "id_number" and body.get("id_type") in {"resident_id", "credit_code"}
        odd_code_point = isinstance(value, str) and any(
            unicodedata.category(char) in {"Cn", "Co", "Cs"} for char in value
        )
        if not (check_digit or odd_code_point):
            return False
    return True


# Rules JSON Schema cannot state, per operation: such a refusal of schema-valid data is not counted.
UNDECLARABLE = {("/api/v1/applications", "POST"): _undeclarable_application_rule}


def test_the_document_has_operations_of_every_api_app():
    paths = " ".join(path for path, _ in OPERATIONS)
    for prefix in ("/api/v1/documents", "/api/v1/applications", "/api/v1/air/", "/api/v1/lists"):
        assert prefix in paths


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes database connections when a request ends; inside a test that would close
    the test's transaction (PostgreSQL). Django's own test client holds them open the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_operation(path, method, db, keep_test_connection):
    operation = schema[path][method]
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    positive: list[str] = []
    rejected: list[str] = []

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call()
        case.validate_response(response, checks=[not_a_server_error])
        if case.meta is not None and case.meta.generation.mode.is_positive:
            positive.append(case.as_curl_command())
            undeclarable = UNDECLARABLE.get((path, method))
            if undeclarable is not None and undeclarable(case, response):
                positive.pop()
                return
            try:
                case.validate_response(response, checks=[positive_data_acceptance])
            except FailureGroup:
                rejected.append(f"{response.status_code} {response.text[:300]}\n  {case.as_curl_command()}")

    run()
    assert len(rejected) <= MAX_REJECTED_SHARE * len(positive), (
        f"{len(rejected)} of {len(positive)} schema-valid requests rejected:\n" + "\n".join(rejected)
    )
