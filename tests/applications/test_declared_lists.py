"""The case list's page, export and API twin show applicants' names only to staff who may see them."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.urls import reverse

from .conftest import APPLICANT_NAME, APPLICANT_PHONE


def test_masked_everywhere_for_a_leader(make_staff, client_for, register):
    application = register()
    client = client_for(make_staff("leader", username="boss"))
    page = client.get(reverse("applications:cases")).text
    exported = client.get(reverse("applications:cases"), {"export": "csv"}).content.decode("utf-8-sig")
    api = client.get("/api/v1/lists/applications-cases").json()
    assert application.tracking_number in page and application.tracking_number in exported
    for text in (page, exported, str(api)):
        assert APPLICANT_NAME not in text and APPLICANT_PHONE not in text
    assert api["results"][0]["applicant"] == application.masked_name
    # The keyword filter does not search names for someone who cannot see them.
    assert client.get("/api/v1/lists/applications-cases", {"q": APPLICANT_NAME}).json()["count"] == 0


def test_in_full_for_the_handler(client_for, handler, register):
    application = register()
    client = client_for(handler)
    api = client.get("/api/v1/lists/applications-cases", {"q": APPLICANT_NAME}).json()
    assert [row["tracking_number"] for row in api["results"]] == [application.tracking_number]
    assert api["results"][0]["applicant"] == APPLICANT_NAME
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("applications:cases"), {"export": "csv"}).content.decode("utf-8-sig")
            )
        )
    )
    assert rows[1][1] == APPLICANT_NAME


def test_the_appeal_list_filters_in_page_export_and_api(client_for, handler):
    client = client_for(handler)
    assert client.get(reverse("applications:appeals"), {"route": "nonsense"}).status_code == 200
    api = client.get("/api/v1/lists/applications-appeals", {"route": "litigation"}).json()
    assert api == {"count": 0, "page": 1, "pages": 1, "results": []}


def test_the_api_twin_refuses_the_public(client, register):
    register()
    assert client.get("/api/v1/lists/applications-cases").status_code == 401


def test_the_dashboard_tables_are_the_case_list_s_columns(make_staff, client_for, register, set_today):
    overdue = register(received_on=date(2026, 9, 1), backdate_reason="补登")
    page = client_for(make_staff("leader", username="boss")).get(reverse("applications:dashboard")).text
    section = page.split('id="list-applications-cases-overdue"')[1].split("</table>")[0]
    assert overdue.tracking_number in section and overdue.masked_name in section
    assert "逾期（" in section  # the working days left, drawn by the list's column
    assert APPLICANT_NAME not in page
    assert "export=csv" not in page  # a dashboard section has no pages or export links
