"""`gongkai inspections …`: verifiable 双随机 draws from a pool file (no database).

Contract (issue 17): ``gongkai inspections draw --pool POOL.csv --count K --seed HEX`` reads a CSV
(UTF-8, with or without BOM; POOL may be "-" for stdin) whose header has an ``id`` column (other columns
pass through) and writes the drawn rows in rank order (`draw.rank`) as CSV with the same header to
stdout (UTF-8 without BOM, records ended by "\\n"). A duplicate id, K larger than the pool (or negative,
or not an integer), a missing id column, an empty id, a seed that is not hex, an unreadable file or a row
whose cell count differs from the header → exit 2 with a Chinese message on stderr and nothing on stdout.
Blank lines are not rows.

``gongkai inspections commit --pool POOL.csv [--seed HEX]`` prints what is published before the draw:
``pool_sha256=<digest>`` and, with a seed, ``seed_sha256=<commitment>``.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

from gongkai.enforcement import draw as dr

ID_COLUMN = "id"
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def read_pool(source: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a pool file; the rows' ids are checked (present, not empty, unique)."""
    if not source:
        raise BadInput("请用 --pool 指定名录文件（CSV）。")
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise BadInput(f"无法读取名录文件“{source}”：{error.strerror or error}。") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"名录文件“{source}”不是UTF-8编码（第{error.start + 1}个字节无法解码）。") from error
    try:
        records = [(reader_line, row) for reader_line, row in _records(text) if row]
    except csv.Error as error:
        raise BadInput(f"名录文件“{source}”不是有效的CSV：{error}。") from error
    if not records:
        raise BadInput(f"名录文件“{source}”为空，缺少表头。")
    header = records[0][1]
    if header.count(ID_COLUMN) != 1:
        if ID_COLUMN not in header:
            raise BadInput(f"名录文件表头缺少“{ID_COLUMN}”列（现有列：{'、'.join(header)}）。")
        raise BadInput(f"名录文件表头有多个“{ID_COLUMN}”列。")
    position = header.index(ID_COLUMN)
    rows: list[list[str]] = []
    seen: dict[str, int] = {}
    for line, row in records[1:]:
        if len(row) != len(header):
            raise BadInput(f"第{line}行有{len(row)}列，与表头的{len(header)}列不一致。")
        member_id = row[position]
        if not member_id.strip():
            raise BadInput(f"第{line}行的{ID_COLUMN}为空。")
        if "\n" in member_id or "\r" in member_id:
            raise BadInput(f"第{line}行的{ID_COLUMN}含有换行符。")
        if member_id in seen:
            raise BadInput(f"第{line}行的{ID_COLUMN}“{member_id}”与第{seen[member_id]}行重复。")
        seen[member_id] = line
        rows.append(row)
    return header, rows


def _records(text: str):
    """(file line the record starts on, cells) for every CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _parse_count(text: str) -> int:
    if not text:
        raise BadInput("请用 --count 指定抽取数量。")
    try:
        count = int(text)
    except ValueError:
        raise BadInput(f"抽取数量“{text}”无效，应为非负整数。") from None
    if count < 0:
        raise BadInput(f"抽取数量“{text}”无效，应为非负整数。")
    return count


def _parse_seed(text: str) -> bytes:
    if not text:
        raise BadInput("请用 --seed 指定随机种子（十六进制）。")
    try:
        return dr.parse_seed(text)
    except dr.DrawError as error:
        raise BadInput(error.message) from None


@click.group()
def inspections() -> None:
    """双随机、一公开：可验证的随机抽取（抽查对象、执法人员）。"""


@inspections.command("draw")
@click.option(
    "--pool", "pool", default="", metavar="POOL.csv", help="名录文件（CSV，须有 id 列；- 为标准输入）"
)
@click.option("--count", "count", default="", metavar="K", help="抽取数量")
@click.option("--seed", "seed", default="", metavar="HEX", help="公开的随机种子（十六进制）")
def draw_command(pool: str, count: str, seed: str) -> None:
    """按随机种子从名录中抽取 K 个对象，按排名顺序输出所抽中的行（CSV）。"""
    try:
        seed_bytes = _parse_seed(seed)
        number = _parse_count(count)
        header, rows = read_pool(pool)
        if number > len(rows):
            raise BadInput(f"抽取数量{number}大于名录中的对象数{len(rows)}。")
    except BadInput as error:
        _fail(error.message)
    position = header.index(ID_COLUMN)
    by_id = {row[position]: row for row in rows}
    drawn = dr.draw(seed_bytes, by_id, number)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(by_id[member.member_id] for member in drawn)
    click.echo(out.getvalue(), nl=False)


@inspections.command("commit")
@click.option("--pool", "pool", default="", metavar="POOL.csv", help="名录文件（CSV，须有 id 列）")
@click.option(
    "--seed", "seed", default="", metavar="HEX", help="随机种子（十六进制；给出时同时打印其承诺值）"
)
def commit_command(pool: str, seed: str) -> None:
    """打印抽取前须公布的名录摘要（pool_sha256）和随机种子承诺值（seed_sha256）。"""
    try:
        seed_bytes = _parse_seed(seed) if seed else None
        header, rows = read_pool(pool)
    except BadInput as error:
        _fail(error.message)
    position = header.index(ID_COLUMN)
    click.echo(f"pool_sha256={dr.pool_digest(row[position] for row in rows)}")
    if seed_bytes is not None:
        click.echo(f"seed_sha256={dr.seed_commitment(seed_bytes)}")
