"""Staff pages (permissions, upload with progress and row errors), public pages, the API and exports."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.air import services
from gongkai.air.intake import ingest
from gongkai.air.models import DailyReport, HourlyObservation
from gongkai.audit.models import AuditRecord
from gongkai.intake import services as intake_services
from gongkai.intake.models import ApiToken, ImportJob
from tests.air.conftest import day_rows

pytestmark = pytest.mark.django_db

STAFF_URLS = {
    "air:staff_upload": ("data_officer",),
    "air:staff_observations": ("data_officer", "leader", "administrator"),
    "air:staff_corrections": ("data_officer",),
    # intake moved to core (issue 9): the data officer owns the air data and manages its tokens
    "intake:tokens": ("administrator", "data_officer"),
}
ROLES = ("administrator", "editor", "reviewer", "data_officer", "leader", "request_handler")


@pytest.mark.parametrize("url_name", STAFF_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_only_for_their_roles(city, make_staff, client_for, url_name, role):
    response = client_for(make_staff(role)).get(reverse(url_name))
    assert response.status_code == (200 if role in STAFF_URLS[url_name] else 403)


def test_staff_pages_need_sign_in(city):
    response = Client().get(reverse("air:staff_upload"))
    assert response.status_code == 302


def create_token(actor, name="监控平台"):
    return intake_services.create_token(actor=actor, name=name, importer="air.observations")


def test_token_revoke_is_for_the_roles_owning_the_data(city, make_staff, client_for, administrator):
    token, _plain = create_token(administrator)
    url = reverse("intake:token_revoke", args=[token.pk])
    assert client_for(make_staff("leader")).post(url).status_code == 403
    assert client_for(administrator).post(url).status_code == 302
    assert ApiToken.objects.get().revoked_at is not None


def _csv(rows: list[dict]) -> bytes:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join(str(row[k]) for k in header) for row in rows]
    return ("\ufeff" + "\n".join(lines)).encode()


def test_upload_imports_and_shows_the_result(
    city, make_staff, client_for, django_capture_on_commit_callbacks
):
    client = client_for(make_staff("data_officer"))
    upload = SimpleUploadedFile("data.csv", _csv(day_rows("A1", date(2026, 2, 10))), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("air:staff_upload"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == reverse("intake:job", args=[job.pk])
    assert (job.status, job.result["created"], job.rows_done, job.rows_total) == ("done", 24, 24, 24)
    page = client.get(response.url).content.decode()
    assert "新增 24 行" in page
    assert HourlyObservation.objects.count() == 24


def test_upload_xlsx_with_errors_reports_rows_and_imports_nothing(
    city, make_staff, client_for, django_capture_on_commit_callbacks
):
    from io import BytesIO

    from openpyxl import Workbook

    rows = day_rows("A1", date(2026, 2, 10))
    rows[2]["pm2_5"] = "很高"
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = BytesIO()
    book.save(buffer)
    client = client_for(make_staff("data_officer"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("air:staff_upload"), {"file": SimpleUploadedFile("d.xlsx", buffer.getvalue())})
    job = ImportJob.objects.get()
    assert job.status == "failed"
    # the third data row is line 4 in Excel (the header is line 1)
    assert job.errors == [{"line": 4, "field": "pm2_5", "message": "浓度不是数字。"}]
    page = client.get(reverse("intake:job", args=[job.pk])).content.decode()
    assert "浓度不是数字" in page
    assert not HourlyObservation.objects.exists()


def test_upload_rejects_other_file_types(city, make_staff, client_for):
    client = client_for(make_staff("data_officer"))
    response = client.post(reverse("air:staff_upload"), {"file": SimpleUploadedFile("d.txt", b"x")})
    assert "只接受 CSV 或 XLSX 文件" in response.content.decode()


def test_import_status_belongs_to_its_uploader(city, make_staff, client_for):
    owner = make_staff("data_officer")
    job = ImportJob.objects.create(importer="air.observations", uploaded_by=owner, filename="a.csv")
    assert client_for(make_staff("data_officer")).get(reverse("intake:job", args=[job.pk])).status_code == 404


# --- API --------------------------------------------------------------------------------------


def _post(token: str | None, body) -> object:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().post(
        "/api/v1/air/observations", data=json.dumps(body), content_type="application/json", **headers
    )


def test_api_token_is_stored_hashed_and_shown_once(city, administrator):
    token, plain = create_token(administrator)
    assert plain not in (token.digest, token.prefix) and len(token.digest) == 64
    assert not ApiToken.objects.filter(digest=plain).exists()


def test_api_requires_a_valid_active_token(city, administrator):
    token, plain = create_token(administrator)
    body = {"observations": day_rows("A1", date(2026, 2, 10))}
    assert _post(None, body).status_code == 401
    assert _post("wrong", body).status_code == 401
    intake_services.revoke_token(actor=administrator, token=token)
    assert _post(plain, body).status_code == 403
    assert not HourlyObservation.objects.exists()


def test_api_submission_is_idempotent_and_reports_counts_and_row_errors(city, administrator):
    _token, plain = create_token(administrator)
    rows = day_rows("A1", date(2026, 2, 10))
    first = _post(plain, {"observations": rows})
    assert (first.status_code, first.json()["created"]) == (200, 24)
    rows[0]["pm10"] = "99"
    second = _post(plain, {"observations": rows}).json()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 1, 23)
    rows[1]["station"] = "NOPE"
    bad = _post(plain, {"observations": rows})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["row"] == 2
    assert _post(plain, [1, 2]).status_code == 400
    assert ApiToken.objects.get().last_used_at is not None


def test_api_refuses_an_hour_that_has_not_ended_with_a_chinese_row_error(city, administrator):
    from django.utils import timezone

    _token, plain = create_token(administrator)
    current = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    rows = [{"station": "A1", "time": current.strftime("%Y-%m-%d %H:00"), "pm10": "80"}]
    response = _post(plain, {"observations": rows})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["row"], error["field"]) == (1, "time") and "尚未结束" in error["message"]
    assert not HourlyObservation.objects.exists()


# --- public pages, publishing, API twins and exports ----------------------------------------------


@pytest.fixture
def published(city, settings):
    # Two of the three stations report (A2 is silent): the real-time city and 东区 are published
    # with a station share of one half (the share's own tests are below).
    settings.AIR_REALTIME_MIN_STATION_SHARE = 0.5
    day = date(2026, 2, 10)
    ingest(rows=day_rows("A1", day, pm2_5=50, pm10=70) + day_rows("B1", day), channel="api")
    services.publish_daily_report(day=day)
    return day


def test_daily_report_is_published_by_the_periodic_task_without_anyone(city):
    from gongkai.air.tasks import publish_daily_report

    yesterday = timezone.localdate() - timedelta(days=1)
    for station in ("A1", "A2", "B1"):  # every station's 24 hours: published at the next run
        ingest(rows=day_rows(station, yesterday), channel="api")
    assert not DailyReport.objects.exists()
    publish_daily_report.call_local()
    report = DailyReport.objects.get()
    assert report.date == yesterday and report.published_at is not None
    response = Client().get(reverse("air:daily"))
    assert yesterday.strftime("%Y年%-m月%-d日") in response.content.decode()


def test_the_worker_waits_for_complete_data_until_its_last_run(city):
    now = timezone.localtime().replace(hour=3, minute=5, second=0, microsecond=0)
    yesterday = now.date() - timedelta(days=1)
    ingest(rows=day_rows("A1", yesterday) + day_rows("B1", yesterday), channel="api")  # A2 silent
    assert services.publish_previous_day(now=now) is None and not DailyReport.objects.exists()
    last_run = now.replace(hour=services.LAST_RUN_HOUR)
    report = services.publish_previous_day(now=last_run)  # 11:05: published with what has arrived
    assert report.date == yesterday and report.published_at is not None


def test_unpublished_days_are_not_public(city):
    ingest(rows=day_rows("A1", date(2026, 2, 11)), channel="api")
    page = Client().get(reverse("air:daily"), {"date": "2026-02-11"}).content.decode()
    assert "尚未发布" in page
    assert Client().get("/api/v1/air/daily", {"date": "2026-02-11"}).status_code == 404
    assert Client().get("/api/v1/air/history", {"start": "2026-02-01", "end": "2026-02-28"}).json() == []


def test_daily_page_and_api_twin(published):
    page = Client().get(reverse("air:daily"), {"date": "2026-02-10"}).content.decode()
    assert "甲站" in page and "HJ 633-2012" in page and ">69<" in page
    data = Client().get("/api/v1/air/daily", {"date": "2026-02-10"}).json()
    station = next(row for row in data["stations"] if row["code"] == "A1")
    assert (station["aqi"], station["category"], station["primary_pollutants"]) == (69, "良", ["PM2.5"])


def test_realtime_page_shows_the_latest_hour_and_the_unaudited_notice(published):
    page = Client().get(reverse("air:realtime"))
    text = page.content.decode()
    assert "实时数据未经审核" in text and "2026-02-11 00:00" in text  # the hour 23:00-24:00, by its end
    assert 'id="air-chart-data"' in text and "echarts-air.min.js" in text
    data = Client().get("/api/v1/air/realtime").json()
    a1 = next(row for row in data["stations"] if row["code"] == "A1")
    # Real-time report: PM2.5 50 against the daily breakpoints of HJ 633-2012 → IAQI 69.
    assert (a1["aqi"], a1["iaqi"]["pm2_5"], a1["concentrations"]["pm2_5"]) == (69, 69, 50)
    assert data["city"]["concentrations"]["pm2_5"] == 45  # mean of 50 and 40
    # Shown as measured: µg/m³ without a trailing ".0", CO (mg/m³) with one decimal.
    assert "50（69）" in text and "0.8（" in text and "50.0（" not in text


def test_history_form_shows_the_default_period(published):
    page = Client().get(reverse("air:history"))
    today = timezone.localdate()
    assert page.context["form"]["end"].value() == today.isoformat()
    assert page.context["form"]["start"].value() == (today - timedelta(days=30)).isoformat()


def test_realtime_moving_means_are_published_beside_the_aqi_with_their_validity_rules(published):
    # A2 reports 19 hours (04:00-22:00): too few for a 24-hour mean (≥ 20), enough for the O3
    # 8-hour mean (7 of the last 8 hours, ≥ 6). Its 1-hour values are missing at 23:00.
    a2_day = day_rows("A2", published, o3=90, pm2_5=30)
    a2_rows = [row for row in a2_day if "04:00" <= row["time"][-5:] <= "22:00"]
    ingest(rows=a2_rows, channel="api")
    data = Client().get("/api/v1/air/realtime").json()
    stations = {row["code"]: row for row in data["stations"]}
    assert stations["A1"]["moving_means"] == {"o3_8h": 60, "pm10_24h": 70, "pm2_5_24h": 50}
    assert stations["A2"]["moving_means"] == {"o3_8h": 90, "pm10_24h": None, "pm2_5_24h": None}
    assert stations["A2"]["aqi"] is None  # the moving means never stand in for the 1-hour values
    # City: the mean of the valid station values.
    assert data["city"]["moving_means"] == {"o3_8h": 70, "pm10_24h": 75, "pm2_5_24h": 45}
    text = Client().get(reverse("air:realtime")).content.decode()
    assert "PM₂.₅-24h" in text and "不参与实时 AQI 计算" in text


def test_daily_and_realtime_tables_export_as_csv_and_xlsx(published):
    client = Client()
    daily = client.get(reverse("air:daily"), {"date": "2026-02-10", "export": "csv"})
    lines = daily.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("日期,类型,编码,名称,so2")
    assert any(
        line.startswith("2026-02-10,站点,A1,甲站,") and ",69,2,二级,良,PM2.5,HJ 633-2012" in line
        for line in lines
    )
    assert client.get(reverse("air:daily"), {"date": "2026-02-10", "export": "xlsx"}).content[:2] == b"PK"
    realtime = client.get(reverse("air:realtime"), {"export": "csv"}).content.decode("utf-8-sig").splitlines()
    assert realtime[0].endswith("o3_8h,pm10_24h,pm2_5_24h,AQI,级别,类别,首要污染物,评价标准")
    a1 = next(line for line in realtime if ",A1," in line)
    assert a1.startswith("2026-02-10T23:00:00+08:00,站点,A1,甲站,") and a1.endswith(
        ",60,70,50,69,2,良,PM2.5,HJ 633-2012"  # moving means as published, rounded once
    )


def test_missing_values_show_na_under_both_standards(city):
    # HJ 633-2026 Tables 4 and 5: a missing indicator is printed "NA"; with NO2 missing and AQI ≤ 100
    # the AQI, level and category are withheld (5.3.1) and printed "NA" too.
    day = date(2026, 3, 10)
    rows = [{**row, "no2": ""} for row in day_rows("A1", day)]
    ingest(rows=rows, channel="api")
    services.publish_daily_report(day=day)
    daily = Client().get(reverse("air:daily"), {"date": "2026-03-10"})
    a1 = next(v for v in daily.context["stations"] if v.station.code == "A1")
    assert (a1.aqi, a1.missing, a1.category) == (None, "NA", "NA")
    assert '<span class="aqi aqi-0">NA</span>' in daily.content.decode()
    realtime = Client().get(reverse("air:realtime")).content.decode()
    assert "<td>NA</td>" in realtime
    old_day = date(2026, 2, 10)
    ingest(rows=[{**row, "no2": ""} for row in day_rows("A2", old_day)], channel="api")
    services.publish_daily_report(day=old_day)
    before = Client().get(reverse("air:daily"), {"date": "2026-02-10"})
    a2 = next(v for v in before.context["stations"] if v.station.code == "A2")
    # HJ 633-2012 Tables 3/4 notes: "NA" too; it has no completeness rule, so the AQI is published.
    assert a2.missing == "NA" and a2.aqi is not None
    assert "<td>NA</td>" in before.content.decode()


def test_history_page_charts_the_city_or_the_selected_station(published):
    client = Client()
    page = client.get(reverse("air:history"), {"start": "2026-02-01", "end": "2026-02-28"})
    chart = page.context["chart"]
    assert (chart["name"], chart["dates"]) == ("测试市", ["2026-02-10"])
    assert 'id="air-history-data"' in page.content.decode()
    query = {"start": "2026-02-01", "end": "2026-02-28", "station": "A1"}
    station = client.get(reverse("air:history"), query)
    assert (station.context["chart"]["name"], station.context["chart"]["aqi"]) == ("甲站", [69])
    assert station.context["chart"]["levels"] == [2]


def test_history_page_exports_and_api_twin(published):
    client = Client()
    page = client.get(reverse("air:history"), {"start": "2026-02-01", "end": "2026-02-28"})
    assert "甲站" in page.content.decode()
    csv = client.get(reverse("air:history"), {"start": "2026-02-01", "end": "2026-02-28", "export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("日期,站点编码") and "2026-02-10,A1,甲站" in text
    xlsx = client.get(reverse("air:history"), {"start": "2026-02-01", "end": "2026-02-28", "export": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    rows = client.get(
        "/api/v1/air/history", {"start": "2026-02-01", "end": "2026-02-28", "station": "A1"}
    ).json()
    assert [(r["date"], r["aqi"]) for r in rows] == [("2026-02-10", 69)]
    assert client.get("/api/v1/air/history", {"start": "2026-03-01", "end": "2026-02-01"}).status_code == 400


def test_stations_api(city):
    data = Client().get("/api/v1/air/stations").json()
    assert [s["code"] for s in data] == ["A1", "A2", "B1"]
    assert data[0]["control_level"] == "国控"


def test_staff_observation_export(published, make_staff, client_for):
    response = client_for(make_staff("leader")).get(reverse("air:staff_observations"), {"export": "csv"})
    assert response.content.decode("utf-8-sig").count("\n") >= 48


def _legend(page: str, standard: str) -> str:
    start = page.index(f'id="air-levels-{standard}"')
    return page[start : page.index("</table>", start)]


def test_every_air_page_shows_the_health_effects_and_advice_of_each_level(published):
    from gongkai.air import aqi

    client = Client()
    pages = {
        "realtime": client.get(reverse("air:realtime")).content.decode(),
        "daily": client.get(reverse("air:daily"), {"date": "2026-02-10"}).content.decode(),
        "history": client.get(
            reverse("air:history"), {"start": "2026-02-01", "end": "2026-02-28"}
        ).content.decode(),
    }
    for name, page in pages.items():
        # Data of February 2026 is judged by HJ 633-2012: its texts, not 2026's, for every level.
        legend = _legend(page, "2012")
        for level in aqi.LEVELS[aqi.Standard.HJ_633_2012]:
            assert level.health_effect in legend and level.advice in legend, (name, level.number)
        assert ">0–50<" in legend and ">&gt;300<" in legend
        assert 'id="air-levels-2026"' not in page, name
    # A period across 1 March 2026 shows both standards' texts.
    both = client.get(reverse("air:history"), {"start": "2026-02-01", "end": "2026-03-15"}).content.decode()
    assert aqi.ADVICE_2026[2] in _legend(both, "2026") and aqi.ADVICE_2012[2] in _legend(both, "2012")


def test_api_times_are_beijing_time_with_their_offset(published):
    realtime = Client().get("/api/v1/air/realtime").json()
    assert realtime["hour"] == "2026-02-11T00:00:00+08:00"
    assert realtime["hour_start"] == "2026-02-10T23:00:00+08:00"
    daily = Client().get("/api/v1/air/daily", {"date": "2026-02-10"}).json()
    assert daily["published_at"].endswith("+08:00")


def test_staff_observation_list_filters_by_date_and_station_with_chinese_headings(
    city, make_staff, client_for
):
    ingest(
        rows=day_rows("A1", date(2026, 2, 10))
        + day_rows("B1", date(2026, 2, 10))
        + day_rows("A1", date(2026, 2, 11)),
        channel="api",
    )
    client = client_for(make_staff("data_officer"))
    url = reverse("air:staff_observations")
    page = client.get(url).content.decode()
    for heading in ("时段开始", "二氧化硫（µg/m³）", "细颗粒物PM₂.₅（µg/m³）", "来源"):
        assert heading in page
    assert 'type="date" name="date"' in page and 'name="station"' in page
    assert ">so2<" not in page and ">pm2_5<" not in page

    def count(params):
        response = client.get(url, {**params, "export": "csv"})
        return response.content.decode("utf-8-sig").strip().count("\n")  # data lines after the heading

    assert count({}) == 72
    assert count({"date": "2026-02-10"}) == 48  # 00:00–23:00 local of that day only
    assert count({"date": "2026-02-11", "station": "A1"}) == 24
    assert count({"date": "2026-02-10", "station": "A1"}) == 24
    assert count({"date": "2026-02-12"}) == 0
    assert count({"date": "not-a-date"}) == 72  # ignored, not an error


@pytest.mark.parametrize(
    ("proxies", "meta", "recorded"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}, "198.51.100.9"),
    ],
)
def test_an_upload_records_the_uploader_ip(
    city, make_staff, client_for, settings, django_capture_on_commit_callbacks, proxies, meta, recorded
):
    settings.PROXY_COUNT = proxies
    client = client_for(make_staff("data_officer"))
    upload = SimpleUploadedFile("data.csv", _csv(day_rows("A1", date(2026, 2, 10))), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("air:staff_upload"), {"file": upload}, **meta)
    job = ImportJob.objects.get()
    assert job.uploaded_ip == recorded
    assert AuditRecord.objects.get(action="intake.job_start").ip == recorded


def test_an_upload_with_an_hour_that_has_not_ended_is_refused_in_chinese(
    city, make_staff, client_for, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    current = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    rows = [{"station": "A1", "time": current.strftime("%Y-%m-%d %H:00"), "pm10": "80"}]
    client = client_for(make_staff("data_officer"))
    upload = SimpleUploadedFile("data.csv", _csv(rows), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("air:staff_upload"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert [(e["line"], e["field"]) for e in job.errors] == [(2, "time")]  # line 2: below the heading
    assert "尚未结束" in job.errors[0]["message"]
    assert not HourlyObservation.objects.exists()
