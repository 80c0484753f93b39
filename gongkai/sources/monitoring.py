"""The receiver's data for other apps (core.monitoring): the valid hourly values of a logger by MN.

An hourly value is the logger's hourly record (CN=2061) flagged N (``Measurement.valid``), its ``Avg``
in the unit sent, the code normalised to HJ 212-2017 by the receiver. Only what the logger sent as
hourly data: an hour without a valid hourly record has no value here (no mean of minute data)."""

from __future__ import annotations

from datetime import datetime

from gongkai.core import monitoring
from gongkai.sources.models import Measurement

HOURLY_CN = "2061"


def hourly(mn: str, start: datetime, end: datetime) -> list[monitoring.HourlyValue]:
    rows = (
        Measurement.objects.filter(
            mn=mn, cn=HOURLY_CN, data_time__gte=start, data_time__lt=end, valid=True, avg__isnull=False
        )
        .order_by("data_time", "code")
        .values_list("code", "data_time", "avg")
    )
    return [monitoring.HourlyValue(code, hour, value) for code, hour, value in rows]


def last_hour(mn: str) -> datetime | None:
    return (
        Measurement.objects.filter(mn=mn, cn=HOURLY_CN, valid=True, avg__isnull=False)
        .order_by("-data_time")
        .values_list("data_time", flat=True)
        .first()
    )


PROVIDER = monitoring.Provider(hourly=hourly, last_hour=last_hour)
