"""Benchmark: computing a year's annual report (政府信息公开工作年度报告) over a bureau-sized year.

Generates 20,000 applications (received over 2025–2026, most concluded with every outcome of the
format, some carried over), 5,000 published documents (about 10% 行政规范性文件, some repealed) and
2,000 行政处罚 / 行政强制 decisions (2025–2026, most published, a few withdrawn) in bulk, then times
what `gongkai annual-report --format json` does: collect every registered contributor (core.yearly)
for 2026, build the 2021-format tables, run every cross-check, make the JSON. Prints the best and
median of --repeat runs and the number of SQL queries of one run.

Run (SQLite, a fresh database in a temporary directory):
    .venv/bin/python bench/bench_annual.py
Run (PostgreSQL; the database is created when missing):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_annual_bench .venv/bin/python bench/bench_annual.py
Options: --applications N, --documents N, --penalties N, --repeat R.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def setup() -> None:
    os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")  # the self-inspection crawls as this host
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
                connection.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(applications: int, documents: int, penalties: int = 0) -> None:
    from django.utils import timezone

    from gongkai.applications.models import Application
    from gongkai.core.models import Organisation
    from gongkai.core.outcomes import ReplyOutcome
    from gongkai.disclosure.models import CatalogueItem, Document

    rng = random.Random(19)
    zone = timezone.get_current_timezone()
    Application.objects.all().delete()
    Document.objects.all().delete()
    outcomes = [outcome.value for outcome in ReplyOutcome]
    kinds = ["commercial", "research", "public_interest", "legal_services", "other"]
    rows = []
    for n in range(applications):
        received = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        person = rng.random() < 0.7
        concluded = received + timedelta(days=rng.randrange(5, 40)) if rng.random() < 0.95 else None
        if concluded and concluded > date(2026, 12, 5):
            concluded = None
        rows.append(
            Application(
                tracking_number=f"B{n:08d}",
                query_code_hash="x",
                channel="online",
                applicant_type="natural_person" if person else "organisation",
                organisation_kind="" if person else rng.choice(kinds),
                name=f"申请人{n}",
                id_type="resident_id" if person else "credit_code",
                id_number="11010519491231002X",
                phone="13800000000",
                applicant_key=f"k{n % 5000}",
                description="示例",
                provision_form="paper",
                delivery_method="post",
                submitted_at=datetime.combine(received, datetime.min.time(), zone),
                received_on=received,
                status="replied" if concluded else "running",
                outcome=rng.choice(outcomes) if concluded else "",
                concluded_on=concluded,
            )
        )
    Application.objects.bulk_create(rows, batch_size=2000)
    organ = Organisation.current().name or "示例市生态环境局"
    items = [
        CatalogueItem.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (
            ("03", "法定主动公开内容"),
            ("03.02", "法规文件"),
            ("06", "工作动态"),
            ("07", "通知公告"),
        )
    ]
    docs = []
    for n in range(documents):
        published = datetime(2024, 1, 1, 9, tzinfo=zone) + timedelta(minutes=rng.randrange(1_500_000))
        normative = rng.random() < 0.1
        repealed = normative and rng.random() < 0.2
        docs.append(
            Document(
                title=f"示例文件{n}",
                catalogue_item=rng.choice(items),
                issuing_organ=organ,
                date_formed=published.date() - timedelta(days=3),
                doc_type="normative" if normative else "other",
                validity="repealed" if repealed else ("valid" if normative else ""),
                ceased_on=published.date() + timedelta(days=200) if repealed else None,
                status="published",
                published_at=published,
                index_number=f"IDX-{n:06d}",
            )
        )
    Document.objects.bulk_create(docs, batch_size=2000)
    generate_penalties(penalties, rng)


def generate_penalties(count: int, rng: random.Random) -> None:
    """2025–2026 行政处罚 (90%) and 查封/扣押 decisions with the 双公示 fields, published 1–9 days later,
    about 1% withdrawn."""
    from django.utils import timezone

    from gongkai.enforcement.models import Decision

    zone = timezone.get_current_timezone()
    Decision.objects.all().delete()
    rows = []
    for n in range(count):
        decided = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        coercion = rng.random() < 0.1
        published = decided + timedelta(days=rng.randrange(1, 10))
        rows.append(
            Decision(
                category="coercion" if coercion else "penalty",
                number=f"环{'强' if coercion else '罚'}〔{decided.year}〕B{n}号",
                party_type="organisation",
                party_name=f"示例公司{n}",
                violation_type="超标排放污染物",
                facts="示例违法事实",
                legal_basis="《中华人民共和国大气污染防治法》第九十九条",
                kind="查封" if coercion else "罚款",
                content="示例处罚内容",
                decided_on=decided,
                authority="示例市生态环境局",
                publish_due=decided + timedelta(days=9),
                published_at=(
                    datetime.combine(published, datetime.min.time(), zone)
                    if published <= date(2026, 12, 5)
                    else None
                ),
                withdrawn_on=published + timedelta(days=30) if rng.random() < 0.01 else None,
            )
        )
    Decision.objects.bulk_create(rows, batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--documents", type=int, default=5_000)
    parser.add_argument("--penalties", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.annual import collect
    from gongkai.annual import format as fmt
    from gongkai.core import yearly

    started = time.perf_counter()
    generate(args.applications, args.documents, args.penalties)
    print(
        f"generated {args.applications} applications, {args.documents} documents and "
        f"{args.penalties} penalties "
        f"in {time.perf_counter() - started:.1f} s"
    )
    print(f"database: {connection.vendor}; contributors: {[c.key for c in yearly.contributors()]}")

    def run():
        collected = collect.collect(2026)
        failures = fmt.cross_checks(collected.report)
        return fmt.to_json(collected.report), failures

    with CaptureQueriesContext(connection) as queries:
        data, failures = run()
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    print(
        f"table3 new (总计): {data['table3']['new'][-1]}, outcomes: {data['table3']['outcomes_total'][-1]}, "
        f"规范性文件 in force: {data['table2']['行政规范性文件']['现行有效件数']}, "
        f"行政处罚 {data['table2']['行政处罚']['本年处理决定数量']}, "
        f"行政强制 {data['table2']['行政强制']['本年处理决定数量']}, "
        f"cross-check failures: {len(failures)}"
    )
    print(
        f"annual report 2026: best {min(timings):.3f} s, median {statistics.median(timings):.3f} s, "
        f"{len(queries)} queries per computation"
    )


if __name__ == "__main__":
    main()
