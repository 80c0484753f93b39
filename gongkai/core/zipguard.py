"""Decompression limits for ZIP containers (DOCX, XLSX, ZIP packages) before anything unpacks
them (GB/T 22239-2019 level 3, 8.1.5.4: 资源控制). A 300 KB DOCX that expands to 104 MB once grew
the database by hundreds of MB and killed a worker: the sizes a ZIP declares are checked first.

Python's zipfile never returns more bytes for a member than its declared `file_size` (it stops
there and the CRC check fails), so the declared sizes bound what any reader (python-docx,
openpyxl, zipfile itself) can unpack. Pure: no Django."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    total_bytes: int = 64 * 1024 * 1024  # everything unpacked together
    members: int = 5000  # entries in the archive
    ratio: int = 100  # unpacked : packed, for a member larger than `ratio_floor_bytes`
    ratio_floor_bytes: int = 1024 * 1024  # small members may compress far better than that


@dataclass(frozen=True)
class Refusal:
    reason: str  # "not_zip", "members", "total", "ratio"
    value: int = 0
    limit: int = 0
    member: str = ""


def inspect(data: bytes, limits: Limits = Limits()) -> Refusal | None:
    """Why this ZIP must not be unpacked, or None when it is within the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Refusal("not_zip")
    if len(infos) > limits.members:
        return Refusal("members", len(infos), limits.members)
    total = sum(info.file_size for info in infos)
    if total > limits.total_bytes:
        return Refusal("total", total, limits.total_bytes)
    for info in infos:
        if info.file_size > limits.ratio_floor_bytes:
            ratio = info.file_size // max(info.compress_size, 1)
            if ratio > limits.ratio:
                return Refusal("ratio", ratio, limits.ratio, info.filename)
    return None
