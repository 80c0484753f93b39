from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def city(db):
    from gongkai.air.models import Region, Station

    city = Region.objects.create(code="990100", name="测试市", kind=Region.Kind.CITY)
    east = Region.objects.create(code="990102", name="东区", kind=Region.Kind.DISTRICT, parent=city)
    west = Region.objects.create(code="990103", name="西区", kind=Region.Kind.DISTRICT, parent=city)
    common = {"control_level": Station.ControlLevel.NATIONAL, "active_from": date(2020, 1, 1)}
    Station.objects.create(code="A1", name="甲站", longitude=116.4, latitude=39.9, district=east, **common)
    Station.objects.create(code="A2", name="乙站", longitude=116.5, latitude=39.9, district=east, **common)
    Station.objects.create(code="B1", name="丙站", longitude=116.2, latitude=39.8, district=west, **common)
    return city


def day_rows(station: str, day: date, **values) -> list[dict]:
    """24 CSV-like rows of one station-day with constant concentrations."""
    base = {"so2": "10", "no2": "30", "co": "0.8", "o3": "60", "pm10": "80", "pm2_5": "40"}
    base.update({key: str(value) for key, value in values.items()})
    return [{"station": station, "time": f"{day.isoformat()} {hour:02d}:00", **base} for hour in range(24)]
