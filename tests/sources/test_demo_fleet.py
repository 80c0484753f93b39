"""The sources demo after the registry's: every water/air key unit of the current 名录 has a logger with
online data this month, and the demo data officer hands the year's 名录 to 主动公开 (a draft for review),
so the PITI 排放数据 and 重点排污单位名录 measures are at full marks from records; a second run adds
nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.core import demo as core_demo
from gongkai.core import publishing
from gongkai.sources import piti
from gongkai.sources.demo import load_demo
from gongkai.sources.demo_registry import load_registry_demo
from gongkai.sources.models import Device, KeyUnit, KeyUnitPublication, RawPacket


@pytest.mark.django_db
def test_demo_puts_every_water_and_air_key_unit_online_and_hands_the_list_over():
    from gongkai.core.models import User
    from gongkai.disclosure import services as disclosure
    from gongkai.disclosure.standard_catalogue import STANDARD_CATALOGUE

    core_demo._load_platform_demo()
    admin = User.objects.get(username="admin")
    for row in STANDARD_CATALOGUE:  # the 主动公开 catalogue the list is filed under
        disclosure.save_catalogue_item(actor=admin, **row)
    today = timezone.localdate()
    load_registry_demo(today=today)
    load_demo()
    year = piti.list_year(today)
    units = set(
        KeyUnit.objects.filter(year=year, category__in=piti.ONLINE_CATEGORIES).values_list(
            "enterprise_id", flat=True
        )
    )
    assert len(units) > 6  # more than the six loggers of the HJ 212 demo
    coverage, timeliness, _friendly = piti.emission_measures(today)
    assert coverage.done == coverage.total == len(units)
    assert timeliness.done == timeliness.total == len(units)
    made, handed, complete, _friendly = piti.key_unit_measures(today)
    assert made.done == handed.done == 1 and complete.done == complete.total
    publication = KeyUnitPublication.objects.get(year=year)
    assert publication.entries == KeyUnit.objects.filter(year=year).count()
    assert publishing.status(publication.document_id).status == "draft"

    devices = Device.objects.count()
    hj212_demo = [f"DEMO{n:06d}" for n in range(6)]
    fleet = list(Device.objects.exclude(mn__in=hj212_demo).values_list("mn", flat=True))
    fleet_packets = RawPacket.objects.filter(mn__in=fleet).count()
    assert len(fleet) == devices - 6 and fleet_packets > 0
    load_demo()
    assert Device.objects.count() == devices
    assert KeyUnitPublication.objects.count() == 1
    assert RawPacket.objects.filter(mn__in=fleet).count() == fleet_packets  # no fleet data twice
