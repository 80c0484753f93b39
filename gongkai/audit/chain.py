"""The hash chain of the audit trail. Pure: no Django."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64
# The fields of a record that its hash covers: the keyword arguments of `record_hash`, which are
# also the names of the AuditRecord columns holding them.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "before",
    "after",
    "ip",
    "prev_hash",
)


def canonical_json(value: Any) -> str:
    """Stable text for a JSON value: sorted keys, no spacing, non-ASCII kept. Values that JSON
    cannot hold (dates, decimals, UUIDs) are turned into strings first."""
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def record_hash(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_type: str,
    target_id: str,
    target_repr: str,
    before: str,
    after: str,
    ip: str | None,
    prev_hash: str,
) -> str:
    fields = [
        str(seq),
        created_at.isoformat(timespec="microseconds"),
        "" if actor_id is None else str(actor_id),
        actor_name,
        action,
        target_type,
        target_id,
        target_repr,
        before,
        after,
        ip or "",
        prev_hash,
    ]
    # Length-prefixing each field makes the encoding unambiguous whatever the fields contain.
    payload = "".join(f"{len(field)}:{field}" for field in fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
