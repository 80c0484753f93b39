"""Reads of applicants' personal data leave an audit record (GB/T 22239-2019 8.1.4.3 a): the case
page with identity fields in full, the signed letter, identity attachments and exports of the
case list. Staff who see the masked page leave none, because they saw no personal data."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Attachment
from gongkai.audit.models import AuditRecord
from gongkai.audit.services import verify

from .conftest import FIXED_TODAY

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def signed_case(register, handler, legal, leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = register(received_on=date(2026, 10, 12), backdate_reason="补登")
    letter = services.draft_reply(actor=handler, application=application, outcome="unavailable_not_held")
    services.submit_for_legal_review(actor=handler, letter=letter)
    services.review_reply(actor=legal, letter=letter, approve=True, opinion="同意")
    services.sign_reply(actor=leader, letter=letter, signed_on=FIXED_TODAY)
    services.add_attachment(
        actor=handler,
        application=application,
        kind="other",
        upload=SimpleUploadedFile("id.png", PNG, content_type="image/png"),
    )
    return application


def reads(action: str, user) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(action=action, actor_id=user.pk).order_by("seq"))


@pytest.mark.django_db
def test_viewing_the_applicants_identity_is_recorded_for_the_viewer(signed_case, handler, client_for):
    assert client_for(handler).get(reverse("applications:case", args=[signed_case.pk])).status_code == 200
    (entry,) = reads("application.view_applicant", handler)
    assert (entry.target_type, entry.target_id) == ("applications.application", str(signed_case.pk))
    assert entry.action_label == "查看申请人身份信息"
    assert verify().ok


@pytest.mark.django_db
def test_the_masked_case_page_is_not_a_read_of_personal_data(signed_case, leader, client_for):
    assert client_for(leader).get(reverse("applications:case", args=[signed_case.pk])).status_code == 200
    assert reads("application.view_applicant", leader) == []


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_downloading_the_letter_is_recorded(signed_case, handler, client_for, fmt):
    response = client_for(handler).get(reverse("applications:letter_file", args=[signed_case.pk, fmt]))
    assert response.status_code == 200
    (entry,) = reads("application.letter.download", handler)
    assert entry.after_data == {"file": f"答复书-{signed_case.tracking_number}.{fmt}"}


@pytest.mark.django_db
def test_downloading_an_attachment_is_recorded(signed_case, handler, client_for):
    attachment = Attachment.objects.get(application=signed_case)
    url = reverse("applications:attachment", args=[signed_case.pk, attachment.pk])
    assert client_for(handler).get(url).status_code == 200
    (entry,) = reads("application.attachment.download", handler)
    assert entry.after_data["attachment"] == attachment.pk
    assert entry.target_id == str(signed_case.pk)


@pytest.mark.django_db
def test_a_refused_download_leaves_no_read_record(signed_case, leader, client_for):
    response = client_for(leader).get(reverse("applications:letter_file", args=[signed_case.pk, "pdf"]))
    assert response.status_code == 403
    assert reads("application.letter.download", leader) == []


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exporting_the_case_list_is_recorded_with_its_filters(signed_case, handler, client_for, fmt):
    response = client_for(handler).get(reverse("applications:cases"), {"export": fmt, "status": "open"})
    assert response.status_code == 200
    (entry,) = reads("application.list.export", handler)
    assert entry.target_id == "applications-cases"
    assert entry.after_data == {"output": fmt, "filters": {"status": "open"}}


@pytest.mark.django_db
def test_reading_the_case_list_through_the_api_is_recorded(signed_case, handler, client_for):
    response = client_for(handler).get("/api/v1/lists/applications-cases")
    assert response.status_code == 200
    (entry,) = reads("application.list.export", handler)
    assert entry.after_data["output"] == "api page 1"


@pytest.mark.django_db
def test_browsing_the_case_list_page_is_not_an_export(signed_case, handler, client_for):
    assert client_for(handler).get(reverse("applications:cases")).status_code == 200
    assert reads("application.list.export", handler) == []
