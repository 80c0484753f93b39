"""Benchmark: real-time (hourly) AQI of 10 million station-hours with gongkai.air.aqi, python-aqi beside.

Prints time and peak memory of the vectorised engine, the throughput of python-aqi's China algorithm
(``aqi.ALGO_MEP``) on a subset of the same rows, their ratio, and where the two disagree, with each IAQI
disagreement traced to the python-aqi deviations listed in standards.md §7.1. Correctness is judged by the
standards.md §1.6 vectors (see tests/air), not by agreement with python-aqi.

Run: .venv/bin/python bench/bench_aqi.py [--rows N] [--subset-seconds S] [--cli-rows N]
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from decimal import ROUND_DOWN, Decimal
from importlib.metadata import version
from pathlib import Path

import aqi as python_aqi
import numpy as np
from aqi import constants as python_aqi_names
from aqi.algos import get_algo

from gongkai.air import aqi

# Synthetic station-hours: log-normal around typical urban levels (µg/m³, CO mg/m³), reported to 0.1
# (CO to 0.01) as raw station data are, 1 % of each value missing. Chosen to exercise the whole scale.
POLLUTANTS = {  # name: (median, log sigma, decimals)
    "so2": (10.0, 0.9, 1),
    "no2": (30.0, 0.6, 1),
    "co": (0.8, 0.5, 2),
    "o3": (60.0, 0.7, 1),
    "pm10": (70.0, 0.7, 1),
    "pm2_5": (40.0, 0.8, 1),
}
MISSING_SHARE = 0.01
# python-aqi's pollutant constants for the real-time (1-hour) report.
PYTHON_AQI_NAMES = {
    "so2": python_aqi_names.POLLUTANT_SO2_1H,
    "no2": python_aqi_names.POLLUTANT_NO2_1H,
    "co": python_aqi_names.POLLUTANT_CO_1H,
    "o3": python_aqi_names.POLLUTANT_O3_1H,
    "pm10": python_aqi_names.POLLUTANT_PM10,
    "pm2_5": python_aqi_names.POLLUTANT_PM25,
}
PYTHON_AQI_TABLES = get_algo(python_aqi.ALGO_MEP).piecewise
CAUSE_SAMPLE = 20_000  # rows whose IAQI disagreements are traced to a cause (exact arithmetic is slow)
INDICATOR = {"so2": "SO2", "no2": "NO2", "co": "CO", "o3": "O3", "pm10": "PM10", "pm2_5": "PM2.5"}
COLUMN = {
    "so2": "SO2_1H",
    "no2": "NO2_1H",
    "co": "CO_1H",
    "o3": "O3_1H",
    "pm10": "PM10_24H",
    "pm2_5": "PM2_5_24H",
}


def station_hours(rows: int, seed: int = 2026) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    data = {}
    for name, (median, sigma, decimals) in POLLUTANTS.items():
        values = np.round(rng.lognormal(math.log(median), sigma, rows), decimals)
        values[rng.random(rows) < MISSING_SHARE] = np.nan
        data[name] = values
    return data


def megabytes(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


class Stopwatch:
    """Wall and CPU time: the machine may be shared, so CPU seconds are the steadier figure."""

    def __enter__(self) -> Stopwatch:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall / {self.cpu:.2f} s CPU"


def time_engine(data: dict[str, np.ndarray], standard, repeat: int = 3) -> tuple[Stopwatch, aqi.AqiArrays]:
    """Best of ``repeat`` runs (the first run also pays for fresh pages of the output arrays)."""
    best = None
    for _ in range(repeat):
        with Stopwatch() as watch:
            result = aqi.hourly_aqi_arrays(standard=standard, **data)
        if best is None or watch.cpu < best.cpu:
            best = watch
    return best, result


def peak_memory_of_engine(data: dict[str, np.ndarray]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = aqi.hourly_aqi_arrays(standard=aqi.Standard.HJ_633_2012, **data)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del result
    return peak


def python_aqi_rows(data: dict[str, np.ndarray], rows: np.ndarray) -> list[list[tuple[str, str]]]:
    """python-aqi takes concentrations as strings (to keep Decimal exact) and has no notion of missing."""
    return [
        [
            (PYTHON_AQI_NAMES[name], repr(float(data[name][row])))
            for name in POLLUTANTS
            if not np.isnan(data[name][row])
        ]
        for row in rows
    ]


def run_python_aqi(measures: list[list[tuple[str, str]]]) -> tuple[Stopwatch, list]:
    algorithm = get_algo(python_aqi.ALGO_MEP)
    results: list = []
    with Stopwatch() as watch:
        for row in measures:
            try:
                results.append(algorithm.aqi(row, iaqis=True))
            except (TypeError, IndexError, ValueError) as error:  # §7.1 item 4: nothing above the tables
                results.append(type(error).__name__)
    return watch, results


def python_aqi_unrounded(name: str, value: float) -> Decimal | None:
    """python-aqi's formula before its rounding: truncated concentration, its own (discontinuous) segments."""
    piecewise = PYTHON_AQI_TABLES
    concentration = Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_DOWN)
    for (low, high), (iaqi_low, iaqi_high) in zip(
        piecewise["bp"][PYTHON_AQI_NAMES[name]], piecewise["aqi"], strict=False
    ):
        if low <= concentration <= high:
            return (iaqi_high - iaqi_low) / (high - low) * (concentration - low) + iaqi_low
    return None


