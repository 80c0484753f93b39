"""The air app's home-page card (core.home): the city's real-time AQI at the latest hour with data,
its level colour, primary pollutants and the HJ 633 health effect and advice of that level
(aqi.Level, the standard in force at that hour), and the time of the data. The city value is the
mean of the active stations' valid 1-hour values (HJ 663), rounded as `queries.realtime` rounds it,
so the card and the real-time page agree. Three queries: the latest hour, the stations, that hour's
observations."""

from __future__ import annotations

import numpy as np
from django.utils import timezone

from gongkai.air import aqi, averaging, publication, queries
from gongkai.air.models import POLLUTANTS, Flag, HourlyObservation, Region, Station
from gongkai.core.home import HomeCard


def city_now() -> dict | None:
    latest = HourlyObservation.objects.order_by("-hour").values_list("hour", flat=True).first()
    if latest is None:
        return None
    hour = timezone.localtime(latest)
    stations = [
        s.pk for s in Station.objects.only("pk", "active_from", "active_to") if s.active_on(hour.date())
    ]
    if not stations:
        return None
    index = {pk: row for row, pk in enumerate(stations)}
    values = {name: np.full(len(stations), np.nan) for name in POLLUTANTS}
    fields = ["station_id", *POLLUTANTS, *(f"{name}_flag" for name in POLLUTANTS)]
    for record in HourlyObservation.objects.filter(hour=latest, station_id__in=stations).values_list(*fields):
        for offset, name in enumerate(POLLUTANTS):
            value, flag = record[1 + offset], record[1 + len(POLLUTANTS) + offset]
            if value is not None and flag == Flag.VALID:
                values[name][index[record[0]]] = value
    standard = aqi.standard_for(hour)
    # As the real-time page: withheld (the card says the data is insufficient) unless enough of the
    # stations reported the hour (a computed AQI; setting AIR_REALTIME_MIN_STATION_SHARE).
    reported = sum(
        1 for value in aqi.hourly_aqi_arrays(standard=standard, **values).aqi if value != aqi.MISSING
    )
    if not publication.enough_stations(reported, len(stations), queries.min_station_share()):
        values = {name: np.full(len(stations), np.nan) for name in POLLUTANTS}
    # Unrounded, as the real-time page does (issue 21: one rounding, at the end).
    means = {name: averaging.spatial_mean(values[name][:, None]).value for name in POLLUTANTS}
    result = aqi.hourly_aqi_arrays(standard=standard, **means).result(0)
    return {"hour": hour, "result": result, "level": result.level_info}


def card_context(request) -> dict:
    city = Region.objects.filter(kind=Region.Kind.CITY).values_list("name", flat=True).first()
    return {"city": city or "", "now": city_now()}


CARD = HomeCard(
    key="air-now", template="air/home/now.html", context=card_context, order=30, stylesheets=("air/air.css",)
)
