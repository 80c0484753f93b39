"""Online data judged against permit limits: N-only data, hourly means from minutes need the valid
minutes, the same statistic only; an exceedance is a to-do for enforcement officers and public on
the facility page once confirmed (or after the configured hours)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditRecord
from gongkai.core import dashboard
from gongkai.sources import online
from gongkai.sources.models import (
    Device,
    Enterprise,
    Measurement,
    OnlineExceedance,
    Outlet,
    Permit,
    PermitLimit,
)

H0 = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)
CODE = "91990100MA0000001X"


def measure(mn, cn, at, code, flag="N", **values):
    return Measurement.objects.create(
        mn=mn, cn=cn, data_time=at, code=code, sent_code=code, flag=flag, valid=flag == "N",
        fields={}, packet_key=f"{mn}|{cn}|{at.isoformat()}", received_at=at, **values,
    )  # fmt: skip


@pytest.fixture
def outlet(make_staff):
    enterprise = Enterprise.objects.create(credit_code=CODE, name="示例市热电有限公司")
    permit = Permit.objects.create(
        enterprise=enterprise,
        number="91990100MA0000001X001P",
        management=Permit.Management.KEY,
        issued_on=date(2025, 1, 10),
        valid_from=date(2025, 1, 10),
        valid_until=date(2030, 1, 9),
    )
    outlet = Outlet.objects.create(
        enterprise=enterprise, permit=permit, code="DA001", name="锅炉烟囱", medium=Outlet.Medium.AIR
    )
    PermitLimit.objects.create(
        outlet=outlet,
        pollutant_code="a21026",
        pollutant="二氧化硫",
        statistic="hourly",
        value=D("35"),
        unit="mg/m3",
    )
    PermitLimit.objects.create(
        outlet=outlet,
        pollutant_code="a21002",
        pollutant="氮氧化物",
        statistic="daily",
        value=D("50"),
        unit="mg/m3",
    )
    Device.objects.create(mn="FLUE0001", system_code="31", outlet=outlet)
    return outlet


@pytest.mark.django_db
def test_hourly_values_use_n_data_and_the_valid_minutes(outlet, settings):
    # 01:00 hourly record above the limit, converted value used; 02:00 hourly record flagged maintenance.
    measure("FLUE0001", "2061", H0 + timedelta(hours=1), "a21026", avg=30.0, zs_avg=42.0)
    measure("FLUE0001", "2061", H0 + timedelta(hours=2), "a21026", flag="M", avg=90.0)
    # 03:00 no hourly record: 50 valid minutes at 40 → hourly mean 40 (above 35).
    for minute in range(50):
        measure("FLUE0001", "2051", H0 + timedelta(hours=3, minutes=minute), "a21026", avg=40.0)
    # 04:00: 44 valid minutes at 90, 16 in fault: not a valid hour, not judged.
    for minute in range(60):
        flag = "N" if minute < 44 else "D"
        measure("FLUE0001", "2051", H0 + timedelta(hours=4, minutes=minute), "a21026", flag=flag, avg=90.0)
    # The daily NOx limit is never compared with an hourly value, however high.
    measure("FLUE0001", "2061", H0 + timedelta(hours=1), "a21002", avg=400.0)
    measure("FLUE0001", "2031", H0, "a21002", avg=45.0)

    opened = online.detect(H0, H0 + timedelta(days=1))
    found = sorted((e.pollutant_code, e.statistic, e.period_start, e.value, e.multiple) for e in opened)
    assert found == [
        ("a21026", "hourly", H0 + timedelta(hours=1), D("42.0000"), D("0.20")),
        ("a21026", "hourly", H0 + timedelta(hours=3), D("40.0000"), D("0.14")),
    ]
    assert online.detect(H0, H0 + timedelta(days=1)) == []  # found once
    hours = online.hourly_values("FLUE0001", "a21026", H0, H0 + timedelta(days=1))
    assert hours[H0 + timedelta(hours=4)].value is None and hours[H0 + timedelta(hours=4)].valid_minutes == 44
    settings.HJ212_HOURLY_VALID_MINUTES = 40
    assert online.hourly_values("FLUE0001", "a21026", H0, H0 + timedelta(days=1))[
        H0 + timedelta(hours=4)
    ].valid


@pytest.mark.django_db
def test_daily_mean_and_amount_against_daily_limits(outlet):
    PermitLimit.objects.create(
        outlet=outlet, pollutant_code="a21002", pollutant="氮氧化物", statistic="daily_amount", value=D("100")
    )
    measure("FLUE0001", "2031", H0, "a21002", avg=55.0, cou=120.0)
    measure("FLUE0001", "2031", H0 + timedelta(days=1), "a21002", flag="D", avg=500.0, cou=900.0)
    opened = online.detect(H0, H0 + timedelta(days=3))
    assert sorted((e.statistic, e.value) for e in opened) == [
        ("daily", D("55.0000")),
        ("daily_amount", D("120.0000")),
    ]


@pytest.mark.django_db
def test_officer_confirms_and_the_exceedance_is_public(outlet, make_staff, client_for, client):
    measure("FLUE0001", "2061", H0 + timedelta(hours=1), "a21026", avg=70.0)
    (item,) = online.detect(H0, H0 + timedelta(days=1))
    officer = make_staff("enforcement_officer", username="enf")
    assert online.CARD.count(officer) == 1
    assert any(card.key == online.CARD.key for card in dashboard.registered())
    facility_url = reverse("sources:facility", args=[CODE])
    assert "自动监控超标记录" not in client.get(facility_url).content.decode()
    staff = client_for(officer)
    page = staff.get(reverse("sources:staff_exceedances"))
    assert page.status_code == 200 and "二氧化硫" in page.content.decode()
    # A data officer sees the list but may not decide.
    data = client_for(make_staff("data_officer", username="data"))
    decide_url = reverse("sources:staff_exceedance_decide", args=[item.pk])
    assert data.post(decide_url, {"decision": "confirm"}).status_code == 403
    # Dismissing needs a reason.
    staff.post(decide_url, {"decision": "dismiss"})
    item.refresh_from_db()
    assert item.status == OnlineExceedance.Status.OPEN
    staff.post(decide_url, {"decision": "confirm", "note": "核实"})
    item.refresh_from_db()
    assert item.status == OnlineExceedance.Status.CONFIRMED and item.decided_by == officer
    assert AuditRecord.objects.filter(action="sources.exceedance_confirm").count() == 1
    assert online.CARD.count(officer) == 0
    public = client.get(facility_url).content.decode()
    assert "自动监控超标记录" in public and "二氧化硫" in public and "锅炉烟囱" in public
    assert "小时均值浓度" in public


@pytest.mark.django_db
def test_auto_confirmation_after_the_configured_hours(outlet, settings):
    measure("FLUE0001", "2061", H0 + timedelta(hours=1), "a21026", avg=70.0)
    (item,) = online.detect(H0, H0 + timedelta(days=1))
    later = item.detected_at + timedelta(hours=30)
    assert online.auto_confirm(later) == 0  # not configured: officers only
    settings.HJ212_EXCEEDANCE_AUTO_CONFIRM_HOURS = 24
    assert online.auto_confirm(item.detected_at + timedelta(hours=1)) == 0
    assert online.auto_confirm(later) == 1
    item.refresh_from_db()
    assert item.status == OnlineExceedance.Status.CONFIRMED and item.decided_by is None


@pytest.mark.django_db
def test_public_exceedance_list_and_its_twins(outlet, make_staff, client):
    measure("FLUE0001", "2061", H0 + timedelta(hours=1), "a21026", avg=70.0)
    measure("FLUE0001", "2061", H0 + timedelta(hours=2), "a21026", avg=80.0)
    first, second = sorted(online.detect(H0, H0 + timedelta(days=1)), key=lambda e: e.period_start)
    officer = make_staff("enforcement_officer", username="enf")
    online.decide(actor=officer, exceedance=first, confirm=True)
    online.decide(actor=officer, exceedance=second, confirm=False, note="启炉阶段，已报备")
    page = client.get(reverse("sources:online_exceedances"))
    text = page.content.decode()
    assert page.status_code == 200 and "示例市热电有限公司" in text and "2026-03-01 09:00" in text  # Beijing
    assert "2026-03-01 10:00" not in text  # the dismissed one stays internal
    export = client.get(reverse("sources:online_exceedances"), {"export": "csv"})
    assert export.status_code == 200 and "二氧化硫" in export.content.decode("utf-8-sig")
    api = client.get("/api/v1/lists/sources-online-exceedances").json()
    (row,) = api["results"]
    assert row["pollutant_code"] == "a21026" and row["credit_code"] == CODE


@pytest.mark.django_db
def test_monthly_completeness_per_enterprise(outlet, client):
    from gongkai.sources.online_lists import completeness

    # March 2026 in Beijing time: 744 hours. 700 valid hourly records, 10 more flagged maintenance.
    start = datetime(2026, 2, 28, 16, 0, tzinfo=UTC)  # 1 March 00:00 Beijing
    for hour in range(710):
        flag = "N" if hour < 700 else "M"
        measure("FLUE0001", "2061", start + timedelta(hours=hour), "a21026", flag=flag, avg=10.0)
        if hour < 5:  # a second pollutant in the same hour is still one hour
            measure("FLUE0001", "2061", start + timedelta(hours=hour), "a21002", avg=10.0)
    (row,) = completeness(date(2026, 3, 1), now=datetime(2026, 6, 1, tzinfo=UTC))
    assert (row.loggers, row.expected_hours, row.valid_hours, row.rate) == (1, 744, 700, D("94.09"))
    # Up to now only, in the month under way.
    (row,) = completeness(date(2026, 3, 1), now=start + timedelta(hours=100))
    assert (row.expected_hours, row.valid_hours, row.rate) == (100, 100, D("100.00"))
    page = client.get(reverse("sources:online_completeness"))
    assert page.status_code == 200 and "示例市热电有限公司" in page.content.decode()
    api = client.get("/api/v1/lists/sources-online-completeness")
    assert api.status_code == 200 and api.json()["results"][0]["loggers"] == 1


@pytest.mark.django_db
def test_facility_page_latest_values_against_limits_and_chart(outlet, client):
    from django.utils import timezone

    from gongkai.sources.online import chart_points, daily_series

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    measure("FLUE0001", "2061", now - timedelta(hours=3), "a21026", avg=20.0)
    measure("FLUE0001", "2061", now - timedelta(hours=2), "a21026", avg=50.0)  # latest valid: above 35
    measure("FLUE0001", "2061", now - timedelta(hours=1), "a21026", flag="D", avg=1.0)  # fault: ignored
    measure("FLUE0001", "2031", now - timedelta(days=1), "a21002", avg=40.0)
    page = client.get(reverse("sources:facility", args=[CODE])).content.decode()
    assert "自动监控数据与许可限值" in page and "<svg" in page and "polyline" in page
    section = online._latest(CODE, True)
    by_code = {r["limit"].pollutant_code: r for r in section["rows"]}
    assert by_code["a21026"]["value"] == D("50.0") and by_code["a21026"]["exceeded"]
    assert by_code["a21002"]["value"] == D("40.0") and not by_code["a21002"]["exceeded"]
    series = daily_series("FLUE0001", "a21026", now)
    assert len(series) == 30 and sum(1 for _d, v in series if v is not None) >= 1
    chart = chart_points([(1, 10.0), (2, None), (3, 20.0), (4, 30.0)], D("35"))
    assert len(chart["segments"]) == 2 and chart["limit_y"] is not None


@pytest.mark.django_db
def test_data_gaps_offline_and_flagged_hours(outlet, client):
    from django.utils import timezone

    from gongkai.sources.online import device_gaps

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=7)
    for hour in range(7 * 24):
        at = start + timedelta(hours=hour)
        if 10 <= hour < 13:
            continue  # offline for three hours
        flag = "M" if 20 <= hour < 22 else "N"
        measure("FLUE0001", "2061", at, "a21026", flag=flag, avg=10.0)
        measure("FLUE0001", "2061", at, "a21002", avg=10.0)  # another code, flagged N, same hour
    gaps = device_gaps("FLUE0001", now)
    assert [(g.start - start, g.end - start, g.reason) for g in gaps] == [
        (timedelta(hours=10), timedelta(hours=13), "offline"),
        (timedelta(hours=20), timedelta(hours=22), "maintenance"),
    ]
    page = client.get(reverse("sources:facility", args=[CODE])).content.decode()
    assert "无数据（离线）" in page and "维护" in page
