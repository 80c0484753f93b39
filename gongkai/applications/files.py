"""Checks on uploaded files (身份证明复印件、补正材料、送达凭证 …): the type is read from the content, never
from the file name or the browser's Content-Type, and the size is bounded.

Pure: no Django. Accepted: PDF, JPEG and PNG — what a scanner or a phone camera produces and what any
staff computer opens without running code."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5

# (content type, extension, magic bytes at offset 0)
SIGNATURES: tuple[tuple[str, str, bytes], ...] = (
    ("application/pdf", ".pdf", b"%PDF-"),
    ("image/jpeg", ".jpg", b"\xff\xd8\xff"),
    ("image/png", ".png", b"\x89PNG\r\n\x1a\n"),
)
ACCEPTED_LABEL = "PDF、JPG、PNG"


class FileRejected(ValueError):
    @property
    def message(self) -> str:
        return self.args[0]


@dataclass(frozen=True, slots=True)
class FileType:
    content_type: str
    extension: str


def sniff(head: bytes) -> FileType | None:
    for content_type, extension, magic in SIGNATURES:
        if head.startswith(magic):
            return FileType(content_type, extension)
    return None


def check(*, name: str, size: int, head: bytes, max_bytes: int = MAX_ATTACHMENT_BYTES) -> FileType:
    """The file's real type, or FileRejected with a Chinese message naming the file."""
    if size == 0:
        raise FileRejected(f"文件“{name}”是空文件。")
    if size > max_bytes:
        raise FileRejected(
            f"文件“{name}”大小为{size / 1024 / 1024:.1f}MB，超过{max_bytes // 1024 // 1024}MB的上限。"
        )
    found = sniff(head)
    if found is None:
        raise FileRejected(f"文件“{name}”的格式不受支持，仅接受{ACCEPTED_LABEL}文件（按文件内容判断）。")
    return found
