"""Benchmark: the 依申请公开 hot paths — the statutory clock of one case, recomputing every open case after
a calendar change, Table 三 of a year, and rendering a signed letter (DOCX + two PDFs).

Creates N cases (default 2000) spread over 2025–2026 directly in a fresh SQLite database (or the database
of DATABASE_URL: point it at an empty scratch database), each with a realistic ledger, then times:
- `clock.compute` on a 6-event ledger (pure, per call);
- `services.recompute_all()` (what a calendar change triggers);
- `statistics.table_three(2026)` and the XLSX export;
- one `sign_reply` (DOCX, PDF, public PDF).

Run: .venv/bin/python bench/bench_applications.py [--cases 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="gongkai-bench-")
    os.environ.setdefault("GONGKAI_DATA_DIR", scratch)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("GONGKAI_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from django.utils import timezone

    from gongkai.applications import clock, services, statistics
    from gongkai.applications.models import Application, ClockEvent, Status
    from gongkai.workcalendar.queries import get_calendar

    calendar = get_calendar()
    ledger = [
        clock.ClockEvent(clock.EventKind.RECEIVED, date(2026, 9, 28)),
        clock.ClockEvent(
            clock.EventKind.SUPPLEMENT_REQUESTED, date(2026, 9, 29), supplement_deadline=date(2026, 10, 16)
        ),
        clock.ClockEvent(clock.EventKind.SUPPLEMENT_RECEIVED, date(2026, 10, 9)),
        clock.ClockEvent(clock.EventKind.CONSULTATION_STARTED, date(2026, 10, 12)),
        clock.ClockEvent(clock.EventKind.CONSULTATION_ENDED, date(2026, 10, 23)),
        clock.ClockEvent(clock.EventKind.EXTENDED, date(2026, 11, 2), workdays=20),
    ]
    runs = 2000
    started = time.perf_counter()
    for _ in range(runs):
        clock.compute(ledger, calendar, date(2026, 11, 20))
    per_call = (time.perf_counter() - started) / runs
    print(f"clock.compute, 6-event ledger: {per_call * 1e6:.0f} µs per call")

    kinds = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other"]
    outcomes = [
        "disclosed",
        "partially_disclosed",
        "unavailable_not_held",
        "refused_process_information",
        "other",
    ]
    rows, events = [], []
    first = date(2025, 1, 6)
    for number in range(args.cases):
        received = calendar.next_workday(first + timedelta(days=number * 600 // args.cases))
        concluded = calendar.add_workdays(received, 15) if number % 4 else None
        kind = kinds[number % len(kinds)]
        rows.append(
            Application(
                tracking_number=f"B{number:07d}",
                query_code_hash="-",
                channel="in_person",
                applicant_type="natural_person" if kind == "natural_person" else "organisation",
                organisation_kind="" if kind == "natural_person" else kind,
                name="某",
                id_type="other",
                id_number=str(number),
                phone="13900000000",
                description="某信息",
                provision_form="paper",
                delivery_method="post",
                submitted_at=timezone.now(),
                received_on=received,
                status=Status.REPLIED if concluded else Status.RUNNING,
                outcome=outcomes[number % len(outcomes)] if concluded else "",
                concluded_on=concluded,
                applicant_key=f"other:{number}",
            )
        )
    Application.objects.bulk_create(rows, batch_size=500)
    for application in Application.objects.only("pk", "received_on", "concluded_on"):
        events.append(ClockEvent(application=application, kind="received", day=application.received_on))
        if application.concluded_on:
            events.append(ClockEvent(application=application, kind="replied", day=application.concluded_on))
    ClockEvent.objects.bulk_create(events, batch_size=1000)

    started = time.perf_counter()
    count = services.recompute_all()
    elapsed = time.perf_counter() - started
    print(
        f"recompute_all (calendar change): {count} cases in {elapsed:.2f} s "
        f"({elapsed / count * 1e3:.2f} ms per case)"
    )

    started = time.perf_counter()
    table = statistics.table_three(2026)
    print(
        f"table_three(2026): {(time.perf_counter() - started) * 1e3:.0f} ms, "
        f"cross-checks ok: {not table.violations}"
    )
    started = time.perf_counter()
    statistics.statistics_xlsx(2026)
    print(f"statistics_xlsx(2026): {(time.perf_counter() - started) * 1e3:.0f} ms")

    from gongkai.applications import documents

    content = documents.LetterContent(
        "示例市生态环境局", "示例〔2026〕1号", "张某", "正文。" * 200, date(2026, 11, 20), "B1"
    )
    documents.letter_pdf(content)  # fonts loaded once
    started = time.perf_counter()
    documents.letter_docx(content)
    documents.letter_pdf(content)
    documents.letter_pdf(content, public_copy=True)
    print(f"one signed letter (DOCX + PDF + public PDF): {(time.perf_counter() - started) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
