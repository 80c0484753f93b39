"""The to-do cards of 空气质量 on the staff home: a data officer's own rejected uploads of the last
week, and the stations in service whose newest hour is older than SILENT_HOURS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.air import cards
from gongkai.core.dashboard import cards_for
from gongkai.intake import services

pytestmark = pytest.mark.django_db

AIR = "air.observations"  # uploads are intake jobs of this importer


def csv_of(station: str, hour) -> bytes:
    header = "station,time,so2,no2,co,o3,pm10,pm2_5"
    return f"{header}\n{station},{hour:%Y-%m-%d %H:%M},10,30,0.8,60,80,40\n".encode()


@pytest.fixture
def workload(city, make_staff, django_capture_on_commit_callbacks):
    """Officer `mistaken` uploaded a file the importer rejected; officer `careful` uploaded A1's last
    hour and A2's hour of five hours ago. B1 never reported."""
    mistaken = make_staff("data_officer", username="mistaken")
    careful = make_staff("data_officer", username="careful")
    last_hour = timezone.localtime().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_job(
            actor=mistaken, importer=AIR, filename="bad.csv", content=csv_of("NOPE", last_hour)
        )
        services.start_job(actor=careful, importer=AIR, filename="a1.csv", content=csv_of("A1", last_hour))
        services.start_job(
            actor=careful,
            importer=AIR,
            filename="a2.csv",
            content=csv_of("A2", last_hour - timedelta(hours=4)),
        )
    return {"mistaken": mistaken, "careful": careful}


def counts(user) -> dict[str, int]:
    return {shown.card.key: shown.count for shown in cards_for(user) if shown.card.key.startswith("air.")}


def test_a_rejected_upload_counts_for_the_officer_who_made_it(workload):
    silent = {"air.silent_stations": 2}  # A2 (five hours old) and B1 (never)
    none_pending = {"air.pending_corrections": 0}  # the data officer publishes daily-report corrections
    assert counts(workload["mistaken"]) == {"air.failed_imports": 1, **silent, **none_pending}
    assert counts(workload["careful"]) == {"air.failed_imports": 0, **silent, **none_pending}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("leader", {"air.silent_stations": 2}),
        ("administrator", {"air.silent_stations": 2}),
        ("editor", {}),
        ("reviewer", {}),
        ("legal_reviewer", {}),
        ("request_handler", {}),
        ("enforcement_officer", {}),
    ],
)
def test_the_other_roles_see_only_the_silent_stations_if_anything(workload, make_staff, role, expected):
    assert counts(make_staff(role)) == expected


def test_a_station_out_of_service_is_not_silent(workload):
    from gongkai.air.models import Station

    Station.objects.filter(code="B1").update(active_to=timezone.localdate() - timedelta(days=1))
    assert [station.code for station in cards.silent_stations()] == ["A2"]


def test_the_cards_name_the_job_and_the_stations(workload, client_for):
    text = client_for(workload["mistaken"]).get(reverse("core:staff_home")).text
    assert "bad.csv" in text and "从未上报" in text
    assert f"{reverse('air:staff_observations')}?station=A2" in text
