"""Masking personal data inside audit snapshots (before/after) for readers who may not see it.

Pure: no Django. Two layers, because a snapshot's keys and its free text both carry personal data:
- a value under a personal key (id_number, phone, address, …) is masked whole, keeping only its
  first and last character where it is long enough to be recognisable by the person it concerns;
- every other string goes through the privacy gate's scanner (gongkai.privacy.scanner), so an ID
  number or a mobile number typed into a reason or an opinion is masked as it would be on the
  public site.
Basis: GB/T 22239-2019 8.1.4.11 (个人信息保护: 仅采集和保存业务必需的用户个人信息, 禁止未授权访问和
非法使用) and 8.1.4.3 (审计): the audit trail must not become a way round the permission that hides
applicants' identity in the console."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from gongkai.privacy.scanner import redact_text, scan_text

# Keys of snapshot fields that hold personal data whatever their text looks like.
DEFAULT_PERSONAL_KEYS = frozenset(
    {
        "id_number",
        "id_no",
        "phone",
        "mobile",
        "telephone",
        "email",
        "address",
        "home_address",
        "contact_phone",
        "contact_address",
        "bank_account",
    }
)


def mask_whole(value: Any) -> Any:
    """张三 → 张*, 13812345678 → 1*********8, "" stays "", numbers and None stay as they are."""
    if not isinstance(value, str) or not value:
        return value
    if len(value) <= 2:
        return value[0] + "*" * (len(value) - 1) if len(value) == 2 else "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_text(text: str) -> str:
    hits = scan_text(text)
    return redact_text(text, hits) if hits else text


def mask_snapshot(data: Any, personal_keys: Iterable[str] = DEFAULT_PERSONAL_KEYS) -> Any:
    """A copy of a JSON value with personal data masked (see the module docstring)."""
    keys = frozenset(personal_keys)
    if isinstance(data, dict):
        return {
            key: _mask_all(value) if key in keys else mask_snapshot(value, keys)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [mask_snapshot(item, keys) for item in data]
    if isinstance(data, str):
        return mask_text(data)
    return data


def _mask_all(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _mask_all(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_all(item) for item in value]
    return mask_whole(value)


def mask_json_text(text: str, personal_keys: Iterable[str] = DEFAULT_PERSONAL_KEYS) -> str:
    """The canonical JSON text of a stored snapshot, masked; text that is not JSON is scanned."""
    if not text:
        return text
    try:
        data = json.loads(text)
    except ValueError:
        return mask_text(text)
    return json.dumps(
        mask_snapshot(data, personal_keys), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
