"""Benchmark: the nightly website self-inspection over a generated site.

Generates --documents published documents (bench_annual's generator: 4 catalogue columns, detail pages
listed in the sitemap), then runs one full scan (`sitecheck.services.run_scan`: in-process crawl of every
page through Django's test client, privacy and expression rescan of each page, columns, score) and prints
pages, time, pages per second and the projected time for a 50,000-page site on one worker.

    .venv/bin/python bench/bench_sitecheck.py --documents 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_annual_bench .venv/bin/python bench/bench_sitecheck.py
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_annual import generate, setup

TARGET_PAGES = 50_000


def _with_progress(crawl):
    """The crawl, printing pages, rate and peak memory every 1,000 pages (a long run shows its rate)."""

    def wrapped(*args, **kwargs):
        started = time.perf_counter()
        for done, visit in enumerate(crawl(*args, **kwargs), 1):
            if done % 1000 == 0:
                elapsed = time.perf_counter() - started
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(
                    f"  {done} pages, {elapsed:.0f} s, {done / elapsed:.1f} pages/s, max RSS {peak:.0f} MB",
                    flush=True,
                )
            yield visit

    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=5_000)
    args = parser.parse_args()
    setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # pages render as in production
    started = time.perf_counter()
    generate(0, args.documents)
    print(f"generated {args.documents} documents in {time.perf_counter() - started:.1f} s", flush=True)
    import logging

    from gongkai.sitecheck import crawl, services

    logging.getLogger("gongkai.request").setLevel(logging.WARNING)  # one log line per crawled page otherwise
    crawl.crawl = _with_progress(crawl.crawl)
    started = time.perf_counter()
    scan = services.run_scan(max_pages=args.documents + 1_000)
    elapsed = time.perf_counter() - started
    rate = scan.pages / elapsed
    print(f"scanned {scan.pages} pages in {elapsed:.1f} s ({rate:.0f} pages/s); findings {scan.counts}")
    print(f"projected for {TARGET_PAGES} pages on one worker: {TARGET_PAGES / rate / 60:.0f} min")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak memory (max RSS) {peak:.0f} MB")


if __name__ == "__main__":
    main()