def causes(name: str, value: float, theirs: int) -> list[str]:
    """Which §7.1 deviations separate HJ 633's IAQI of ``value`` from python-aqi's ``theirs``."""
    column = aqi.BREAKPOINTS[aqi.Standard.HJ_633_2012][COLUMN[name]]
    ours = aqi.iaqi(value, column)
    truncated = math.floor(value)
    found = []
    if aqi.iaqi(truncated, column) != ours:
        found.append(
            "item 2: concentration truncated to an integer" + (" (CO in mg/m³)" if name == "co" else "")
        )
    unrounded = python_aqi_unrounded(name, value)
    if unrounded is not None and math.ceil(unrounded) != aqi.iaqi(truncated, column):
        found.append("item 1: discontinuous (US-EPA style) segments")
    if unrounded is not None and math.ceil(unrounded) != theirs:
        found.append("item 3: rounds half to even instead of up")
    return found or ["other"]


def compare(data: dict[str, np.ndarray], rows: np.ndarray, ours: aqi.AqiArrays, theirs: list) -> None:
    failed = Counter()
    aqi_difference = Counter()
    level_changes = 0
    iaqi_disagreements = Counter()
    cause_counts = Counter()
    examples: dict[str, tuple] = {}
    compared = 0
    for position, row in enumerate(rows):
        result = theirs[position]
        if isinstance(result, str):
            reason = "SO2 1-hour above 800 (note 2)" if data["so2"][row] > 800 else "above the top breakpoint"
            failed[f"{result}: {reason}"] += 1
            continue
        compared += 1
        their_aqi, their_iaqis = int(result[0]), {key: int(value) for key, value in result[1].items()}
        our_aqi = int(ours.aqi[row])
        if our_aqi != their_aqi:
            aqi_difference[our_aqi - their_aqi] += 1
            level_changes += aqi.level_number(our_aqi) != aqi.level_number(their_aqi)
        for name in POLLUTANTS:
            value = data[name][row]
            if np.isnan(value):
                continue
            our_iaqi = int(ours.iaqi[INDICATOR[name]][row])
            their_iaqi = their_iaqis[PYTHON_AQI_NAMES[name]]
            if our_iaqi != their_iaqi:
                iaqi_disagreements[INDICATOR[name]] += 1
                if compared > CAUSE_SAMPLE:
                    continue
                for cause in causes(name, float(value), their_iaqi):
                    cause_counts[cause] += 1
                    examples.setdefault(cause, (INDICATOR[name], float(value), our_iaqi, their_iaqi))
    disagreeing = sum(aqi_difference.values())
    print(f"  rows compared: {compared:,}; python-aqi raised on {sum(failed.values()):,}")
    for reason, count in failed.most_common():
        print(f"    {reason}: {count:,}")
    print(
        f"  AQI differs on {disagreeing:,} rows ({disagreeing / max(compared, 1):.1%}); "
        f"level differs on {level_changes:,}"
    )
    spread = ", ".join(f"{difference:+d}: {count:,}" for difference, count in sorted(aqi_difference.items()))
    print(f"  gongkai − python-aqi AQI: {spread}")
    print(
        "  IAQI disagreements by pollutant: "
        + ", ".join(f"{k} {v:,}" for k, v in iaqi_disagreements.most_common())
    )
    print(
        f"  IAQI disagreements in the first {min(compared, CAUSE_SAMPLE):,} rows by cause "
        "(standards.md §7.1; "
        "one disagreement can have several):"
    )
    for cause, count in cause_counts.most_common():
        name, value, our_iaqi, their_iaqi = examples[cause]
        print(f"    {cause}: {count:,}   e.g. {name} {value:g} → HJ 633 {our_iaqi}, python-aqi {their_iaqi}")


