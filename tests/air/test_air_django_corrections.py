"""A published daily report is frozen: later data changes make a pending correction that air staff
publish with a reason; the public report then shows the corrected values with a 更正 notice (time,
reason, before → after) under its first 发布时间 — never a silent change."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.air import services
from gongkai.air.intake import ingest
from gongkai.air.models import POLLUTANTS, DailyReport, DailyReportCorrection, Flag, HourlyObservation
from gongkai.audit.models import AuditRecord
from gongkai.core.errors import DomainError
from tests.air.conftest import day_rows

pytestmark = pytest.mark.django_db

DAY = date(2026, 2, 10)


@pytest.fixture
def published(city):
    ingest(rows=day_rows("A1", DAY, pm2_5=50, pm10=70) + day_rows("B1", DAY), channel="api")
    return services.publish_daily_report(day=DAY)


def _a1(client_or_none=None) -> dict:
    data = (client_or_none or Client()).get("/api/v1/air/daily", {"date": DAY.isoformat()}).json()
    return next(row for row in data["stations"] if row["code"] == "A1")


def _pending() -> DailyReportCorrection:
    return DailyReportCorrection.objects.get(status=DailyReportCorrection.Status.PENDING)


def _observation(hour: int) -> HourlyObservation:
    moment = timezone.make_aware(datetime.combine(DAY, time(hour)))
    return HourlyObservation.objects.get(station__code="A1", hour=moment)


def _edit_form(observation: HourlyObservation, reason: str, **changes) -> dict:
    data = {
        name: "" if getattr(observation, name) is None else getattr(observation, name) for name in POLLUTANTS
    }
    data |= {f"{name}_flag": getattr(observation, f"{name}_flag") for name in POLLUTANTS}
    return {**data, **changes, "reason": reason}


def test_new_data_after_publishing_leave_the_public_report_as_published(published):
    assert (_a1()["aqi"], _a1()["pm2_5"]) == (69, 50)
    corrected = day_rows("A1", DAY, pm2_5=80, pm10=70)  # a resubmitted day, far higher PM2.5
    ingest(rows=corrected, channel="api")
    # page, API, history and statistics still show what was published
    assert (_a1()["aqi"], _a1()["pm2_5"]) == (69, 50)
    page = Client().get(reverse("air:daily"), {"date": DAY.isoformat()}).content.decode()
    assert "50（69）" in page and "更正时间" not in page and 'id="air-daily-corrections"' not in page
    history = Client().get("/api/v1/air/history", {"start": "2026-02-01", "end": "2026-02-28"}).json()
    assert {row["station"]: row["aqi"] for row in history}["A1"] == 69
    # ... and the difference waits as a pending correction, before → after as the page shows them
    pending = _pending()
    a1 = {c["field"]: (c["before"], c["after"]) for c in pending.changes if c["code"] == "A1"}
    assert a1["aqi"] == ("69", "107") and a1["pm2_5"] == ("50（69）", "80（107）")
    assert a1["category"] == ("良", "轻度污染")
    assert pending.triggers[-1]["what"].startswith("接口上报")


def test_data_back_to_what_was_published_drop_the_pending_correction(published):
    ingest(rows=day_rows("A1", DAY, pm2_5=80, pm10=70), channel="api")
    assert DailyReportCorrection.objects.count() == 1
    ingest(rows=day_rows("A1", DAY, pm2_5=50, pm10=70), channel="api")
    assert not DailyReportCorrection.objects.exists()


def test_the_worker_does_not_republish_a_published_report(published):
    ingest(rows=day_rows("A2", DAY), channel="api")  # a silent station's late day
    report = services.publish_daily_report(day=DAY)
    assert report.published_at == published.published_at and report.corrected_at is None
    data = Client().get("/api/v1/air/daily", {"date": DAY.isoformat()}).json()
    assert next(row for row in data["stations"] if row["code"] == "A2")["aqi"] is None  # as published
    changes = {(c["code"], c["field"]): (c["before"], c["after"]) for c in _pending().changes}
    assert changes[("A2", "aqi")] == ("NA", "65")  # the late station waits in the correction


def test_staff_edit_of_an_hour_needs_a_reason_and_is_audited(published, make_staff, client_for):
    officer = client_for(make_staff("data_officer"))
    observation = _observation(8)
    url = reverse("air:staff_observation", args=[observation.pk])
    assert officer.get(url).status_code == 200
    refused = officer.post(url, _edit_form(observation, "", pm2_5="400"))
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    assert _observation(8).pm2_5 == 50
    response = officer.post(
        url, _edit_form(observation, "仪器漂移，经核查标记为无效", pm2_5_flag=Flag.INVALID)
    )
    assert response.status_code == 302 and response["Location"] == reverse("air:staff_corrections")
    stored = _observation(8)
    assert stored.pm2_5_flag == Flag.INVALID and stored.channel == "staff"
    record = AuditRecord.objects.get(action="air.observation_correct")
    assert "仪器漂移" in record.after and "invalid" in record.after
    # 23 valid hours still make a daily mean, so the published values stay and nothing shown changed
    assert not DailyReportCorrection.objects.exists()


def test_a_staff_edit_after_publishing_waits_for_review_then_the_correction_is_public(
    published, make_staff, client_for
):
    officer_user = make_staff("data_officer")
    officer = client_for(officer_user)
    for hour in range(24):  # a day of wrong PM2.5: staff correct every hour to 80
        observation = _observation(hour)
        values = {k: v for k, v in _edit_form(observation, "", pm2_5=80.0).items() if k != "reason"}
        services.correct_observation(
            actor=officer_user, observation=observation, values=values, reason="核对原始记录，PM2.5 录入有误"
        )
    assert _a1()["aqi"] == 69  # not public yet
    page = officer.get(reverse("air:staff_corrections")).content.decode()
    assert "50（69）" in page and "80（107）" in page and "核对原始记录" in page
    correction = _pending()
    url = reverse("air:staff_correction_publish", args=[correction.pk])
    assert officer.post(url, {f"c{correction.pk}-reason": "  "}).status_code == 302
    assert _pending().pk == correction.pk  # refused without a reason
    response = officer.post(url, {f"c{correction.pk}-reason": "甲站PM2.5小时数据录入错误，已按原始记录更正"})
    assert response.status_code == 302
    report = DailyReport.objects.get(date=DAY)
    assert report.published_at == published.published_at and report.corrected_at is not None
    correction.refresh_from_db()
    assert (correction.status, correction.number, correction.published_by) == ("published", 1, officer_user)
    # the public page: corrected values, 更正 notice with time, reason and before → after
    page = Client().get(reverse("air:daily"), {"date": DAY.isoformat()}).content.decode()
    assert 'id="air-daily-corrections"' in page and "甲站PM2.5小时数据录入错误" in page
    assert f"更正时间：{timezone.localtime(report.corrected_at):%Y-%m-%d %H:%M}" in page
    assert f"发布时间：{timezone.localtime(published.published_at):%Y-%m-%d %H:%M}" in page
    assert "<td>50（69）</td><td>80（107）</td>" in page
    data = Client().get("/api/v1/air/daily", {"date": DAY.isoformat()}).json()
    assert _a1()["aqi"] == 107 and data["corrected_at"] and data["corrections"][0]["number"] == 1
    assert data["corrections"][0]["reason"].startswith("甲站PM2.5")
    assert {"field": "aqi", "before": "69", "after": "107"}.items() <= next(
        c for c in data["corrections"][0]["changes"] if c["code"] == "A1" and c["field"] == "aqi"
    ).items()
    record = AuditRecord.objects.get(action="air.daily_correct")
    assert record.actor_id == officer_user.pk and "甲站PM2.5" in record.after


def test_only_air_staff_correct_data_and_publish_corrections(published, make_staff, client_for):
    ingest(rows=day_rows("A1", DAY, pm2_5=80, pm10=70), channel="api")
    correction = _pending()
    observation = _observation(8)
    for role in ("leader", "editor", "administrator"):
        client = client_for(make_staff(role))
        assert client.get(reverse("air:staff_observation", args=[observation.pk])).status_code == 403
        publish = reverse("air:staff_correction_publish", args=[correction.pk])
        assert client.post(publish, {f"c{correction.pk}-reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.publish_correction(actor=make_staff("leader"), correction=correction, reason="x")
    with pytest.raises(PermissionDenied):
        services.correct_observation(actor=None, observation=observation, values={}, reason="x")
    assert _pending().pk == correction.pk and _a1()["aqi"] == 69


def test_a_correction_is_not_published_twice_and_needs_a_difference(published, make_staff):
    officer = make_staff("data_officer")
    ingest(rows=day_rows("A1", DAY, pm2_5=80, pm10=70), channel="api")
    correction = services.publish_correction(actor=officer, correction=_pending(), reason="补正")
    with pytest.raises(DomainError):
        services.publish_correction(actor=officer, correction=correction, reason="再次")
    ingest(rows=day_rows("A1", DAY, pm2_5=50, pm10=70), channel="api")  # back: a second correction
    second = services.publish_correction(actor=officer, correction=_pending(), reason="撤回第1次更正")
    assert second.number == 2 and _a1()["aqi"] == 69
    assert DailyReport.objects.get(date=DAY).published_at == published.published_at


def test_a_published_correction_gets_its_own_feed_entry(
    published, make_staff, django_capture_on_commit_callbacks
):
    from gongkai.interaction.models import Publication

    ingest(rows=day_rows("A1", DAY, pm2_5=80, pm10=70), channel="api")
    with django_capture_on_commit_callbacks(execute=True):
        correction = services.publish_correction(
            actor=make_staff("data_officer"), correction=_pending(), reason="甲站数据补正"
        )
    entry = Publication.objects.get(source_key=f"air.dailycorrection:{correction.pk}")
    assert "更正（第1次）" in entry.title and "甲站数据补正" in entry.body_html and "107" in entry.body_html


def test_an_import_names_its_file_uploader_and_note_on_the_pending_correction(published, make_staff):
    from gongkai.air.intake import store, validate_rows
    from gongkai.air.models import Station

    officer = make_staff("data_officer")
    stations = {station.code: station for station in Station.objects.all()}
    clean, errors = validate_rows(day_rows("A1", DAY, pm2_5=80, pm10=70), stations)
    assert not errors
    store(clean=clean, channel="upload", actor=officer, label="补报.csv", reason="补报2月10日数据")
    change = _pending().triggers[-1]
    assert (change["what"], change["reason"]) == ("文件导入：补报.csv", "补报2月10日数据")
    assert change["user"] == (officer.get_full_name() or officer.get_username())
