"""A new air hour drops the public page cache (core.pagecache): the realtime page shows the new hour at
once, not after the cache's lifetime."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.air.intake import ingest

pytestmark = pytest.mark.django_db


def test_a_new_air_hour_drops_the_cached_realtime_page(city, page_cache, django_capture_on_commit_callbacks):
    hour = timezone.localtime().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    url = reverse("air:realtime")
    before = Client().get(url)
    assert before[page_cache.HEADER] == "miss"
    assert Client().get(url)[page_cache.HEADER] == "hit"
    row = {"so2": "10", "no2": "30", "co": "0.8", "o3": "60", "pm10": "80", "pm2_5": "40"}
    with django_capture_on_commit_callbacks(execute=True):
        ingest(rows=[{"station": "A1", "time": f"{hour:%Y-%m-%d %H:00}", **row}], channel="api")
    after = Client().get(url)
    assert after[page_cache.HEADER] == "miss"
    assert f"{hour:%H}:00" in after.text and after.text != before.text
