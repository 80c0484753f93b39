"""Upload checks shared by every app that unpacks an uploaded ZIP container (disclosure
attachments and packages, spreadsheet imports): the limits of `core.zipguard` with Chinese
messages. GONGKAI_UPLOAD_MAX_UNPACKED_MB and GONGKAI_UPLOAD_MAX_RATIO set the limits."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai.core import zipguard
from gongkai.core.errors import DomainError


def limits() -> zipguard.Limits:
    return zipguard.Limits(
        total_bytes=settings.UPLOAD_MAX_UNPACKED_BYTES,
        ratio=settings.UPLOAD_MAX_COMPRESSION_RATIO,
    )


def refusal_message(refusal: zipguard.Refusal) -> str:
    if refusal.reason == "members":
        return _("压缩文件包含的条目过多（%(n)d 个，上限 %(limit)d 个），无法处理。") % {
            "n": refusal.value,
            "limit": refusal.limit,
        }
    if refusal.reason == "total":
        return _("文件解压后过大（%(mb).0f MB，上限 %(limit).0f MB），无法处理；请拆分后再上传。") % {
            "mb": refusal.value / 2**20,
            "limit": refusal.limit / 2**20,
        }
    if refusal.reason == "ratio":
        return _("文件压缩比异常（约 %(n)d 倍，上限 %(limit)d 倍），疑似“压缩炸弹”，已拒绝。") % {
            "n": refusal.value,
            "limit": refusal.limit,
        }
    return _("文件已损坏，无法作为 ZIP 格式（Word、Excel 或压缩包）读取。")


def check_container(data: bytes, *, field: str | None = None) -> None:
    """Raise a DomainError in Chinese when a ZIP container is beyond the decompression limits."""
    refusal = zipguard.inspect(data, limits())
    if refusal is not None:
        raise DomainError(refusal_message(refusal), field=field)
