"""The one CSV/XLSX reader: encodings, Excel line numbers, limits, refusals, and the file closed."""

from __future__ import annotations

import contextlib
import io
from datetime import datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from gongkai.intake import spreadsheet
from gongkai.intake.spreadsheet import SheetError, read_table

HEADER = "站点,时间,PM2.5\r\n"
ROWS = "甲站,2026-02-10 08:00,35\r\n乙站,2026-02-10 09:00,40\r\n"


def xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        (HEADER + ROWS).encode("utf-8"),
        b"\xef\xbb\xbf" + (HEADER + ROWS).encode("utf-8"),  # Excel's "CSV UTF-8" adds a BOM
        (HEADER + ROWS).encode("gbk"),  # Excel's plain "CSV" on Chinese Windows
        (HEADER + ROWS).encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030"],
)
def test_csv_in_every_encoding_excel_writes_reads_the_same(content):
    table = read_table("data.csv", content)
    assert table.headers == ("站点", "时间", "PM2.5")
    assert [(row.line, row.values["站点"], row.values["PM2.5"]) for row in table.rows] == [
        (2, "甲站", "35"),
        (3, "乙站", "40"),
    ]


def test_gb18030_characters_outside_gbk_are_read():
    content = "名称\r\n𠀀站\r\n".encode("gb18030")  # U+20000 exists in GB18030 only
    assert read_table("a.csv", content).rows[0].values == {"名称": "𠀀站"}


def test_lines_are_as_excel_shows_them_with_blank_rows_skipped():
    content = (HEADER + "甲站,2026-02-10 08:00,35\r\n,,\r\n\r\n乙站,2026-02-10 09:00,40\r\n").encode()
    assert [row.line for row in read_table("a.csv", content).rows] == [2, 5]
    book = xlsx(("站点", "PM2.5"), ("甲站", 35), (None, None), ("乙站", 40.5))
    table = read_table("a.XLSX", book)
    assert [(row.line, row.values["PM2.5"]) for row in table.rows] == [(2, 35), (4, 40.5)]


def test_xlsx_keeps_cell_types():
    table = read_table("a.xlsx", xlsx(("时间", "值"), (datetime(2026, 2, 10, 8), 1.5)))
    assert table.rows[0].values == {"时间": datetime(2026, 2, 10, 8), "值": 1.5}


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("a.txt", b"x", "只接受 CSV 或 XLSX 文件"),
        ("a.csv", b"", "文件是空的"),
        ("a.csv", "名称\r\n甲".encode("utf-16"), "不支持 UTF-16"),
        ("a.csv", b"\xef\xbb\xbf\xff\xfe", "以 UTF-8 标记开头"),
        ("a.csv", b"\x81\x20\x81\x20", "须为 UTF-8 或 GBK 编码"),
        ("a.csv", b",,\r\n1,2\r\n", "第 1 行应为列名"),
        ("a.csv", "名称,名称\r\n1,2\r\n".encode(), "列名重复：名称"),
        ("a.xlsx", b"PK\x03\x04 not really a workbook", "无法读取该文件"),
        ("a.xlsx", (HEADER + ROWS).encode(), "无法读取该文件"),
    ],
)
def test_unreadable_files_are_refused_in_chinese(filename, content, message):
    with pytest.raises(SheetError) as refused:
        read_table(filename, content)
    assert message in refused.value.message


def test_row_and_size_limits():
    content = (HEADER + ROWS * 3).encode()
    assert len(read_table("a.csv", content, max_rows=6)) == 6
    with pytest.raises(SheetError, match="一次最多导入 5 行数据"):
        read_table("a.csv", content, max_rows=5)
    with pytest.raises(SheetError, match="文件不得超过 1 MB"):
        read_table("a.csv", b"a\r\n" + b"1\r\n" * (1024 * 1024), max_bytes=1024 * 1024)


@pytest.mark.parametrize("rows", [1, 3])  # 3 rows > max_rows=2: refused mid-way
def test_the_workbook_is_always_closed(monkeypatch, rows):
    opened = []
    real = openpyxl.load_workbook

    def spy(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    content = xlsx(("a",), *[(n,) for n in range(rows)])
    with contextlib.suppress(SheetError):
        read_table("a.xlsx", content, max_rows=2)
    assert opened and opened[0]._archive.fp is None  # ZipFile.close() drops its file


@given(st.lists(st.text(alphabet='甲乙丙abc123 ,"', max_size=8), min_size=1, max_size=5))
def test_any_csv_cell_text_survives_both_encodings(cells):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f"c{n}" for n in range(len(cells))])
    writer.writerow(cells)
    text = buffer.getvalue()
    for encoding in ("utf-8-sig", "gbk"):
        table = read_table("a.csv", text.encode(encoding))
        expected = [] if all(not cell.strip() for cell in cells) else [cells]
        assert [list(row.values.values()) for row in table.rows] == expected


def test_kind_of_is_by_extension():
    assert (spreadsheet.kind_of("A.CSV"), spreadsheet.kind_of("b.xlsx")) == ("csv", "xlsx")
