"""One reader for every uploaded table (CSV or XLSX): rows as dicts keyed by the header, each with
the line number Excel shows (the header is line 1, the first data row line 2).

Pure: no Django. CSV is decoded as UTF-8 (with or without a byte-order mark) or, failing that, as
GB18030 (a superset of GBK, which Excel on Chinese Windows writes); XLSX is read with openpyxl in
read-only mode and the workbook is always closed. Every refusal is a `SheetError` with a Chinese
message fit to show the uploader."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from gongkai.core import zipguard

DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (makemessages finds it); the Django side
    translates ``SheetError.template`` when it shows the message (intake.services.sheet_message)."""
    return message


class SheetError(Exception):
    """The file cannot be read as a table. ``message`` is the Chinese text; ``template`` and
    ``params`` let the caller show it in the visitor's language."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        self.message = template % params if params else template
        super().__init__(self.message)


class Row(NamedTuple):
    line: int  # as Excel shows it: the header is line 1
    values: dict

    def get(self, key, default=None):
        return self.values.get(key, default)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[Row, ...]

    def __len__(self) -> int:
        return len(self.rows)


def kind_of(filename: str) -> str:
    """ "csv" or "xlsx" from the file name; `SheetError` for anything else."""
    name = filename.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".xlsx"):
        return "xlsx"
    raise SheetError(gettext_noop("只接受 CSV 或 XLSX 文件。"))


def decode_csv(content: bytes) -> str:
    """UTF-8 (a BOM is removed) or else GB18030/GBK; `SheetError` when neither fits."""
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise SheetError(
                gettext_noop("CSV 文件编码有误：以 UTF-8 标记开头，但内容不是 UTF-8。")
            ) from error
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetError(gettext_noop("CSV 文件须为 UTF-8 或 GBK 编码（不支持 UTF-16）。"))
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as error:
        raise SheetError(gettext_noop("CSV 文件须为 UTF-8 或 GBK 编码。")) from error


def _blank_cells(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _blank_texts(values: list[str]) -> bool:
    return not "".join(values).strip()  # CSV cells are always text: one join instead of a loop


def _header(cells) -> tuple[str, ...]:
    headers = tuple(str(cell).strip() if cell is not None else "" for cell in cells)
    if not any(headers):
        raise SheetError(gettext_noop("表格是空的：第 1 行应为列名。"))
    named = [name for name in headers if name]
    duplicates = sorted({name for name in named if named.count(name) > 1})
    if duplicates:
        raise SheetError(gettext_noop("列名重复：%(names)s。"), names="、".join(duplicates))
    return headers


def _rows(
    lines: Iterator, headers: tuple[str, ...], max_rows: int, blank: Callable[..., bool]
) -> Iterator[Row]:
    count = 0
    all_named = all(headers)
    for line, values in enumerate(lines, start=2):
        if blank(values):
            continue
        count += 1
        if count > max_rows:
            raise SheetError(gettext_noop("一次最多导入 %(rows)d 行数据。"), rows=max_rows)
        if all_named:
            record = dict(zip(headers, values, strict=False))
        else:
            record = {name: value for name, value in zip(headers, values, strict=False) if name}
        yield Row(line, record)


def _read_csv(content: bytes, max_rows: int) -> Table:
    text = decode_csv(content)
    try:
        lines = csv.reader(io.StringIO(text, newline=""))
        headers = _header(next(lines, []))
        return Table(headers, tuple(_rows(lines, headers, max_rows, _blank_texts)))
    except csv.Error as error:
        raise SheetError(gettext_noop("CSV 文件格式有误：%(error)s"), error=str(error)) from error


def _read_xlsx(content: bytes, max_rows: int) -> Table:
    from openpyxl import load_workbook

    refusal = zipguard.inspect(content)  # before openpyxl unpacks anything: no zip bombs
    if refusal is not None and refusal.reason != "not_zip":
        raise SheetError(
            gettext_noop("文件解压后过大或压缩比异常（疑似“压缩炸弹”），无法读取；请拆分后再上传。")
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or non-XLSX file
        raise SheetError(gettext_noop("无法读取该文件：请上传 Excel（.xlsx）文件。")) from error
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        headers = _header(next(lines, ()))
        return Table(headers, tuple(_rows(lines, headers, max_rows, _blank_cells)))
    finally:
        workbook.close()


def read_table(
    filename: str, content: bytes, *, max_rows: int = DEFAULT_MAX_ROWS, max_bytes: int = DEFAULT_MAX_BYTES
) -> Table:
    """The header and data rows of ``content`` (blank rows skipped, line numbers kept)."""
    kind = kind_of(filename)
    if len(content) > max_bytes:
        raise SheetError(gettext_noop("文件不得超过 %(mb)d MB。"), mb=max_bytes // (1024 * 1024))
    if not content:
        raise SheetError(gettext_noop("文件是空的。"))
    return _read_csv(content, max_rows) if kind == "csv" else _read_xlsx(content, max_rows)
