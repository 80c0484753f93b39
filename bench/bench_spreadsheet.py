"""Benchmark: the one CSV/XLSX reader (gongkai.intake.spreadsheet) on a month of hourly air data for
100 stations (73,000 rows), as UTF-8 with BOM, GBK and XLSX; the csv module's DictReader alone is
printed beside it as the floor.

Run: .venv/bin/python bench/bench_spreadsheet.py [--rows 73000]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook

from gongkai.intake.spreadsheet import read_table

HEADER = ["station", "time", "so2", "no2", "co", "o3", "pm10", "pm2_5"]


def rows(count: int) -> list[list[str]]:
    return [
        [
            f"B{n % 100:05d}",
            f"2026-01-{1 + n // 2400 % 28:02d} {n // 100 % 24:02d}:00",
            "8",
            "30",
            "0.7",
            "60",
            "70",
            "45",
        ]
        for n in range(count)
    ]


def timed(label: str, size: int, read) -> None:
    start = time.perf_counter()
    count = read()
    print(f"{label:<22} {count:>8} rows  {size / 1e6:5.1f} MB  {time.perf_counter() - start:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=73_000)
    args = parser.parse_args()
    data = rows(args.rows)
    text = "\r\n".join(",".join(row) for row in [HEADER, *data])
    utf8 = text.encode("utf-8-sig")
    timed(
        "DictReader (floor)",
        len(utf8),
        lambda: len(list(csv.DictReader(io.StringIO(utf8.decode("utf-8-sig"))))),
    )
    timed("CSV UTF-8 with BOM", len(utf8), lambda: len(read_table("a.csv", utf8, max_rows=10**7)))
    gbk = text.encode("gbk")
    timed("CSV GBK", len(gbk), lambda: len(read_table("a.csv", gbk, max_rows=10**7)))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = buffer.getvalue()
    timed("XLSX (openpyxl r/o)", len(xlsx), lambda: len(read_table("a.xlsx", xlsx, max_rows=10**7)))


if __name__ == "__main__":
    main()
