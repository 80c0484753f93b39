"""Decompression limits for uploaded ZIP containers: a small DOCX or XLSX that unpacks to 100 MB
and more is refused with a Chinese message before anything unpacks it (the issue-11 zip bomb),
while ordinary Word and Excel files pass."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from docx import Document
from openpyxl import Workbook

from gongkai.core import zipguard
from gongkai.core.errors import DomainError
from gongkai.disclosure import attachments
from gongkai.disclosure.importing import _zip_files
from gongkai.intake.spreadsheet import SheetError, read_table

BOMB_BYTES = 104 * 1024 * 1024


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("示例市生态环境局关于公开2025年度重点排污单位名录的通知。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["站点", "时间", "PM2.5"])
    workbook.active.append(["99010001", "2026-03-01 08:00", 45])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_bomb(container: bytes, member: str) -> bytes:
    """The container with one extra member of 104 MB of one repeated byte (packs to ~100 KB)."""
    buffer = io.BytesIO(container)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(member, b"\0" * BOMB_BYTES)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    return with_bomb(docx_bytes(), "word/media/filler.xml")


def test_the_bomb_is_small_and_would_unpack_to_over_100_mb(docx_bomb):
    assert len(docx_bomb) < 400 * 1024
    with zipfile.ZipFile(io.BytesIO(docx_bomb)) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 100 * 1024 * 1024


def test_a_zip_bomb_disguised_as_docx_is_refused_in_chinese_without_unpacking(docx_bomb):
    started = time.perf_counter()
    with pytest.raises(DomainError) as raised:
        attachments.detect_type(docx_bomb)
    assert time.perf_counter() - started < 1.0  # the sizes were read, not the content
    assert "解压后过大" in raised.value.message
    assert "（105 MB，上限 64 MB）" in raised.value.message  # 104 MB of filler plus the document


def test_a_high_ratio_member_is_refused_even_under_the_total_limit(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
    bomb = with_bomb(docx_bytes(), "word/media/filler.xml")
    with pytest.raises(DomainError) as raised:
        attachments.detect_type(bomb)
    assert "压缩比异常" in raised.value.message and "压缩炸弹" in raised.value.message


def test_ordinary_word_and_excel_files_pass():
    assert attachments.detect_type(docx_bytes()) == attachments.FileType.DOCX
    assert attachments.detect_type(xlsx_bytes()) == attachments.FileType.XLSX
    assert zipguard.inspect(docx_bytes()) is None


def test_a_spreadsheet_bomb_is_refused_before_openpyxl_reads_it():
    assert len(read_table("data.xlsx", xlsx_bytes()).rows) == 1
    with pytest.raises(SheetError) as raised:
        read_table("data.xlsx", with_bomb(xlsx_bytes(), "xl/media/filler.xml"))
    assert "压缩炸弹" in raised.value.message


def test_a_package_of_attachments_is_checked_as_a_whole():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("附件一.docx", docx_bytes())
    bomb = with_bomb(buffer.getvalue(), "附件二.bin")
    with pytest.raises(DomainError) as raised:
        _zip_files(bomb)
    assert raised.value.field == "archive"
    assert "解压后过大" in raised.value.message


@pytest.mark.parametrize(
    ("members", "limits", "reason"),
    [
        ({f"f{n}.txt": b"x" for n in range(11)}, zipguard.Limits(members=10), "members"),
        ({"a.txt": b"ab" * 600_000}, zipguard.Limits(total_bytes=1_000_000), "total"),
        ({"a.txt": b"a" * 2_000_000}, zipguard.Limits(ratio=50, ratio_floor_bytes=1_000_000), "ratio"),
        ({"a.txt": b"a" * 900_000}, zipguard.Limits(ratio=50, ratio_floor_bytes=1_000_000), None),
    ],
)
def test_each_limit(members, limits, reason):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    refusal = zipguard.inspect(buffer.getvalue(), limits)
    assert (refusal.reason if refusal else None) == reason


def test_not_a_zip_at_all():
    assert zipguard.inspect(b"PK\x03\x04 broken").reason == "not_zip"