def time_cli(rows: int) -> None:
    data = station_hours(rows, seed=7)
    times = np.datetime64("2026-02-20T00:00") + (np.arange(rows) // 100).astype("timedelta64[h]")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hours.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["station", "time", *POLLUTANTS])
            columns = [np.where(np.isnan(v), "", v.astype(str)) for v in data.values()]
            writer.writerows(
                zip((f"S{i % 100:03d}" for i in range(rows)), times.astype(str), *columns, strict=True)
            )
        # The child reports its own peak RSS: VmHWM of its address space after exec (ru_maxrss would
        # include the pages of this big parent that the fork briefly shared).
        report = (
            "import atexit, re, runpy, sys; "
            "peak = lambda: re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
            "atexit.register(lambda: print(peak(), file=sys.stderr)); "
            f"sys.argv = ['gongkai.air.cli', 'aqi', '--kind', 'hourly', {str(path)!r}]; "
            "runpy.run_module('gongkai.air.cli', run_name='__main__')"
        )
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", report], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        errors = done.stderr.decode().splitlines()
        status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {errors[:3]}"
        print(
            f"CLI `gongkai air aqi --kind hourly` on a {rows:,}-row CSV ({megabytes(path.stat().st_size)}): "
            f"{elapsed:.1f} s wall / {cpu:.1f} s CPU = {rows / cpu:,.0f} rows per CPU s, "
            f"peak RSS {megabytes(int(errors[-1]) * 1024)} [{status}]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--subset-seconds", type=float, default=30.0, help="time budget for python-aqi")
    parser.add_argument("--cli-rows", type=int, default=1_000_000, help="0 skips the CLI measurement")
    arguments = parser.parse_args()

    print(
        f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, numpy {np.__version__}; ", end=""
    )
    print(f"python-aqi {version('python-aqi')} ({python_aqi.ALGO_MEP})")
    data = station_hours(arguments.rows)
    print(
        f"data: {arguments.rows:,} station-hours × 6 pollutants, "
        f"float64 inputs {megabytes(6 * 8 * arguments.rows)}"
    )

    aqi.hourly_aqi_arrays(
        standard=aqi.Standard.HJ_633_2012, **{k: v[:1000] for k, v in data.items()}
    )  # warm-up
    for label, standard in (
        ("HJ 633-2012", aqi.Standard.HJ_633_2012),
        ("HJ 633-2026", aqi.Standard.HJ_633_2026),
        ("by date, half each", np.where(np.arange(arguments.rows) < arguments.rows // 2, 2012, 2026)),
    ):
        watch, _ = time_engine(data, standard)
        print(
            f"gongkai hourly_aqi_arrays, {label}: {watch} "
            f"= {arguments.rows / watch.cpu / 1e6:.1f} M rows per CPU s"
        )
    watch, ours = time_engine(data, aqi.Standard.HJ_633_2012)
    engine_rate = arguments.rows / watch.cpu
    peak = peak_memory_of_engine(data)
    print(
        f"gongkai peak memory of one call (tracemalloc, beyond the inputs): {megabytes(peak)} "
        f"({peak / arguments.rows:.1f} bytes/row: int16 AQI, 7 IAQIs, masks, standard codes); "
        f"process peak RSS {megabytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)}"
    )

    probe = np.arange(2000)
    probe_watch, _ = run_python_aqi(python_aqi_rows(data, probe))
    subset_size = max(
        2000, min(arguments.rows, int(arguments.subset_seconds / probe_watch.wall * len(probe)))
    )
    subset = np.random.default_rng(1).choice(arguments.rows, subset_size, replace=False)
    subset.sort()
    measures = python_aqi_rows(data, subset)
    python_watch, theirs = run_python_aqi(measures)
    python_rate = subset_size / python_watch.cpu
    print(
        f"python-aqi (ALGO_MEP) AQI with IAQIs on {subset_size:,} of the same rows: {python_watch} = "
        f"{python_rate:,.0f} rows per CPU s → {arguments.rows:,} rows would take "
        f"{arguments.rows / python_rate / 60:.0f} CPU min"
    )
    print(f"throughput ratio gongkai / python-aqi (CPU time): {engine_rate / python_rate:,.0f}×")
    print("where they disagree (HJ 633-2012 real-time method; python-aqi has no 2026 tables):")
    compare(data, subset, ours, theirs)
    if arguments.cli_rows:
        time_cli(arguments.cli_rows)


if __name__ == "__main__":
    main()
