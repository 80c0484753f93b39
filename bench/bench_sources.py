"""Benchmark: the pollution-source registry at a city bureau's volume.

Loads the registry demo (60 enterprises, a year of supervisory monitoring) `--copies` times over (each
copy under other credit codes: 60 × copies enterprises, the same number of permits and ~3,000 results
per copy), then times what the public pages do: the facility page of an enterprise (every registered
section), the enterprise search, the monitoring list filtered to exceedances, the key-units list with
its year-on-year changes, and the CSV export of a month of results. Prints p50/p95 per page and the
number of SQL queries each takes.

Run (SQLite, a fresh database in a temporary directory):
    .venv/bin/python bench/bench_sources.py --copies 20
Run (PostgreSQL; the database is created when missing):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench_sources .venv/bin/python bench/bench_sources.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def configure() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("GONGKAI_ENV", "test")
    os.environ.setdefault("GONGKAI_LOG_LEVEL", "WARNING")
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        os.environ["GONGKAI_DATA_DIR"] = tempfile.mkdtemp(prefix="gongkai-bench-sources-")
    elif url.startswith("postgres"):
        from bench.bench_search import create_postgres_database

        create_postgres_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def load(copies: int, today: date) -> float:
    from django.test.utils import override_settings

    from gongkai.sources import demo_registry

    start = time.perf_counter()
    original = demo_registry.credit_code
    for copy in range(copies):
        demo_registry.credit_code = lambda district, serial, n=copy: original(district, serial + 1000 * n)
        with override_settings(TESTING=False):  # the demo's full year, not the test run's two months
            demo_registry.load_registry_demo(today=today)
    demo_registry.credit_code = original
    return time.perf_counter() - start


def timed(client, path: str, repeat: int) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    status = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        queries, status = len(captured), response.status_code
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    vendor = configure()
    from django.test import Client

    from gongkai.sources.models import Enterprise, MonitoringResult

    today = date(2026, 12, 6)
    seconds = load(args.copies, today) if not Enterprise.objects.exists() else 0.0
    print(
        f"{vendor}: {Enterprise.objects.count()} enterprises, {MonitoringResult.objects.count()} results "
        f"(loaded in {seconds:.1f} s)"
    )
    client = Client()
    code = Enterprise.objects.order_by("credit_code").first().credit_code
    pages = {
        "facility page": f"/sources/enterprise/{code}/",
        "enterprise search": "/sources/?q=化工",
        "monitoring, exceedances": "/sources/monitoring/?exceeded=1",
        "monitoring, a month": "/sources/monitoring/?month=2026-06",
        "key units + changes": "/sources/key-units/?year=2026",
        "monitoring CSV, a month": "/sources/monitoring/?month=2026-06&export=csv",
        "facility API": f"/api/v1/sources/enterprises/{code}",
    }
    from django.test.utils import override_settings

    with override_settings(SOURCES_SEARCH_PER_MINUTE=10**9, ALLOWED_HOSTS=["testserver"]):
        for label, path in pages.items():
            p50, p95, queries, status = timed(client, path, args.repeat)
            print(f"{label:26} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:3d} queries  HTTP {status}")


if __name__ == "__main__":
    main()
