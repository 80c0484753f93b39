"""End to end through every registry the plugin app uses, run with tests.plugin_app.settings (the
platform's settings plus this app in INSTALLED_APPS) — nothing else of the platform was edited."""

import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core import menu
from gongkai.core.sequences import current_value
from gongkai.intake.models import ImportJob
from tests.plugin_app.models import Reading
from tests.plugin_app.services import create_reading

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_staff):
    return make_staff("data_officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_the_menu_entry_shows_for_the_permission_only(make_staff, officer, client):
    editor = make_staff("editor")
    assert "读数" in [str(entry.label) for entry in menu.entries_for(officer)]
    assert "读数" not in [str(entry.label) for entry in menu.entries_for(editor)]
    client.force_login(officer)
    assert "/staff/plugin/readings/" in client.get("/staff/").content.decode()
    client.force_login(editor)
    assert client.get("/staff/plugin/readings/").status_code == 403


def test_the_public_section_is_in_the_navigation(client):
    assert 'href="/plugin/"' in client.get("/").content.decode()


def test_the_sequence_numbers_readings_per_year(officer):
    first = create_reading(actor=officer, station="甲", value=1)
    second = create_reading(actor=officer, station="乙", value=2)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"插读〔{year}〕1号", f"插读〔{year}〕2号")
    assert current_value("plugin_app.reading", year) == 2


def test_the_declared_list_gives_page_csv_xlsx_and_api(officer, officer_client, client):
    create_reading(actor=officer, station="东站", value=12.5)
    create_reading(actor=officer, station="西站", value=3)
    page = officer_client.get("/staff/plugin/readings/", {"q": "东"}).content.decode()
    assert "东站" in page and "西站" not in page

    csv_text = officer_client.get("/staff/plugin/readings/", {"export": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "编号,站点,读数"
    assert "东站" in csv_text and "西站" in csv_text

    response = officer_client.get("/staff/plugin/readings/", {"export": "xlsx", "sort": "old"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("编号", "站点", "读数")
    assert [row[1] for row in rows[1:]] == ["东站", "西站"]

    api = officer_client.get("/api/v1/lists/plugin-readings", {"q": "西"}).json()
    assert [item["station"] for item in api["results"]] == ["西站"]
    assert "plugin-readings" in str(officer_client.get("/api/v1/lists").json())
    client.logout()
    assert client.get("/api/v1/lists/plugin-readings").status_code == 401


def test_the_import_job_stores_clean_rows_and_names_excel_lines(
    officer_client, django_capture_on_commit_callbacks
):
    content = "站点,读数\n甲站,1.5\n乙站,不是数字\n,2\n丁站,-1\n戊站,4\n".encode("gbk")
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            "/staff/plugin/upload/", {"file": SimpleUploadedFile("readings.csv", content)}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/intake/jobs/{job.pk}/"
    assert (job.importer, job.status, job.rows_total) == ("plugin_app.readings", "done", 5)
    assert [(error["line"], error["field"]) for error in job.errors] == [
        (3, "读数"),
        (4, "站点"),
        (5, "value"),
    ]
    assert "读数不能为负数" in job.errors[2]["message"]  # the service's DomainError, line 5
    assert sorted(Reading.objects.values_list("station", flat=True)) == ["戊站", "甲站"]
    assert officer_client.get(response["Location"]).status_code == 200


def test_sitemap_lists_the_readings(officer, client):
    reading = create_reading(actor=officer, station="甲", value=1)
    assert f"/plugin/{reading.pk}/</loc>" in client.get("/sitemap.xml").content.decode()


def test_the_cli_group_is_listed_and_runs(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.plugin_app.settings",
        "PYTHONPATH": str(ROOT),
        "GONGKAI_DATA_DIR": str(tmp_path),
    }
    env.pop("PYTEST_VERSION", None)
    env.pop("DATABASE_URL", None)

    def gongkai(*args):
        return subprocess.run(
            [sys.executable, "-m", "gongkai.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    listing = gongkai("--help")
    assert listing.returncode == 0 and "plugin" in listing.stdout
    help_text = gongkai("plugin", "--help")
    assert help_text.returncode == 0 and "插件示例" in help_text.stdout
    counted = gongkai("plugin", "count")
    assert (counted.returncode, counted.stdout.strip()) == (0, "共 0 条读数。"), counted.stderr
