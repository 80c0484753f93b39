"""Public forms: input hints (inputmode/autocomplete/type) and, after a failed submit, one error
summary at the top that links every error to its field (issue #12)."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse

from gongkai.applications import guard as application_guard
from gongkai.interaction import guard as interaction_guard

pytestmark = pytest.mark.django_db


def _input(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    return match.group(0)


def _summary(page: str) -> str:
    match = re.search(r"<div[^>]*data-error-summary[^>]*>.*?</div>", page, re.S)
    assert match, "no error summary"
    return match.group(0)


def _assert_summary_links_every_error(page: str, fields: list[str]) -> None:
    summary = _summary(page)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    for field in fields:
        assert f'href="#id_{field}"' in summary, field
        assert f'id="id_{field}"' in page, field  # the link leads somewhere
    assert page.count("data-error-summary") == 1
    assert "gongkai/error-summary.js" in page
    assert "<script>" not in page  # no inline script: the focus is moved by the static file


def test_application_form_hints(client):
    page = client.get(reverse("applications:apply")).content.decode()
    phone = _input(page, "phone")
    assert 'inputmode="tel"' in phone and 'autocomplete="tel"' in phone
    email = _input(page, "email")
    assert 'type="email"' in email and 'autocomplete="email"' in email
    assert 'autocomplete="off"' in _input(page, "id_number")
    assert 'autocomplete="name"' in _input(page, "name")
    assert 'autocomplete="street-address"' in _input(page, "address")
    postcode = _input(page, "postcode")
    assert 'autocomplete="postal-code"' in postcode and 'inputmode="numeric"' in postcode
    assert "data-error-summary" not in page  # nothing failed yet


def test_a_failed_application_lists_and_links_every_error(client):
    response = client.post(
        reverse("applications:apply"),
        {
            "phone": "12",
            "email": "x",
            "website": "",
            "form_token": application_guard.form_token(shown_at=time.time() - 30),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400  # a failed submit is answered as a bad request
    form = response.context["form"]
    failed = [name for name in form.errors if name in form.fields and name != "form_token"]
    assert {"name", "id_number", "description"} <= set(failed)
    _assert_summary_links_every_error(page, failed)
    summary = _summary(page)
    for name in failed:
        for error in form.errors[name]:
            assert error in summary


def test_application_status_lookup(client):
    page = client.post(reverse("applications:status"), {}).content.decode()
    assert 'autocomplete="off"' in _input(page, "tracking_number")
    assert 'autocomplete="off"' in _input(page, "query_code")
    _assert_summary_links_every_error(page, ["tracking_number", "query_code"])


def test_message_form_hints_and_summary(client):
    page = client.get(reverse("interaction:write")).content.decode()
    phone = _input(page, "phone")
    assert 'inputmode="tel"' in phone and 'autocomplete="tel"' in phone
    email = _input(page, "email")
    assert 'type="email"' in email and 'autocomplete="email"' in email
    assert 'autocomplete="name"' in _input(page, "name")
    response = client.post(
        reverse("interaction:write"),
        {
            "kind": "report",
            "phone": "123",
            "website": "",
            "form_token": interaction_guard.form_token(shown_at=time.time() - 60),
        },
    )
    page = response.content.decode()
    form = response.context["form"]
    failed = [name for name in form.errors if name in form.fields and name != "form_token"]
    assert {"title", "body", "name", "phone", "pollution_kind", "district", "location"} <= set(failed)
    summary = _summary(page)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    for name in failed:
        target = "id_captcha_1" if name == "captcha" else f"id_{name}"
        assert f'href="#{target}"' in summary, name
        assert f'id="{target}"' in page, name


def test_message_status_lookup(client):
    page = client.post(reverse("interaction:status"), {}).content.decode()
    assert 'autocomplete="off"' in _input(page, "query_code")
    _assert_summary_links_every_error(page, ["number", "query_code"])
