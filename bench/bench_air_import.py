"""Benchmark: import one year of hourly air data for 100 stations (876,000 rows) through the intake path.

Each calendar month of all stations is one batch (one monthly file of the whole network), and goes
through exactly what the JSON API and the file upload call: `intake.ingest` — row-by-row validation,
the all-or-nothing upsert on (station, hour), the recomputation of every daily station, district and city
value, and the audit record. The rows are plain dicts of strings, as read from a CSV file.

Prints the time of each phase and the peak resident memory. Uses a fresh SQLite database in a temporary
directory unless DATABASE_URL is set (PostgreSQL: point it at an empty scratch database).

Run: .venv/bin/python bench/bench_air_import.py [--stations 100] [--days 365]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--first",
        type=date.fromisoformat,
        default=date(2025, 9, 1),
        help="first day (default 2025-09-01: the year spans the 2026-03-01 standard change)",
    )
    args = parser.parse_args()

    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-bench-air-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.air.demo import _series
    from gongkai.air.intake import ingest
    from gongkai.air.models import (
        POLLUTANTS,
        DailyRegionValue,
        DailyStationValue,
        HourlyObservation,
        Region,
        Station,
    )

    call_command("migrate", verbosity=0)
    if HourlyObservation.objects.exists():
        sys.exit("The database already holds hourly data; use an empty scratch database.")
    city = Region.objects.create(code="980100", name="基准市", kind=Region.Kind.CITY)
    districts = [
        Region.objects.create(code=f"9801{n:02d}", name=f"基准区{n}", kind=Region.Kind.DISTRICT, parent=city)
        for n in range(1, 11)
    ]
    stations = [
        Station.objects.create(
            code=f"B{n:05d}",
            name=f"基准站{n}",
            control_level=Station.ControlLevel.CITY,
            longitude=116 + n / 100,
            latitude=39 + n / 200,
            district=districts[n % 10],
            active_from=args.first,
        )
        for n in range(args.stations)
    ]
    hours = args.days * 24
    stamps = [f"{args.first + timedelta(days=h // 24)} {h % 24:02d}:00" for h in range(hours)]

    def month_starts() -> list[int]:
        """Hour offsets where each calendar month begins, plus the end."""
        starts = [0]
        for h in range(24, hours, 24):
            day = args.first + timedelta(days=h // 24)
            if day.day == 1:
                starts.append(h)
        return [*starts, hours]

    t0 = time.perf_counter()
    columns = []
    for index in range(len(stations)):
        series = _series(args.first, hours, 0.7 + (index % 7) / 10, index)
        columns.append({name: ["" if v != v else f"{v:g}" for v in series[name]] for name in POLLUTANTS})
    generate = time.perf_counter() - t0

    print(
        f"database: {connection.vendor}; {args.stations} stations × {args.days} days = "
        f"{args.stations * hours:,} rows, one batch per calendar month"
    )
    ingest_time = 0.0
    started = time.perf_counter()
    bounds = month_starts()
    for first_hour, end_hour in pairwise(bounds):
        t1 = time.perf_counter()
        rows = [
            {"station": station.code, "time": stamps[h], **{name: columns[i][name][h] for name in POLLUTANTS}}
            for i, station in enumerate(stations)
            for h in range(first_hour, end_hour)
        ]
        t2 = time.perf_counter()
        ingest(rows=rows, channel="upload", label=f"bench {stamps[first_hour][:7]}")
        t3 = time.perf_counter()
        generate += t2 - t1
        ingest_time += t3 - t2
        del rows
    total = time.perf_counter() - started
    rows = HourlyObservation.objects.count()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"rows stored: {rows:,}; daily station values: {DailyStationValue.objects.count():,}; "
        f"daily region values: {DailyRegionValue.objects.count():,}"
    )
    print(f"generating the rows (not part of the import): {generate:.1f} s")
    print(
        f"import (validate + upsert + recompute + audit): {ingest_time:.1f} s "
        f"= {rows / ingest_time:,.0f} rows/s"
    )
    print(f"total wall time: {total:.1f} s; peak resident memory: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
