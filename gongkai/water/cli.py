"""`gongkai water …`: surface-water quality tools (GB 3838-2002, 环办〔2011〕22号).

Contract of ``gongkai water classify FILE.csv`` (issue 14; FILE may be "-" for stdin):
- A header row names the columns. Item columns are the codes ``ph, do, codmn, cod, bod5, nh3_n, tp, tn, cu,
  zn, fluoride, se, as, hg, cd, cr6, pb, cn, volatile_phenol, petroleum, las, sulfide, fecal_coliform`` (and
  ``temp``), or the items' Chinese names as GB 3838-2002 prints them (总磷, 氨氮, pH值 …) or a common alias
  (TP, NH3-N, COD …); any subset. mg/L, faecal coliforms per L; an empty cell is not measured; a value below
  the detection limit is written "<0.01" or "0.01L" and counts as half the limit
  (``--below-detection-factor``).
- Optional ``water_body`` (river | lake, or 河流 / 湖库 / 湖泊 / 水库; empty = river) and ``target_class``
  (I … V, Ⅰ … Ⅴ or 1 … 5; empty = none). Every other column passes through.
- Output on stdout: the header and every row as read (re-quoted by the csv module only where needed), with
  four columns appended: ``water_class`` (I, II, III, IV, V, 劣V; empty when no evaluated item was
  measured), ``status`` (优 … 重度污染), ``main_pollutants`` (item names with their 超标倍数 against
  Class III, ``;``-joined, e.g. ``总磷(0.6);氨氮(0.2)``), ``meets_target`` (是 / 否; empty without a target).
- Bad input exits with code 2, a Chinese message per bad row on stderr naming its line (the header is line
  1) and the reason; nothing is written to stdout then, so a half result is never mistaken for a result.
- Encoding: UTF-8 (a BOM is fine); a file that is not UTF-8 is read as GB 18030 (what Excel writes on a
  Chinese Windows). The file is read whole; the classification itself is vectorised (gb3838.classify_batch).
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import click
import numpy as np

from gongkai.water import gb3838
from gongkai.water.gb3838 import Direction, Item, WaterBody, WaterClass

WATER_BODY_COLUMN = "water_body"
TARGET_COLUMN = "target_class"
OUTPUT_COLUMNS = ("water_class", "status", "main_pollutants", "meets_target")
EXIT_BAD_INPUT = 2
MAX_MESSAGES = 20
PH_SCALE = (0.0, 14.0)
# Cells the float fast path may take; anything else (full-width digits, "<0.01", nan, 1_0) is parsed exactly.
_UNUSUAL = re.compile(r"[^0-9.eE+\- \t]")
_UNUSUAL_IN_COLUMN = re.compile(r"[^0-9.eE+\- \t\n]")
YES, NO = "是", "否"


class BadInput(Exception):
    """A problem with the whole input (not one row): reported alone."""


@dataclass
class Problems:
    """Every problem counts; the first MAX_MESSAGES by line are shown."""

    found: list[tuple[int, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.found)

    @property
    def messages(self) -> list[str]:
        return [message for _, message in sorted(self.found, key=lambda entry: entry[0])[:MAX_MESSAGES]]

    def add(self, line: int, message: str) -> None:
        self.found.append((line, f"第{line}行：{message}"))


@dataclass
class Parsed:
    header: list[str]
    rows: list[list[str]]
    columns: dict[str, int]  # item code → column index (classified items)
    values: dict[str, np.ndarray]  # item code → effective values (NaN = not measured)
    exact: dict[str, dict[int, Decimal]]  # item code → row → exact effective value, where not the cell text
    lake: np.ndarray
    target: np.ndarray


@click.group(name="water", help="地表水环境质量工具（GB 3838-2002 水质类别评价等）。")
def water() -> None:
    """Surface-water commands, mounted under the ``gongkai`` console script."""


@water.command(
    "classify",
    help=(
        "按 GB 3838-2002 和《地表水环境质量评价办法（试行）》（环办〔2011〕22号）"
        "评价 CSV 文件每一行的水质类别，在原有列之后追加 water_class（I、II、III、IV、V、劣V）、"
        "status（优、良好、轻度污染、中度污染、重度污染）、"
        "main_pollutants（主要污染指标及其超过Ⅲ类标准的倍数，如“总磷(0.6)”，以分号分隔）、"
        "meets_target（是否达到目标类别：是/否）四列，输出到标准输出。\n\n"
        "项目列名用代码（ph, do, codmn, cod, bod5, nh3_n, tp, tn, cu, zn, fluoride, se, as, hg, cd, cr6, pb, "
        "cn, volatile_phenol, petroleum, las, sulfide, fecal_coliform）或中文名称（如 总磷、氨氮、pH值），"
        "单位 mg/L（粪大肠菌群为 个/L）；空单元格表示未监测；低于检出限写作“<0.01”或“0.01L”。"
        "水温、总氮、粪大肠菌群不参与类别评价。可选列 water_body（river 河流 / lake 湖库，默认河流）和 "
        "target_class（目标类别）；其他列原样输出。\n\n"
        "输入有误时不输出结果，在标准错误中按行号（表头为第1行）列出问题，退出码为 2。"
    ),
)
@click.option(
    "--below-detection-factor",
    "factor_text",
    default="0.5",
    show_default=True,
    metavar="0-1",
    help="低于检出限的数值按检出限乘以此系数参与评价。",
)
@click.argument("file", metavar="FILE.csv")
def classify_command(factor_text: str, file: str) -> None:
    try:
        factor = Decimal(factor_text)
        rules = gb3838.Rules(below_detection_factor=factor)
    except (InvalidOperation, ValueError):
        _fail(f"--below-detection-factor “{factor_text}”无效，应为 0 到 1 之间的数。")
    try:
        text = _read_text(file)
        problems = Problems()
        parsed = parse(text, rules, problems)
    except BadInput as error:
        _fail(str(error))
    if problems.total:
        for message in problems.messages:
            click.echo(message, err=True)
        if problems.total > len(problems.messages):
            click.echo(f"……另有{problems.total - len(problems.messages)}处问题未列出。", err=True)
        _fail(f"共{problems.total}处问题，未输出结果。")
    sys.stdout.write(render(parsed, rules))


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def _read_text(file: str) -> str:
    try:
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(file, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise BadInput(f"无法读取文件“{file}”：{error.strerror or error}") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise BadInput("文件编码无法识别，请保存为 UTF-8 编码的 CSV 文件。") from error


def parse(text: str, rules: gb3838.Rules, problems: Problems) -> Parsed:
    """Read and check the whole file; every bad cell is a problem with its line number."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise BadInput("文件为空：第1行应为表头。") from None
    except csv.Error as error:
        raise BadInput(f"第1行：CSV 格式错误（{error}）。") from error
    items, special = _read_header(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous = reader.line_num
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line is not a row
            if len(row) != len(header):
                problems.add(start, f"有{len(row)}列，表头有{len(header)}列。")
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as error:
        raise BadInput(f"第{reader.line_num}行：CSV 格式错误（{error}）。") from error
    values: dict[str, np.ndarray] = {}
    exact: dict[str, dict[int, Decimal]] = {}
    columns: dict[str, int] = {}
    for column, item in items.items():
        if item.direction is Direction.NONE:
            continue  # water temperature: checked, not classified
        columns[item.code] = column
        values[item.code], exact[item.code] = _read_column(
            [row[column] for row in rows], item, header[column].strip(), lines, rules, problems
        )
    for column, item in items.items():
        if item.direction is Direction.NONE:
            _read_column([row[column] for row in rows], item, header[column].strip(), lines, rules, problems)
    lake = _read_choices(rows, special.get(WATER_BODY_COLUMN), lines, problems, _water_body_cell, False)
    target = _read_choices(rows, special.get(TARGET_COLUMN), lines, problems, _target_cell, 0)
    return Parsed(
        header, rows, columns, values, exact, np.array(lake, dtype=bool), np.array(target, dtype=np.int8)
    )


def _read_column(
    cells: list[str], item: Item, name: str, lines: list[int], rules: gb3838.Rules, problems: Problems
) -> tuple[np.ndarray, dict[int, Decimal]]:
    """A column of plain numbers is converted by numpy in one go; otherwise each cell takes a float fast path
    or, when unusual (below detection, full-width digits, errors), gb3838.parse_measurement, whose exact
    effective value is kept for the multiples."""
    if not _UNUSUAL_IN_COLUMN.search("\n".join(cells)):
        try:
            texts = [cell if cell and not cell.isspace() else "nan" for cell in cells]
            column = np.fromiter(map(float, texts), dtype=np.float64, count=len(texts))
        except ValueError:
            pass  # "1.2.3", "+": the cell loop names them
        else:
            if not (np.isinf(column) | (column < 0)).any():
                if item.direction is Direction.RANGE:
                    for number in np.flatnonzero((column < PH_SCALE[0]) | (column > PH_SCALE[1])):
                        problems.add(lines[number], f"{name}：pH值“{cells[number].strip()}”超出 0～14。")
                return column, {}
    column = np.full(len(cells), np.nan)
    exact: dict[int, Decimal] = {}
    for number, cell in enumerate(cells):
        if not cell or cell.isspace():
            continue
        value: float | None = None
        if not _UNUSUAL.search(cell):
            try:
                value = float(cell)
            except ValueError:
                value = None
            if value is not None and not (value >= 0 and math.isfinite(value)):
                value = None
        if value is None:
            try:
                measurement = gb3838.parse_measurement(cell)
            except gb3838.BadValue as error:
                problems.add(lines[number], f"{name}：{error.reason}。")
                continue
            if measurement is None:
                continue
            effective = measurement.effective(rules)
            exact[number], value = effective, float(effective)
        if item.direction is Direction.RANGE and not PH_SCALE[0] <= value <= PH_SCALE[1]:
            problems.add(lines[number], f"{name}：pH值“{cell.strip()}”超出 0～14。")
            continue
        column[number] = value
    return column, exact


def _read_choices(rows, column, lines, problems, read, default):
    """A water_body or target_class column, each distinct text read once."""
    if column is None:
        return [default] * len(rows)
    seen: dict[str, tuple[object, str | None]] = {}
    result = []
    for number, row in enumerate(rows):
        cell = row[column].strip()
        if cell not in seen:
            seen[cell] = read(cell) if cell else (default, None)
        value, message = seen[cell]
        if message:
            problems.add(lines[number], message)
        result.append(value)
    return result


def _water_body_cell(cell: str) -> tuple[bool, str | None]:
    try:
        return gb3838.parse_water_body(cell) is WaterBody.LAKE, None
    except ValueError:
        return False, f"water_body“{cell}”无效，应为 river（河流）或 lake（湖库）。"


def _target_cell(cell: str) -> tuple[int, str | None]:
    try:
        target = gb3838.parse_class(cell)
    except ValueError:
        return 0, f"target_class“{cell}”无效，应为 I～V（或Ⅰ～Ⅴ、1～5）。"
    if target is WaterClass.WORSE_THAN_V:
        return 0, "target_class 不能是劣V类。"
    return int(target), None


def _read_header(header: Sequence[str]) -> tuple[dict[int, Item], dict[str, int]]:
    items: dict[int, Item] = {}
    special: dict[str, int] = {}
    seen: dict[str, str] = {}
    for index, name in enumerate(header):
        key = name.strip()
        if key in OUTPUT_COLUMNS:
            raise BadInput(f"第1行：输入已有输出列“{key}”，请改名或删除后再评价。")
        if key in (WATER_BODY_COLUMN, TARGET_COLUMN):
            if key in special:
                raise BadInput(f"第1行：列“{key}”重复。")
            special[key] = index
            continue
        item = gb3838.item_by_name(key) if key else None
        if not isinstance(item, Item):
            continue  # passes through (Table 2/3 items too: classify evaluates Table 1)
        if item.code in seen:
            raise BadInput(f"第1行：列“{seen[item.code]}”和“{key}”是同一项目（{item.name}）。")
        seen[item.code] = key
        items[index] = item
    if not any(item.in_class for item in items.values()):
        raise BadInput("第1行：表头中没有参与类别评价的项目列（如 ph、do、codmn、nh3_n、tp）。")
    return items, special


def render(parsed: Parsed, rules: gb3838.Rules) -> str:
    batch = gb3838.classify_batch(parsed.values, lake=parsed.lake, target=parsed.target, rules=rules)
    reference = rules.reference_class
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*parsed.header, *OUTPUT_COLUMNS])
    class_text = ["", *(c.code for c in WaterClass)]
    status_text = ["", *(c.status.value for c in WaterClass)]
    meets_text = {-1: "", 0: NO, 1: YES}
    for index, row in enumerate(parsed.rows):
        water_class = int(batch.water_class[index])
        pollutants = []
        for column in batch.main[index]:
            if column < 0:
                break
            item = batch.items[column]
            if not item.has_multiple:
                pollutants.append(item.name)
                continue
            body = WaterBody.LAKE if parsed.lake[index] else WaterBody.RIVER
            value = parsed.exact[item.code].get(index)
            if value is None:
                value = Decimal(row[parsed.columns[item.code]].strip())
            multiple = gb3838.exceedance_multiple(value, item.limits_for(body)[reference - 1])
            pollutants.append(f"{item.name}({gb3838.round_multiple(multiple, rules.multiple_places)})")
        writer.writerow(
            [
                *row,
                class_text[water_class],
                status_text[water_class],
                ";".join(pollutants),
                meets_text[int(batch.meets_target[index])],
            ]
        )
    return out.getvalue()
