"""Sections, monthly results and the published-state rule: a published value never changes silently; a change
after publishing is a correction with its time and reason, shown on the public page and in the audit trail."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from gongkai.intake.models import ImportJob
from gongkai.water import colours, services
from gongkai.water.models import MonthlyResult, ResultCorrection, Section

OCTOBER = date(2026, 10, 1)
FILE = (
    "section,ph,do,codmn,nh3_n,tp\n"
    "S1,7.4,7.8,3.1,0.3,0.08\nS2,7.1,4.2,6.5,1.6,0.32\nL1,8.0,8.5,3.8,0.2,0.04\n"
)


@pytest.fixture
def sections(db):
    common = {"control_level": Section.ControlLevel.NATIONAL}
    return [
        Section.objects.create(
            code="S1", name="上游桥", water_name="清水河", water_body="river", target_class=2, **common
        ),
        Section.objects.create(
            code="S2", name="出境口", water_name="清水河", water_body="river", target_class=3, **common
        ),
        Section.objects.create(
            code="L1",
            name="湖心",
            water_name="明湖",
            water_body="lake",
            target_class=3,
            drinking_water_source=True,
            **common,
        ),
    ]


def test_import_evaluates_each_section_with_its_water_body_and_target(sections, administrator):
    summary = services.import_monthly(actor=administrator, month=date(2026, 10, 17), content=FILE.encode())
    assert (summary.created, summary.updated, summary.corrected) == (3, 0, 0)
    results = {r.section.code: r for r in MonthlyResult.objects.select_related("section")}
    assert results["S1"].month == OCTOBER
    assert (results["S1"].water_class, results["S1"].meets_target) == (2, True)
    # S2: DO 4.2 → IV, NH3-N 1.6 → V, TP 0.32 → V; CODMn 6.5 → IV.
    assert (results["S2"].water_class, results["S2"].meets_target) == (5, False)
    # L1 is a lake: TP 0.04 is Class III under the lake limits.
    assert (results["L1"].water_class, results["L1"].meets_target) == (3, True)
    assert AuditRecord.objects.filter(action="water.result_import").count() == 3


def test_main_pollutants_are_the_top_three(sections, administrator):
    services.import_monthly(actor=administrator, month=OCTOBER, content=FILE.encode())
    assert (
        MonthlyResult.objects.get(section__code="S2").main_pollutants
        == "氨氮(0.6)、总磷(0.6)、高锰酸盐指数(0.1)"
    )


def test_a_bad_file_is_refused_whole_with_line_numbers(sections, administrator):
    content = b"section,ph,tp,colour\nS1,7,abc,1\nS9,7,0.1,2\nS1,7,0.1,3\n"
    with pytest.raises(services.ImportRejected) as caught:
        services.import_monthly(actor=administrator, month=OCTOBER, content=content)
    assert caught.value.problems == ["第1行：无法识别的列“colour”。"]
    content = b"section,ph,tp\nS1,7,abc\nS9,7,0.1\nS1,7,0.1\n"
    with pytest.raises(services.ImportRejected) as caught:
        services.import_monthly(actor=administrator, month=OCTOBER, content=content)
    assert caught.value.problems == ["第2行：tp：“abc”不是数字。", "第4行：断面“S1”与第2行重复。"]
    with pytest.raises(services.ImportRejected) as caught:
        services.import_monthly(actor=administrator, month=OCTOBER, content=b"section,tp\nS9,0.1\n")
    assert caught.value.problems == ["第2行：断面编码“S9”不存在。"]
    assert not MonthlyResult.objects.exists()


def test_before_publishing_a_reimport_replaces_silently(sections, administrator):
    services.import_monthly(actor=administrator, month=OCTOBER, content=FILE.encode())
    summary = services.import_monthly(
        actor=administrator, month=OCTOBER, content=FILE.replace("0.08", "0.12").encode()
    )
    assert (summary.updated, summary.unchanged, summary.corrected) == (1, 2, 0)
    assert MonthlyResult.objects.get(section__code="S1").water_class == 3
    assert not ResultCorrection.objects.exists()


def test_after_publishing_a_change_needs_a_reason_and_becomes_a_correction(sections, administrator):
    services.import_monthly(actor=administrator, month=OCTOBER, content=FILE.encode())
    assert services.publish_month(actor=administrator, month=OCTOBER) == 3
    changed = FILE.replace("0.08", "0.12").encode()
    with pytest.raises(DomainError) as caught:
        services.import_monthly(actor=administrator, month=OCTOBER, content=changed)
    assert caught.value.field == "reason" and "S1" in caught.value.message
    assert MonthlyResult.objects.get(section__code="S1").water_class == 2  # nothing changed
    summary = services.import_monthly(
        actor=administrator, month=OCTOBER, content=changed, reason="实验室复核总磷"
    )
    assert (summary.corrected, summary.unchanged) == (1, 2)
    correction = ResultCorrection.objects.get()
    assert correction.reason == "实验室复核总磷"
    assert (correction.before["water_class"], correction.after["water_class"]) == (2, 3)
    assert correction.before["values"]["tp"] == "0.08" and correction.after["values"]["tp"] == "0.12"
    record = AuditRecord.objects.get(action="water.result_correct")
    assert "实验室复核总磷" in record.after
    # The same file again changes nothing and needs no reason.
    assert services.import_monthly(actor=administrator, month=OCTOBER, content=changed).unchanged == 3


def test_publishing_twice_is_refused(sections, administrator):
    services.import_monthly(actor=administrator, month=OCTOBER, content=FILE.encode())
    services.publish_month(actor=administrator, month=OCTOBER)
    with pytest.raises(DomainError, match="没有待发布"):
        services.publish_month(actor=administrator, month=OCTOBER)


def test_public_page_shows_only_published_months_with_badges_and_corrections(sections, administrator):
    client = Client()
    services.import_monthly(actor=administrator, month=OCTOBER, content=FILE.encode())
    page = client.get(reverse("water:monthly")).content.decode()
    assert "尚无已发布" in page and "上游桥" not in page
    services.publish_month(actor=administrator, month=OCTOBER)
    services.import_monthly(
        actor=administrator, month=OCTOBER, content=FILE.replace("0.08", "0.12").encode(), reason="复核"
    )
    page = client.get(reverse("water:monthly"), {"month": "2026-10"}).content.decode()
    assert '<span class="wq wq-3">Ⅲ类</span>' in page and '<span class="wq wq-5">Ⅴ类</span>' in page
    assert "氨氮(0.6)、总磷(0.6)、高锰酸盐指数(0.1)" in page
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d 更正：复核", page)
    assert "饮用水水源地" in page


@pytest.mark.parametrize("month", ["2026-13", "abc", "２０２６-１０", "1-1-1", "9999-12"])
def test_any_month_parameter_gives_a_page(sections, administrator, month):
    services.import_monthly(actor=administrator, month=OCTOBER, content=FILE.encode())
    services.publish_month(actor=administrator, month=OCTOBER)
    response = Client().get(reverse("water:monthly"), {"month": month})
    assert response.status_code == 200
    assert "上游桥" in response.content.decode()


def test_class_stylesheet_is_configurable_and_readable(db):
    css = Client().get(reverse("water:class_css")).content.decode()
    assert ".wq-1 { background: #0d47a1; color: #ffffff; }" in css
    with override_settings(
        WATER_CLASS_COLOURS=["#ffffff", "#eeeeee", "#00ff00", "#ffff00", "#ff9900", "#ff0000"]
    ):
        css = Client().get(reverse("water:class_css")).content.decode()
    assert ".wq-1 { background: #ffffff; color: #000000; }" in css


@pytest.mark.parametrize("background", colours.DEFAULT_CLASS_COLOURS)
def test_default_badges_meet_wcag_aa(background):
    assert colours.contrast(background, colours.text_colour(background)) >= 4.5


def test_bad_colour_settings_are_refused():
    with pytest.raises(ValueError):
        colours.stylesheet(["#fff"] * 6)


def test_staff_upload_needs_the_permission(sections, make_staff, client_for):
    url = reverse("water:staff_upload")
    assert Client().get(url).status_code == 302
    assert client_for(make_staff("leader")).get(url).status_code == 403
    assert client_for(make_staff("data_officer")).get(url).status_code == 200


def upload_job(client, month, filename, content, capture, **fields):
    with capture(execute=True):
        response = client.post(
            reverse("water:staff_upload"),
            {"month": month, "file": SimpleUploadedFile(filename, content), **fields},
        )
    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    assert response["Location"] == reverse("intake:job", args=[job.pk])
    return job


def test_staff_upload_runs_as_an_intake_job_and_publish(
    sections, make_staff, client_for, django_capture_on_commit_callbacks
):
    client = client_for(make_staff("data_officer"))
    job = upload_job(client, "2026-10", "oct.csv", FILE.encode(), django_capture_on_commit_callbacks)
    assert (job.importer, job.status, job.rows_done, job.rows_total) == ("water.monthly", "done", 3, 3)
    assert "新增3条" in job.result["summary"]
    assert MonthlyResult.objects.count() == 3
    response = client.post(reverse("water:staff_publish"), {"month": "2026-10"})
    assert response.status_code == 302
    assert MonthlyResult.objects.published().count() == 3
    changed = FILE.replace("0.08", "0.12").encode()
    job = upload_job(client, "2026-10", "oct.csv", changed, django_capture_on_commit_callbacks)
    assert job.status == "failed" and "请填写更正原因" in job.reason
    job = upload_job(
        client, "2026-10", "oct.csv", changed, django_capture_on_commit_callbacks, reason="实验室复核"
    )
    assert job.status == "done" and "更正1条" in job.result["summary"]
    assert "oct.csv" in client.get(reverse("water:staff_upload")).content.decode()  # recent jobs


def test_staff_upload_names_problems_by_excel_line_also_in_xlsx(
    sections, make_staff, client_for, django_capture_on_commit_callbacks
):
    client = client_for(make_staff("data_officer"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (("断面编码", "tp"), ("S1", "x"), (None, None), ("S9", 0.1)):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = upload_job(client, "2026-10", "oct.xlsx", buffer.getvalue(), django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert [(e["line"], e["field"]) for e in job.errors] == [(2, "tp"), (4, "")]
    assert "S9" in job.errors[1]["message"] and not MonthlyResult.objects.exists()
    bad = SimpleUploadedFile("oct.csv", b"section,tp\nS1,x\n", content_type="text/csv")
    response = client.post(reverse("water:staff_upload"), {"month": "2026-1３x", "file": bad})
    assert "月份" in response.content.decode() and response.status_code == 200


def test_export_and_api_twin_of_the_public_page(sections, administrator):
    services.import_monthly(actor=administrator, month=OCTOBER, content=FILE.encode())
    client = Client()
    assert client.get("/api/v1/water/monthly").json()["sections"] == []  # nothing published yet
    services.publish_month(actor=administrator, month=OCTOBER)
    services.import_monthly(
        actor=administrator, month=OCTOBER, content=FILE.replace("0.08", "0.12").encode(), reason="复核"
    )
    csv_text = client.get(reverse("water:monthly"), {"month": "2026-10", "export": "csv"}).content.decode(
        "utf-8-sig"
    )
    lines = csv_text.splitlines()
    assert lines[0].startswith("月份,断面编码,断面名称")
    assert lines[1].startswith("2026-10,L1,湖心,明湖,国控,Ⅲ类,良好,Ⅲ类,达标")
    assert "复核" in lines[2]  # S1 corrected
    xlsx = client.get(reverse("water:monthly"), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    data = client.get("/api/v1/water/monthly", {"month": "2026-10"}).json()
    assert data["month"] == "2026-10" and data["months"] == ["2026-10"]
    by_code = {s["section"]: s for s in data["sections"]}
    assert by_code["S2"]["water_class"] == "V"
    assert by_code["S2"]["main_pollutants"] == ["氨氮(0.6)", "总磷(0.6)", "高锰酸盐指数(0.1)"]
    assert by_code["S1"]["values"]["tp"] == "0.12"
    assert by_code["S1"]["corrections"][0]["reason"] == "复核"
    assert by_code["S1"]["corrections"][0]["before"]["values"]["tp"] == "0.08"
    assert client.get("/api/v1/water/monthly", {"month": "garbage"}).json()["month"] == "2026-10"


def test_demo_loader_is_idempotent_and_shows_a_realistic_mix(db):
    from collections import Counter

    from gongkai.water.demo import SECTIONS, load_demo

    added = load_demo(months=24)
    assert added == 24 * len(SECTIONS)
    assert load_demo(months=24) == 0
    results = MonthlyResult.objects.published()
    assert results.count() == 24 * len(SECTIONS)
    mix = Counter(results.values_list("water_class", flat=True))
    assert set(mix) >= {2, 3, 4}  # several classes, not all the same
    assert mix[2] + mix[3] > mix[4] + mix[5] + mix[6]  # mostly Ⅱ-Ⅲ, as a real basin
    lake = MonthlyResult.objects.filter(section__code="MH01").first()
    assert lake.values["tp"] and lake.section.water_body == "lake"
