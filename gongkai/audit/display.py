"""A snapshot pair (before/after) as rows people read: one row per field, its Chinese name, the value
before and after. Masking (gongkai/audit/masking.py) is applied first for readers who may not see
personal data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from gongkai.audit import labels, personal
from gongkai.audit.masking import mask_json_text, mask_snapshot


@dataclass(frozen=True)
class FieldChange:
    key: str
    label: str
    before: str
    after: str
    changed: bool


def _load(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _value(value: Any, choices: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, (dict, list)):
        if isinstance(value, dict) and all(not isinstance(v, (dict, list)) for v in value.values()):
            return "；".join(f"{k}：{_value(v, {})}" for k, v in value.items()) or "—"
        if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            return "、".join(_value(v, {}) for v in value) or "—"
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return choices.get(text, text)


def snapshots(record, *, masked: bool) -> tuple[Any, Any]:
    before, after = _load(record.before), _load(record.after)
    if masked:
        before = mask_snapshot(before, personal.PERSONAL_KEYS)
        after = mask_snapshot(after, personal.PERSONAL_KEYS)
    return before, after


def field_changes(record, *, masked: bool) -> list[FieldChange]:
    """One row per key of before ∪ after, in the order they first appear."""
    before, after = snapshots(record, masked=masked)
    if not isinstance(before, dict) or not isinstance(after, dict):
        # A snapshot that is not an object (a bare value or text) is one row.
        if before is None and after is None:
            return []
        if not isinstance(before, (dict, type(None))) or not isinstance(after, (dict, type(None))):
            return [FieldChange("", _("内容"), _value(before, {}), _value(after, {}), before != after)]
        before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for key in keys:
        choices = labels.field_choices(record.target_type, key)
        old, new = before.get(key), after.get(key)
        rows.append(
            FieldChange(
                key=key,
                label=labels.field_label(record.target_type, key),
                before=_value(old, choices) if key in before else "—",
                after=_value(new, choices) if key in after else "—",
                changed=key in before and key in after and old != new,
            )
        )
    return rows


def raw_json(record, *, masked: bool) -> tuple[str, str]:
    """The stored JSON texts (masked for readers who may not see personal data)."""
    if masked:
        return mask_json_text(record.before, personal.PERSONAL_KEYS), mask_json_text(
            record.after, personal.PERSONAL_KEYS
        )
    return record.before, record.after


def changes_text(record, *, masked: bool) -> str:
    """The field table as lines for an export cell: "标题：旧 → 新"."""
    lines = []
    for row in field_changes(record, masked=masked):
        if row.before != "—" and row.after != "—":
            lines.append(f"{row.label}：{row.before} → {row.after}")
        elif row.after != "—":
            lines.append(f"{row.label}：{row.after}")
        else:
            lines.append(f"{row.label}：{row.before} → —")
    return "\n".join(lines)
