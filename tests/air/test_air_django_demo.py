"""Demo data: deterministic, idempotent, marked as demo, with published daily reports."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from gongkai.air.demo import load_demo
from gongkai.air.models import (
    Channel,
    DailyRegionValue,
    DailyReport,
    DailyStationValue,
    HourlyObservation,
    Station,
)

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 3, 2, 9, 30))


def test_demo_is_idempotent_marked_and_published():
    added = load_demo(2, now=NOW)
    assert added == 6 * (2 * 24 + 9)  # two whole days and today's hours up to 09:00
    assert load_demo(2, now=NOW) == 0
    assert Station.objects.filter(is_demo=True).count() == 6
    assert set(HourlyObservation.objects.values_list("channel", flat=True)) == {Channel.DEMO}
    assert [str(day) for day in DailyReport.objects.order_by("date").values_list("date", flat=True)] == [
        "2026-02-28",
        "2026-03-01",
    ]
    # Each day under its own standard: 2026-02-28 under HJ 633-2012, 2026-03-01 under HJ 633-2026.
    assert set(DailyStationValue.objects.filter(date="2026-02-28").values_list("standard", flat=True)) == {
        2012
    }
    assert set(DailyStationValue.objects.filter(date="2026-03-01").values_list("standard", flat=True)) == {
        2026
    }
    assert DailyRegionValue.objects.filter(date="2026-03-01").count() == 4


def test_demo_is_deterministic():
    load_demo(1, now=NOW)
    first = list(HourlyObservation.objects.order_by("station__code", "hour").values_list("pm2_5", "o3"))
    HourlyObservation.objects.all().delete()
    load_demo(1, now=NOW)
    assert (
        list(HourlyObservation.objects.order_by("station__code", "hour").values_list("pm2_5", "o3")) == first
    )


def test_demo_ozone_peaks_in_the_afternoon():
    load_demo(2, now=NOW)
    by_hour = {}
    for hour, o3 in HourlyObservation.objects.exclude(o3=None).values_list("hour", "o3"):
        by_hour.setdefault(timezone.localtime(hour).hour, []).append(o3)
    means = {hour: sum(values) / len(values) for hour, values in by_hour.items()}
    assert means[15] > means[3]
