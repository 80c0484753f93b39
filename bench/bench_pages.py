"""Benchmark: public pages under load, as a ratio to a bare Django view served the same way (issue 12).

Starts gunicorn (2 sync workers, the command of `gongkai demo` / `gongkai serve`) for the platform on a
database that holds the demo data, and the same gunicorn command for bench/bare/bare_site.py (one view
returning a short page, with the middleware of `django-admin startproject`). Drives each with 64
connections for --seconds, with wrk when installed (`apt-get install wrk`), else with the small asyncio
client below, and prints requests per second, p50 and p99 per page and the ratio to the bare view
measured just before that page (other work on the machine moves both; the pair shares it). The load
average is printed with the figures, and the page cache's answer (X-Gongkai-Cache: hit, miss or -)
to one request after the run, so a figure for a page that was not served from the cache shows as such.

Honest latencies: both clients are closed-loop (each connection sends its next request when the last
one is answered), so p99 is the latency at that many concurrent visitors, including the time a request
waits in the server's accept queue. The asyncio client times each request from before it connects to
the last byte (gunicorn's sync workers close every connection: every request connects), counts only
200 answers in req/s and the percentiles, and reports the others as errors. It shares the machine's
cores with the servers: its own scheduling delays add to what it measures, and a client too slow to
keep every connection busy holds back the bare view most (the ratios are then too kind) — wrk is far
lighter. wrk leaves out of its percentiles the requests it times out (10 s here), counted as errors;
it counts non-2xx answers in req/s, shown as errors too.

Run (SQLite; prepares the demo data in --data-dir the first time, which takes minutes):
    .venv/bin/python bench/bench_pages.py --data-dir /tmp/gk_bench_pages
Run (PostgreSQL; the database must exist, the demo is loaded into it when empty):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench .venv/bin/python bench/bench_pages.py
Options: --seconds N (default 10), --connections N (64), --workers N (2), --rounds N (1: measure each
bare/page pair N times and show medians, for a machine whose load changes), --uncached (also measure
with GONGKAI_PAGE_CACHE_SECONDS=0), --client python (force the asyncio client).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PAGES = [  # (label, path); the document path is read from the list page
    ("home", "/"),
    ("document", None),
    ("document list", "/zdgk/list/"),
    ("air realtime", "/air/"),
    ("air statistics", "/air/statistics/"),
    ("search", "/zdgk/search/?q=%E7%8E%AF%E5%A2%83"),  # q=环境
]


@dataclass
class Result:
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


# --- servers ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(app: str, port: int, *, workers: int, env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    command = [PYTHON, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--timeout", "120", "--no-control-socket"]  # as gongkai.cli._gunicorn_command
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=out, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
            return process
        except OSError:
            if process.poll() is not None:
                sys.exit(f"gunicorn {app} stopped; see {log}")
            time.sleep(0.5)
    stop(process)
    sys.exit(f"gunicorn {app} did not answer; see {log}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def platform_env(data_dir: Path, cache_seconds: int | None) -> dict:
    env = {**os.environ, "GONGKAI_ENV": "demo", "GONGKAI_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    if cache_seconds is not None:
        env["GONGKAI_PAGE_CACHE_SECONDS"] = str(cache_seconds)
    return env


def prepare(data_dir: Path) -> None:
    """Migrate, collect static files and load the demo data (a no-op when present)."""
    code = (
        "from gongkai.cli import setup_django, ensure_migrated\n"
        "setup_django('demo'); ensure_migrated()\n"
        "from django.core.management import call_command\n"
        "from gongkai.disclosure.models import Document\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "if not Document.objects.exists():\n"
        "    from gongkai.core.demo import load_demo_data; load_demo_data()\n"
    )
    subprocess.run([PYTHON, "-c", code], env=platform_env(data_dir, None), cwd=ROOT, check=True)


# --- load ------------------------------------------------------------------------------------------


def run_wrk(url: str, seconds: int, connections: int) -> Result:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(name: str) -> float:
        value, unit = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(n) for n in socket_errors.groups()[0:1] + socket_errors.groups()[3:])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Result("", rps, millis("50"), millis("99"), count)


async def _python_load(host: str, port: int, target: str, seconds: int, connections: int):
    request = f"GET {target} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode()
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def one_connection():
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                reader, writer = await asyncio.open_connection(host, port)
                writer.write(request)
                data = await reader.read()  # HTTP/1.0: the server closes after the response
                writer.close()
            except OSError:
                errors += 1
                continue
            if data.startswith((b"HTTP/1.1 200", b"HTTP/1.0 200")):
                latencies.append(time.monotonic() - started)
            else:  # a failed answer is no measure of the page's speed
                errors += 1

    await asyncio.gather(*(one_connection() for _ in range(connections)))
    return latencies, errors


def run_python(url: str, seconds: int, connections: int) -> Result:
    match = re.match(r"http://([^:/]+):(\d+)(.*)", url)
    host, port, target = match.group(1), int(match.group(2)), match.group(3) or "/"
    started = time.monotonic()
    latencies, errors = asyncio.run(_python_load(host, port, target, seconds, connections))
    elapsed = time.monotonic() - started
    if len(latencies) < 2:
        return Result("", len(latencies) / elapsed, float("nan"), float("nan"), errors)
    cuts = statistics.quantiles(latencies, n=100)
    return Result("", len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000, errors)


def measure(label: str, url: str, args) -> Result:
    load = run_wrk if args.client == "wrk" else run_python
    load(url, 1, args.connections)  # warm-up: every worker renders (and stores) its copy
    result = load(url, args.seconds, args.connections)
    result.label = label
    return result


# --- report ----------------------------------------------------------------------------------------


def cache_state(url: str) -> str:
    """The page cache's answer to one more request: hit, miss, or - (not handled by the cache)."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers.get("X-Gongkai-Cache", "-")


