"""core.monitoring: online monitoring data by MN, the registry through which the HJ 212 receiver's app
gives other apps the hourly data of their stations, and they list their stations for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gongkai.core import monitoring

HOUR = datetime(2026, 10, 1, 8, tzinfo=UTC)


@pytest.fixture
def clean(monkeypatch):
    monkeypatch.setattr(monitoring, "_provider", [])
    monkeypatch.setattr(monitoring, "_stations", {})


def test_without_a_provider_there_are_no_data(clean):
    assert not monitoring.has_provider()
    assert monitoring.hourly("WQ1", HOUR, HOUR) == [] and monitoring.last_hour("WQ1") is None


def test_the_provider_answers_by_mn_and_a_second_provider_is_refused(clean):
    asked = []

    def hourly(mn, start, end):
        asked.append((mn, start, end))
        return [monitoring.HourlyValue("w21003", start, 0.4)]

    provider = monitoring.Provider(hourly=hourly, last_hour=lambda mn: HOUR if mn == "WQ1" else None)
    monitoring.register_provider(provider)
    monitoring.register_provider(provider)  # the same again is harmless
    assert monitoring.hourly("WQ1", HOUR, HOUR) == [monitoring.HourlyValue("w21003", HOUR, 0.4)]
    assert asked == [("WQ1", HOUR, HOUR)]
    assert monitoring.last_hour("WQ1") == HOUR and monitoring.last_hour("WQ2") is None
    assert monitoring.hourly("", HOUR, HOUR) == [] and len(asked) == 1  # no MN, no question
    with pytest.raises(ValueError):
        monitoring.register_provider(monitoring.Provider(hourly=hourly, last_hour=lambda mn: None))


def test_stations_of_every_app_by_mn_once(clean):
    def water():
        return [monitoring.Station("WQ2", "乙站", "21"), monitoring.Station("WQ1", "甲站", "21")]

    monitoring.register_stations("water", water)
    monitoring.register_stations("water", water)
    monitoring.register_stations("other", lambda: [monitoring.Station("WQ1", "重复", "21")])
    assert [(s.mn, s.name) for s in monitoring.stations()] == [("WQ1", "重复"), ("WQ2", "乙站")]
    with pytest.raises(ValueError):
        monitoring.register_stations("water", lambda: [])
