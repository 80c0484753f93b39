"""`gongkai air aqi`: the AQI of every row of a CSV file, under HJ 633-2012 or HJ 633-2026.

Contract: ``gongkai air aqi --kind hourly|daily [--standard 2012|2026] FILE.csv`` (FILE may be "-" for
stdin) writes the input rows to stdout as CSV with five columns appended: aqi, level, category,
primary_pollutants, exceeding_pollutants. Each row's text passes through exactly as read (quoting kept),
UTF-8 without BOM, each record ended by "\\n". Bad input exits with code 2 and a Chinese message per bad
row on stderr; nothing is written to stdout then, so a half-processed file is never mistaken for a
result. Memory stays bounded (rows are handled in blocks; output is spooled, to disk past 64 MiB).

Input columns (header names exact and case-sensitive; a UTF-8 BOM is fine), µg/m³ except CO in mg/m³, an
empty cell is missing:
- so2, no2, co, o3, pm10, pm2_5: hourly = the 1-hour values; daily = the 24-hour means.
- o3_8h: daily = the daily maximum 8-hour mean (required). Hourly = the current 8-hour moving mean,
  optional: per standards.md §1.5/§2.2 it is published *beside* the real-time AQI, not in it, so it is
  checked and passed through but does not enter the AQI.
- o3_1h_max: daily = the daily maximum 1-hour O3, required when a row falls under HJ 633-2012 (HJ
  633-2026 dropped it from the daily AQI).
- so2_24h (optional, an addition to the contract): hourly = the SO2 24-hour moving mean; HJ 633-2012
  Table 1 note 2 takes the SO2 IAQI from it when the 1-hour SO2 exceeds 800 µg/m³. Without it that IAQI
  is not computed.
- In daily mode ``o3`` (a 24-hour O3 mean) has no IAQI in either version and is only checked and passed
  through.
- time (optional): ISO date or datetime of the data (Beijing time unless zoned; ISO's "24:00" ends
  its day); selects the standard per row when --standard is not given: before 2026-03-01 HJ 633-2012,
  from then on HJ 633-2026. With --standard it is not read. With neither, HJ 633-2026 applies (the
  standard in force; no clock is read).

Output cells: aqi and level (1-6) are integers, category is 优 … 严重污染; pollutant lists are joined by
";" from SO2, NO2, CO, O3, O3_8h, PM10, PM2.5; exceeding_pollutants is always empty under HJ 633-2026.
When no AQI can be published (every indicator missing, or HJ 633-2026 5.3.1 with an indicator missing
and AQI ≤ 100) the five cells are empty. Row numbers in messages are the file lines the rows start on
(the header is line 1); blank lines are not rows and are dropped.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import io
import itertools
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

import click
import numpy as np

from gongkai.air import aqi as hj633

NUMERIC_COLUMNS = ("so2", "no2", "co", "o3", "pm10", "pm2_5", "o3_8h", "o3_1h_max", "so2_24h")
REQUIRED_COLUMNS = {
    hj633.Kind.HOURLY: ("so2", "no2", "co", "o3", "pm10", "pm2_5"),
    hj633.Kind.DAILY: ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h"),
}
O3_1H_MAX = "o3_1h_max"
TIME_COLUMN = "time"
OUTPUT_COLUMNS = ("aqi", "level", "category", "primary_pollutants", "exceeding_pollutants")
DEFAULT_STANDARD = hj633.Standard.HJ_633_2026
UNREADABLE = 0  # standard code of a row whose time cannot be read
EXIT_BAD_INPUT = 2
MAX_MESSAGES = 20
_ROWS_PER_CHUNK = 1 << 16
_SPOOL_BYTES = 64 << 20

# Cells the fast float() path may see; anything else (nan, inf, 1_000, full-width digits)
# is checked cell by cell.
_UNUSUAL = re.compile(r"[^0-9.eE+\- \t]")
_NUMBER = re.compile(r"[ \t]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t]*")

# Output cell texts by AQI + 1, level, and pollutant bit mask.
_AQI_TEXT = np.array(["", *map(str, range(hj633.IAQI_STEPS[-1] + 1))], dtype=object)
_LEVEL_TEXT = np.array(["", *map(str, range(1, 7))], dtype=object)
_CATEGORY_TEXT = np.array(["", *hj633.CATEGORIES], dtype=object)
_MASK_TEXT = np.array(
    [";".join(hj633.names_of(mask)) for mask in range(1 << len(hj633.INDICATORS))], dtype=object
)


class BadInput(Exception):
    """A problem with the whole input (not one row): reported alone."""


@dataclass
class Problems:
    """Every problem is counted; the messages of the first MAX_MESSAGES lines are kept, in line order."""

    kept: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0

    @property
    def messages(self) -> list[str]:
        return [message for _, message in self.kept]

    def add(self, message: str, line: int = 0) -> None:
        self.add_each([0], lambda _: line, lambda _: message)

    def add_each(
        self, positions: Sequence[int], line: Callable[[int], int], message: Callable[[int], str]
    ) -> None:
        """One problem per position; ``positions`` ascend, so their lines do too."""
        self.total += len(positions)
        for position in positions:
            number = line(position)
            if len(self.kept) == MAX_MESSAGES and number >= self.kept[-1][0]:
                break
            bisect.insort(self.kept, (number, message(position)))
            del self.kept[MAX_MESSAGES:]


@click.group(name="air", help="环境空气质量工具（AQI 计算等）。")
def air() -> None:
    """Air-quality commands, mounted under the ``gongkai`` console script."""


@air.command(
    "aqi",
    help=(
        "按 HJ 633-2012 / HJ 633-2026 计算 CSV 文件每一行的空气质量指数（AQI），"
        "在原有列之后追加 aqi, level, category, primary_pollutants, exceeding_pollutants 五列，"
        "输出到标准输出。\n\n"
        "输入列（区分大小写）：so2, no2, co, o3, pm10, pm2_5（hourly 为1小时值，daily 为24小时平均）；"
        "o3_8h（daily 必需，为臭氧日最大8小时平均；hourly 可选，为8小时滑动平均，"
        "只随表发布，不参与实时 AQI）；"
        "o3_1h_max（daily，臭氧日最大1小时平均，按 HJ 633-2012 计算的行必需）；"
        "so2_24h（hourly 可选，SO2 24小时滑动平均，仅用于 HJ 633-2012 表1注2：SO2 1小时浓度超过 800 时）；"
        "time（可选，ISO 日期或日期时间，北京时间；“24:00”表示当日结束）。"
        "单位 µg/m³，CO 为 mg/m³；空单元格表示缺测。\n\n"
        "标准：给出 --standard 时全部按该标准（不读取 time 列）；否则按 time 列逐行选择"
        "（2026-03-01 之前 HJ 633-2012，之后 HJ 633-2026）；"
        "既无 --standard 也无 time 列时按现行的 HJ 633-2026。\n\n"
        "无法发布 AQI 的行（全部缺测，或 HJ 633-2026 5.3.1 缺项且 AQI 不大于 100）追加列为空。"
        "输入有误时不输出结果，在标准错误中按行号（表头为第1行）列出问题，退出码为 2。"
    ),
)
@click.option(
    "--kind", "kind_text", default=None, metavar="hourly|daily", help="hourly（实时报）或 daily（日报）。"
)
@click.option(
    "--standard",
    "standard_text",
    default=None,
    metavar="2012|2026",
    help="指定标准版本：2012 = HJ 633-2012，2026 = HJ 633-2026。",
)
@click.argument("file", metavar="FILE.csv")
def aqi_command(kind_text: str | None, standard_text: str | None, file: str) -> None:
    problems = Problems()
    try:
        kind = _kind(kind_text)
        standard = _standard(standard_text)
        with (
            _open(file) as source,
            tempfile.SpooledTemporaryFile(_SPOOL_BYTES, "w+", encoding="utf-8", newline="") as spool,
        ):
            _process(source, spool, kind, standard, problems)
            if not problems.total:
                spool.seek(0)
                _copy_to_stdout(spool)
    except BadInput as error:
        problems.add(str(error))
    except UnicodeDecodeError:
        problems.add("文件不是 UTF-8 编码，请另存为 UTF-8 后重试")
    except csv.Error as error:
        problems.add(f"CSV 格式错误：{error}")
    if problems.total:
        for message in problems.messages:
            click.echo(message, err=True)
        if problems.total > len(problems.messages):
            click.echo(f"……共 {problems.total} 处错误，仅列出前 {len(problems.messages)} 处", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _kind(text: str | None) -> hj633.Kind:
    if text is None:
        raise BadInput("缺少 --kind 选项，应为 hourly 或 daily")
    try:
        return hj633.Kind(text)
    except ValueError:
        raise BadInput(f"--kind 应为 hourly 或 daily，而不是“{text}”") from None


def _standard(text: str | None) -> hj633.Standard | None:
    if text is None:
        return None
    if text.strip() in ("2012", "2026"):
        return hj633.Standard(int(text))
    raise BadInput(f"--standard 应为 2012 或 2026，而不是“{text}”")


@contextlib.contextmanager
def _open(file: str) -> Iterator[IO[str]]:
    if file == "-":
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
        try:
            yield stdin
        finally:
            stdin.detach()  # leave the process's stdin open
        return
    try:
        source = open(file, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise BadInput(f"文件不存在：{file}") from None
    except PermissionError:
        raise BadInput(f"没有读取权限：{file}") from None
    except OSError as error:
        raise BadInput(f"无法读取文件 {file}：{error.strerror}") from None
    with source:
        yield source


def _copy_to_stdout(spool: IO[str]) -> None:
    stdout = sys.stdout.buffer
    while block := spool.read(1 << 20):
        stdout.write(block.encode("utf-8"))
    stdout.flush()


@dataclass(frozen=True)
class _Layout:
    """Where the columns this command reads sit in the header."""

    width: int
    numeric: dict[str, int]
    time: int | None


def _layout(header: Sequence[str], kind: hj633.Kind) -> _Layout:
    duplicated = sorted({name for name in header if header.count(name) > 1} & {*NUMERIC_COLUMNS, TIME_COLUMN})
    if duplicated:
        raise BadInput(f"第1行：列名重复：{', '.join(duplicated)}")
    missing = [name for name in REQUIRED_COLUMNS[kind] if name not in header]
    if missing:
        raise BadInput(f"第1行：缺少必需的列：{', '.join(missing)}（{kind.value} 模式）")
    return _Layout(
        width=len(header),
        numeric={name: header.index(name) for name in NUMERIC_COLUMNS if name in header},
        time=header.index(TIME_COLUMN) if TIME_COLUMN in header else None,
    )


def _process(
    source: IO[str], spool: IO[str], kind: hj633.Kind, standard: hj633.Standard | None, problems: Problems
) -> None:
    records = _Records(source)
    header = next((chunk for chunk in records.chunks(1) if chunk.rows), None)
    if header is None:
        raise BadInput("文件为空，缺少表头")
    layout = _layout(header.rows[0], kind)
    spool.write(f"{header.texts[0].rstrip(_LINE_END)},{','.join(OUTPUT_COLUMNS)}\n")
    for chunk in records.chunks(_ROWS_PER_CHUNK):
        chunk = _well_formed(chunk, layout, problems)
        extra = _output_cells(chunk, layout, kind, standard, problems)
        if extra is not None:  # the input text of each row, unchanged, then the five cells
            spool.write(
                "".join(
                    [
                        f"{text.rstrip(_LINE_END)},{cells}\n"
                        for text, cells in zip(chunk.texts, extra, strict=True)
                    ]
                )
            )


_LINE_END = "\r\n"


@dataclass(frozen=True)
class _Chunk:
    rows: list[list[str]]  # parsed fields
    texts: list[str]  # each row's text as read, line end included
    lines: list[int]  # the file line each row starts on

    def only(self, positions: Sequence[int]) -> _Chunk:
        return _Chunk(*([items[p] for p in positions] for items in (self.rows, self.texts, self.lines)))


class _Records:
    """The CSV records of a text file with each one's text and first line, so that rows pass through byte
    for byte and messages name the line an editor shows (a quoted field may span lines)."""

    def __init__(self, source: IO[str]) -> None:
        self._taken: list[str] = []  # the lines of the record being read
        self._lines_read = 0
        self._reader = csv.reader(self._capture(source))

    def _capture(self, source: IO[str]) -> Iterator[str]:
        for line in source:
            self._taken.append(line)
            yield line

    def chunks(self, size: int) -> Iterator[_Chunk]:
        taken = self._taken
        while True:
            rows: list[list[str]] = []
            texts: list[str] = []
            lines: list[int] = []
            read = 0
            for row in itertools.islice(self._reader, size):
                read += 1
                if row:  # a blank line is not a row
                    rows.append(row)
                    texts.append(taken[0] if len(taken) == 1 else "".join(taken))
                    lines.append(self._lines_read + 1)
                self._lines_read += len(taken)
                taken.clear()
            if not read:
                return
            yield _Chunk(rows, texts, lines)


def _output_cells(
    chunk: _Chunk, layout: _Layout, kind: hj633.Kind, standard: hj633.Standard | None, problems: Problems
) -> list[str] | None:
    """The five appended cells of each row, comma-joined; None once the input has a problem (rows are still
    checked so that every problem is reported)."""
    rows, lines = chunk.rows, chunk.lines
    if not rows:
        return None if problems.total else []
    fields = list(zip(*rows, strict=True))  # column-wise cells (rows are all header-wide here)
    columns = {name: _numbers(fields[index], lines, name, problems) for name, index in layout.numeric.items()}
    times = None if layout.time is None else fields[layout.time]
    codes = _standards(times, len(rows), lines, standard, problems)
    if kind is hj633.Kind.DAILY and O3_1H_MAX not in columns:
        problems.add_each(
            np.flatnonzero(codes == hj633.Standard.HJ_633_2012.value),
            lines.__getitem__,
            lambda p: f"第{lines[p]}行：按 HJ 633-2012 计算日报需要 {O3_1H_MAX} 列（臭氧日最大1小时平均）",
        )
    if problems.total:
        return None
    result = _aqi(kind, codes, columns)
    # No cell needs CSV quoting: digits, the category names and pollutant names joined by ";".
    return [
        ",".join(cells)
        for cells in zip(
            _AQI_TEXT[result.aqi.astype(np.intp) + 1],
            _LEVEL_TEXT[result.level],
            _CATEGORY_TEXT[result.level],
            _MASK_TEXT[result.primary],
            _MASK_TEXT[result.exceeding],
            strict=True,
        )
    ]


def _well_formed(chunk: _Chunk, layout: _Layout, problems: Problems) -> _Chunk:
    """The rows with as many fields as the header; the others are reported."""
    if set(map(len, chunk.rows)) <= {layout.width}:
        return chunk
    bad = [position for position, row in enumerate(chunk.rows) if len(row) != layout.width]
    problems.add_each(
        bad,
        chunk.lines.__getitem__,
        lambda p: f"第{chunk.lines[p]}行：有 {len(chunk.rows[p])} 个字段，表头有 {layout.width} 个",
    )
    return chunk.only([position for position, row in enumerate(chunk.rows) if len(row) == layout.width])


def _numbers(cells: Sequence[str], lines: Sequence[int], name: str, problems: Problems) -> np.ndarray:
    values = None
    if not _UNUSUAL.search("".join(cells)):  # so float() below sees no nan, inf, 1_0 or full-width digits
        try:
            values = np.fromiter(map(float, [cell or "nan" for cell in cells]), np.float64, len(cells))
        except ValueError:
            values = None  # a cell such as "1.2.3", "+" or blanks: sort it out below
    if values is None:
        values = _numbers_one_by_one(cells, lines, name, problems)
    problems.add_each(
        np.flatnonzero(values < 0),
        lines.__getitem__,
        lambda p: f"第{lines[p]}行：{name} 为负数（{cells[p].strip()}），浓度不能为负",
    )
    problems.add_each(
        np.flatnonzero(np.isinf(values)),
        lines.__getitem__,
        lambda p: f"第{lines[p]}行：{name} 的值“{cells[p].strip()}”超出数值范围",
    )
    return values


def _numbers_one_by_one(
    cells: Sequence[str], lines: Sequence[int], name: str, problems: Problems
) -> np.ndarray:
    values = np.full(len(cells), np.nan)
    bad = []
    for position, cell in enumerate(cells):
        if not cell.strip():
            continue
        if _NUMBER.fullmatch(cell):
            values[position] = float(cell)
        else:
            bad.append(position)
    problems.add_each(bad, lines.__getitem__, lambda p: f"第{lines[p]}行：{name} 的值“{cells[p]}”不是数字")
    return values


def _standards(
    times: Sequence[str] | None,
    rows: int,
    lines: Sequence[int],
    standard: hj633.Standard | None,
    problems: Problems,
) -> np.ndarray:
    """Standard code per row: --standard, else the time column, else the default."""
    if times is None:
        return np.full(rows, (standard or DEFAULT_STANDARD).value, dtype=np.int16)
    known = {text: _standard_of_time(text.strip(), standard) for text in set(times)}
    codes = np.fromiter(map(known.__getitem__, times), dtype=np.int16, count=len(times))
    bad = np.flatnonzero(codes == UNREADABLE)
    codes[bad] = DEFAULT_STANDARD.value
    problems.add_each(
        bad,
        lines.__getitem__,
        lambda p: (
            f"第{lines[p]}行：time 的值“{times[p]}”不是 ISO 日期或日期时间"
            "（例如 2026-03-01 或 2026-03-01T08:00）"
        ),
    )
    return codes


# ISO 8601 allows 24:00 for the end of a day; hourly data labelled by the hour's end use it
# ("2026-02-28 24:00" is the last hour of 28 February, evaluated under that day's standard).
END_OF_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]24:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?")


def _standard_of_time(text: str, standard: hj633.Standard | None) -> int:
    """The row's standard code, or UNREADABLE. With --standard the time is not read (it passes
    through as any other column); without it an empty or non-ISO time cannot be evaluated."""
    if standard is not None:
        return standard.value
    end_of_day = END_OF_DAY.fullmatch(text)
    try:
        moment = datetime.fromisoformat(end_of_day.group(1) if end_of_day else text)
    except ValueError:
        return UNREADABLE
    return hj633.standard_for(moment).value


def _aqi(kind: hj633.Kind, codes: np.ndarray, columns: dict[str, np.ndarray]) -> hj633.AqiArrays:
    sources = hj633.HOURLY_SOURCES if kind is hj633.Kind.HOURLY else hj633.DAILY_SOURCES
    inputs = {name: columns[name] for name in sources if name in columns}
    if kind is hj633.Kind.HOURLY:
        return hj633.hourly_aqi_arrays(standard=codes, **inputs)
    return hj633.daily_aqi_arrays(standard=codes, **inputs)


if __name__ == "__main__":
    air()