def document_path(base: str) -> str:
    html = urllib.request.urlopen(f"{base}/zdgk/list/", timeout=60).read().decode()
    return re.search(r'href="(/zdgk/wj/[^"]+/)"', html).group(1)


FIELDS = ("rps", "p50_ms", "p99_ms")  # of a Result, shown as the median of the rounds


def measure_site(title: str, base: str, args, bare_url: str) -> None:
    """Each page right after the bare view: the pair shares the machine's momentary load. With --rounds
    N the pair is measured N times; each column is the median of the rounds, `range` the lowest and
    highest ratio, errors the sum."""
    print(f"\n{title}")
    print(
        f"{'page':<16}{'req/s':>9}{'bare':>7}{'ratio':>8}{'range':>13}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'cache':>7}"
    )
    document = document_path(base)
    for label, path in PAGES:
        url = base + (path or document)
        pairs = [(measure("bare", bare_url, args), measure(label, url, args)) for _ in range(args.rounds)]
        ratios = [result.rps / bare.rps for bare, result in pairs]
        spread = f"{min(ratios):.0%}–{max(ratios):.0%}"
        bare_rps = statistics.median(bare.rps for bare, _ in pairs)
        rps, p50, p99 = (statistics.median(getattr(result, field) for _, result in pairs) for field in FIELDS)
        errors = sum(result.errors for _, result in pairs)
        print(
            f"{label:<16}{rps:>9.0f}{bare_rps:>7.0f}{statistics.median(ratios):>8.1%}{spread:>13}{p50:>9.1f}"
            f"{p99:>9.1f}{errors:>8}{cache_state(url):>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="GONGKAI_DATA_DIR (default: a temporary directory)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="bare/page pairs per page (medians shown)")
    parser.add_argument("--uncached", action="store_true", help="also measure with the page cache off")
    default_client = "wrk" if shutil.which("wrk") else "python"
    parser.add_argument("--client", choices=("wrk", "python"), default=default_client)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gk-bench-pages-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("DATABASE_URL", "").split("@")[-1] or f"SQLite in {data_dir}"
    prepare(data_dir)

    processes = []
    try:
        bare_port = free_port()
        bare_log = data_dir / "bench-bare.log"
        processes.append(
            gunicorn("bare_site:application", bare_port, workers=args.workers, env=dict(os.environ),
                     cwd=ROOT / "bench" / "bare", log=bare_log)
        )  # fmt: skip
        bare_url = f"http://127.0.0.1:{bare_port}/"
        load_before = os.getloadavg()
        bare_before = measure("bare", bare_url, args)
        sites = [("on", None)] + ([("off (GONGKAI_PAGE_CACHE_SECONDS=0)", 0)] if args.uncached else [])
        print(
            f"database: {database}; {args.client}, {args.connections} connections, {args.seconds} s each, "
            f"{args.rounds} round(s)"
        )
        print(f"bare Django view before: {bare_before.rps:.0f} req/s (p50 {bare_before.p50_ms:.1f} ms, "
              f"p99 {bare_before.p99_ms:.1f} ms)")  # fmt: skip
        for name, seconds in sites:
            port = free_port()
            processes.append(
                gunicorn("gongkai.wsgi:application", port, workers=args.workers,
                         env=platform_env(data_dir, seconds), cwd=ROOT, log=data_dir / "bench-site.log")
            )  # fmt: skip
            measure_site(f"platform, page cache {name}", f"http://127.0.0.1:{port}", args, bare_url)
            stop(processes.pop())
        bare_after = measure("bare", bare_url, args)
        load_after = tuple(round(x, 2) for x in os.getloadavg())
        print(f"\nbare Django view after: {bare_after.rps:.0f} req/s (p50 {bare_after.p50_ms:.1f} ms, "
              f"p99 {bare_after.p99_ms:.1f} ms)")  # fmt: skip
        load_before = tuple(round(x, 2) for x in load_before)
        print(f"load average (1, 5, 15 min): before {load_before}, after {load_after}")
    finally:
        for process in processes:
            stop(process)


if __name__ == "__main__":
    main()
