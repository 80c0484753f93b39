"""Benchmark: GB 3838-2002 section class of 1 million samples with gongkai.water.gb3838.

Prints, from one run over the same synthetic samples: the vectorised engine (`classify_batch`: 21 item
classes, section class, top-three main pollutants, target compliance) in samples per second on one core,
with and without the main pollutants; a plain per-row Python loop over the same rows (float comparisons
against the limits, the obvious hand-written implementation); the exact per-sample API (`evaluate`, Decimal
arithmetic) on a subset; and `gongkai water classify` end to end on a CSV file. Every subset row is checked:
engine, plain loop and `evaluate` must agree on the class (and the engine with `evaluate` on the main
pollutants), so a fast wrong answer cannot pass as a figure. Issue 14 asks ≥ 1,000,000 samples/s per core.

Run: .venv/bin/python bench/bench_water.py [--rows N] [--subset N] [--cli-rows N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

from gongkai.water import gb3838
from gongkai.water.gb3838 import Direction, WaterBody, WaterClass

MISSING_SHARE = 0.02
LAKE_SHARE = 0.15


def synthetic(rows: int, seed: int = 3838) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Values spread around each item's Class I-II limits (log-normal, σ 0.4), reported to one decimal place
    finer than the limits are written, 2 % missing; pH ~ N(7.6, 0.5); DO ~ N(8, 1)."""
    generator = np.random.default_rng(seed)
    values: dict[str, np.ndarray] = {}
    for item in gb3838.EVALUATED_ITEMS:
        if item.direction is Direction.RANGE:
            column = generator.normal(7.6, 0.5, rows).round(2)
        elif item.direction is Direction.AT_LEAST:
            column = np.clip(generator.normal(8.0, 1.0, rows), 0, None).round(1)
        else:
            places = max(-limit.as_tuple().exponent for limit in (*item.limits, *item.lake_limits)) + 1
            median = float(item.limits[0] + item.limits[1]) / 2 * 0.5
            column = (median * generator.lognormal(0, 0.4, rows)).round(places)
        column[generator.random(rows) < MISSING_SHARE] = np.nan
        values[item.code] = column
    lake = generator.random(rows) < LAKE_SHARE
    target = generator.integers(2, 5, rows).astype(np.int8)  # targets II-IV
    return values, lake, target


# The plain loop: tables as floats, compared row by row, the way one would write it without numpy.
_PLAIN = [
    (
        item.code,
        item.direction,
        [float(x) for x in item.limits],
        [float(x) for x in item.lake_limits or item.limits],
    )
    for item in gb3838.EVALUATED_ITEMS
]


def plain_class(row: dict[str, float], lake: bool) -> int:
    worst = 0
    for code, direction, limits, lake_limits in _PLAIN:
        value = row[code]
        if value != value:  # NaN: not measured
            continue
        if direction is Direction.RANGE:
            found = 1 if 6 <= value <= 9 else 6
        else:
            found = 6
            for number, limit in enumerate(lake_limits if lake else limits, start=1):
                if (value <= limit) if direction is Direction.AT_MOST else (value >= limit):
                    found = number
                    break
        worst = max(worst, found)
    return worst


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--subset", type=int, default=50_000)
    parser.add_argument("--cli-rows", type=int, default=100_000)
    arguments = parser.parse_args()
    rows = arguments.rows

    values, lake, target = synthetic(rows)
    print(f"samples: {rows:,} (21 evaluated items, {MISSING_SHARE:.0%} missing, {LAKE_SHARE:.0%} lakes)")

    gb3838.classify_batch({k: v[:1000] for k, v in values.items()}, lake=lake[:1000], target=target[:1000])
    no_main = gb3838.Rules(main_pollutant_count=0)
    batch, seconds = timed(gb3838.classify_batch, values, lake=lake, target=target, rules=no_main)
    print(
        f"engine, classes + section class + target:      {seconds:7.3f} s  {rows / seconds:>12,.0f} samples/s"
    )
    batch, seconds = timed(gb3838.classify_batch, values, lake=lake, target=target)
    print(
        f"engine, with top-three main pollutants:        {seconds:7.3f} s  {rows / seconds:>12,.0f} samples/s"
    )
    shares = np.bincount(batch.water_class, minlength=7)[1:] / rows
    print("class mix: " + ", ".join(f"{c.code} {s:.1%}" for c, s in zip(WaterClass, shares, strict=True)))

    subset = min(arguments.subset, rows)
    records = [{code: float(column[i]) for code, column in values.items()} for i in range(subset)]
    plain, seconds = timed(lambda: [plain_class(r, bool(lake[i])) for i, r in enumerate(records)])
    print(
        f"plain Python loop, {subset:,} rows:         {seconds:7.3f} s  {subset / seconds:>12,.0f} samples/s"
    )

    exact_rows = [{code: None if v != v else Decimal(repr(v)) for code, v in r.items()} for r in records]

    def run_evaluate():
        return [
            gb3838.evaluate(
                r, WaterBody.LAKE if lake[i] else WaterBody.RIVER, target_class=WaterClass(int(target[i]))
            )
            for i, r in enumerate(exact_rows)
        ]

    evaluations, seconds = timed(run_evaluate)
    print(
        f"exact evaluate(), {subset:,} rows:          {seconds:7.3f} s  {subset / seconds:>12,.0f} samples/s"
    )

    for index, evaluation in enumerate(evaluations):
        expected = evaluation.water_class or 0
        picked = [batch.items[c].code for c in batch.main[index] if c >= 0]
        if batch.water_class[index] != expected or plain[index] != expected:
            sys.exit(f"disagreement on row {index}: engine {batch.water_class[index]}, plain {plain[index]}")
        if picked != [p.code for p in evaluation.main_pollutants]:
            sys.exit(f"main pollutants differ on row {index}")
    print(
        f"agreement: engine = plain loop = evaluate() on all {subset:,} subset rows (class, main pollutants)"
    )

    cli_rows = min(arguments.cli_rows, rows)
    codes = list(values)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "samples.csv"
        with path.open("w", encoding="utf-8") as handle:
            handle.write(",".join(["id", *codes, "water_body", "target_class"]) + "\n")
            for i in range(cli_rows):
                cells = ["" if np.isnan(values[c][i]) else repr(float(values[c][i])) for c in codes]
                body = "lake" if lake[i] else "river"
                handle.write(",".join([f"S{i}", *cells, body, str(int(target[i]))]) + "\n")
        command = [sys.executable, "-m", "gongkai.cli", "water", "classify", str(path)]
        environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, env=environment, check=False)
        seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stderr.decode())
    print(
        f"water classify CLI, {cli_rows:,} rows:      {seconds:7.3f} s  {cli_rows / seconds:>12,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
