"""The importers of the existing apps on intake: the air upload and API (the overflowing date that
crashed the air import), the progress page (htmx polling under the CSP), and the disclosure legacy
import in the worker."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.air.models import HourlyObservation
from gongkai.disclosure.models import Document
from gongkai.intake import services
from gongkai.intake.models import ImportJob
from tests.air.conftest import day_rows
from tests.disclosure.test_importing import LEGACY_HEADERS, legacy_row, xlsx

pytestmark = pytest.mark.django_db

OVERFLOW = "0001-01-01T00:00:00+14:00"  # before year 1 once converted to local time


def csv_of(rows: list[dict], encoding="gbk") -> bytes:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(str(row[k]) for k in header) for row in rows]
    return "\r\n".join(lines).encode(encoding)


@pytest.fixture
def officer(make_staff):
    return make_staff("data_officer")


def test_an_overflowing_date_is_a_row_error_in_an_upload(city, officer, client_for, run_jobs):
    rows = day_rows("A1", date(2026, 2, 10))
    rows[4]["time"] = OVERFLOW
    client = client_for(officer)
    with run_jobs():
        response = client.post(
            reverse("air:staff_upload"), {"file": SimpleUploadedFile("d.csv", csv_of(rows))}
        )
    job = ImportJob.objects.get()
    assert response.url == reverse("intake:job", args=[job.pk])
    assert job.status == "failed"
    assert job.errors == [{"line": 6, "field": "time", "message": "时间格式应为 YYYY-MM-DD HH:00。"}]
    assert not HourlyObservation.objects.exists()


def test_an_overflowing_date_is_a_row_error_in_the_api(city, officer):
    _token, plain = services.create_token(actor=officer, name="省站平台", importer="air.observations")
    rows = day_rows("A1", date(2026, 2, 10))
    rows[0]["time"] = OVERFLOW
    response = Client().post(
        "/api/v1/air/observations",
        data=json.dumps({"observations": rows}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 1, "field": "time", "message": "时间格式应为 YYYY-MM-DD HH:00。"}
    ]


def test_a_gbk_upload_is_imported_and_the_page_shows_rows_done_of_total(
    city,
    officer,
    client_for,
    run_jobs,
):
    client = client_for(officer)
    with run_jobs():
        response = client.post(
            reverse("air:staff_upload"),
            {"file": SimpleUploadedFile("d.csv", csv_of(day_rows("A1", date(2026, 2, 10))))},
        )
    page = client.get(response.url).text
    assert "新增 24 行" in page
    assert "hx-trigger" not in page  # finished: the page stops polling
    assert HourlyObservation.objects.count() == 24


def test_a_running_job_page_polls_with_htmx_and_no_inline_script(city, officer, client_for):
    job = ImportJob.objects.create(
        importer="air.observations",
        uploaded_by=officer,
        filename="d.csv",
        status="running",
        rows_done=5000,
        rows_total=12000,
    )
    client = client_for(officer)
    response = client.get(reverse("intake:job", args=[job.pk]))
    page = response.text
    assert "已处理 5000 / 12000 行" in page and "排队中" not in page
    assert f'hx-get="{reverse("intake:job_status", args=[job.pk])}"' in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    fragment = client.get(reverse("intake:job_status", args=[job.pk])).text
    assert fragment.startswith("<div") and "已处理 5000 / 12000 行" in fragment and "<html" not in fragment


def test_the_job_page_is_its_uploaders_and_needs_the_importers_permission(
    city, officer, make_staff, client_for
):
    job = ImportJob.objects.create(importer="air.observations", uploaded_by=officer, filename="d.csv")
    assert client_for(make_staff("data_officer")).get(reverse("intake:job", args=[job.pk])).status_code == 404
    officer.groups.clear()
    officer.groups.add(*make_staff("editor").groups.all())
    assert client_for(officer).get(reverse("intake:job", args=[job.pk])).status_code == 403


def test_the_legacy_import_runs_in_the_worker_not_in_the_request(
    admin_user,
    catalogue,
    client_for,
    django_capture_on_commit_callbacks,
):
    client = client_for(admin_user)
    upload = SimpleUploadedFile("legacy.xlsx", xlsx(LEGACY_HEADERS, legacy_row(**{"附件": ""})))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("disclosure:staff_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert (job.importer, job.status, response.url) == (
        "disclosure.legacy",
        "queued",
        reverse("intake:job", args=[job.pk]),
    )
    assert not Document.objects.exists()  # the request only queued the job
    for callback in queued:
        callback()  # what the commit does: hand the job to the worker
    job.refresh_from_db()
    assert job.status == "done" and Document.objects.count() == 1
    assert not Document.objects.published().exists()  # published only by a reviewer's bulk decision
    assert job.result["rows"][0]["line"] == 2 and "待批量保密审查" in job.result["rows"][0]["result"]
    assert job.result["batch"] == Document.objects.get().legacy_row.batch_id
    assert (job.rows_done, job.rows_total) == (2, 2)


def test_legacy_row_errors_name_the_excel_line(admin_user, catalogue, run_jobs):
    rows = [legacy_row(**{"附件": ""}), legacy_row(**{"目录编码": "99", "附件": ""})]
    with run_jobs():
        job = services.start_job(
            actor=admin_user,
            importer="disclosure.legacy",
            filename="l.xlsx",
            content=xlsx(LEGACY_HEADERS, *rows),
        )
    job.refresh_from_db()
    assert job.status == "failed" and [error["line"] for error in job.errors] == [3]
    assert "目录编码“99”不存在" in job.errors[0]["message"]
    assert not Document.objects.exists()
