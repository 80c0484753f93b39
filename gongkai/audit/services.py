"""Writing and checking the audit trail (审计日志). Every service that changes state calls
`record` inside its transaction, so the change and its record commit or fail together."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation

from gongkai.audit.chain import GENESIS_HASH, HASHED_FIELDS, canonical_json, record_hash
from gongkai.audit.context import current_ip
from gongkai.audit.models import AuditRecord, ChainHead


def audit_key() -> bytes | None:
    """The HMAC key of the chain (GONGKAI_AUDIT_KEY), or None where none is configured."""
    return settings.AUDIT_KEY.encode("utf-8") if settings.AUDIT_KEY else None


def _describe_target(target: Any) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk), str(target)[:300]
    if isinstance(target, tuple) and len(target) == 3:
        return tuple(str(part) for part in target)  # (type, id, repr) for non-model objects
    return type(target).__name__.lower(), "", str(target)[:300]


def record(
    *,
    actor,
    action: str,
    target: Any = None,
    before: Any = None,
    after: Any = None,
    ip: str | None = None,
) -> AuditRecord:
    """Append one record. `actor` is a user or None (system/worker); `target` a model instance
    or a (type, id, repr) tuple; `before`/`after` JSON-able summaries of what changed."""
    if ip is None:
        ip = current_ip()
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    with translation.override(settings.LANGUAGE_CODE):  # stored in Chinese whatever the page's language
        target_type, target_id, target_repr = _describe_target(target)
        actor_name = str(actor) if actor_id is not None else "系统"
    before_text, after_text = canonical_json(before), canonical_json(after)
    with transaction.atomic():
        # The row lock (PostgreSQL) or the IMMEDIATE transaction (SQLite) serialises appenders,
        # so two writers can never both extend the same tip.
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
        seq = head.last_seq + 1
        key = audit_key()
        hashed = {
            "seq": seq,
            "created_at": timezone.now(),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "target_repr": target_repr,
            "before": before_text,
            "after": after_text,
            "ip": ip,
            "prev_hash": head.last_hash,
        }
        digest = record_hash(**hashed, key=key)
        entry = AuditRecord.objects.create(**hashed, hash=digest, keyed=key is not None)
        head.last_seq, head.last_hash = seq, digest
        if key is not None and head.keyed_since is None:
            head.keyed_since = seq
        head.save(update_fields=["last_seq", "last_hash", "keyed_since"])
    return entry


def model_snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-able summary of a model's concrete fields for before/after."""
    snapshot = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password"}:
            continue
        value = field.value_from_object(instance)
        snapshot[field.name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    return snapshot


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that differ, for compact before/after summaries."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


def record_change(
    *,
    actor,
    action: str,
    target: Any,
    before: dict[str, Any],
    after: dict[str, Any],
    extra: dict | None = None,
    skip_unchanged: bool = False,
) -> AuditRecord | None:
    """Record an update with only the fields that changed (plus `extra` in `after`, e.g. a reason);
    with `skip_unchanged`, nothing when no field changed."""
    changed_before, changed_after = changed_fields(before, after)
    if skip_unchanged and not changed_after and not extra:
        return None
    return record(
        actor=actor,
        action=action,
        target=target,
        before=changed_before,
        after={**changed_after, **(extra or {})},
    )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    keyed_since: int | None = None  # the first HMAC-keyed record; before it, plain SHA-256


def _records() -> Iterator[AuditRecord]:
    return AuditRecord.objects.order_by("seq").iterator(chunk_size=2000)


def verify() -> VerifyResult:
    """Walk the chain from the first record; report the first record whose hash, link or
    position is wrong, and records missing from the end. Records before the switch to keyed
    hashes are checked with plain SHA-256; after it, a plain record is itself a break (a rewrite
    whose hashes were recomputed without the key)."""
    key = audit_key()
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    keyed_since = None
    for entry in _records():
        if entry.seq != expected_seq:
            return VerifyResult(
                False, checked, expected_seq, f"第{expected_seq}条记录缺失（链条在此中断）", keyed_since
            )
        if entry.prev_hash != expected_prev:
            return VerifyResult(
                False, checked, entry.seq, f"第{entry.seq}条记录的前一条哈希与链条不符", keyed_since
            )
        if entry.keyed and key is None:
            return VerifyResult(
                False,
                checked,
                entry.seq,
                f"第{entry.seq}条记录有密钥保护，但未配置 GONGKAI_AUDIT_KEY，无法校验",
            )
        if not entry.keyed and keyed_since is not None:
            return VerifyResult(
                False,
                checked,
                entry.seq,
                f"第{entry.seq}条记录没有密钥保护，但自第{keyed_since}条起的记录都应有"
                "（记录被改写后用无密钥哈希重算了链条）",
                keyed_since,
            )
        if entry.keyed and keyed_since is None:
            keyed_since = entry.seq
        digest = record_hash(
            **{name: getattr(entry, name) for name in HASHED_FIELDS}, key=key if entry.keyed else None
        )
        if digest != entry.hash:
            return VerifyResult(
                False, checked, entry.seq, f"第{entry.seq}条记录的内容已被改动（哈希不符）", keyed_since
            )
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is None:
        if checked:
            return VerifyResult(False, 0, 1, "链头记录缺失：无法确认链尾是否完整", keyed_since)
    elif head.last_seq > checked:
        return VerifyResult(
            False, checked, checked + 1, f"链尾记录缺失：应有{head.last_seq}条，实有{checked}条", keyed_since
        )
    elif head.last_seq < checked:
        # Records beyond the head were not appended by `record`, whatever their hashes say.
        return VerifyResult(
            False,
            head.last_seq,
            head.last_seq + 1,
            f"第{head.last_seq + 1}条起的{checked - head.last_seq}条记录不是由系统写入的"
            f"（链头只到第{head.last_seq}条）",
            keyed_since,
        )
    elif head.last_hash != expected_prev:
        return VerifyResult(
            False, checked - 1, checked, f"第{checked}条记录已被改写（与链头哈希不符）", keyed_since
        )
    elif head.keyed_since is not None and head.keyed_since != keyed_since:
        return VerifyResult(
            False,
            checked,
            head.keyed_since,
            f"密钥保护自第{head.keyed_since}条起启用，但链条中的切换点是"
            f"{'第' + str(keyed_since) + '条' if keyed_since else '不存在'}（记录被改写）",
            keyed_since,
        )
    return VerifyResult(True, checked, keyed_since=keyed_since)


HEADS_FILE = "audit-chain-heads.jsonl"


def export_head(*, now=None) -> dict:
    """Append the chain's tip (sequence number, hash, time) as one JSON line to
    $GONGKAI_DATA_DIR/audit-chain-heads.jsonl, for operators to copy elsewhere: a head kept
    off this machine catches even a rewrite of the whole chain (see `verify_heads`)."""
    import json

    head = ChainHead.objects.filter(pk=1).first()
    line = {
        "exported_at": (now or timezone.now()).isoformat(timespec="seconds"),
        "seq": head.last_seq if head else 0,
        "hash": head.last_hash if head else GENESIS_HASH,
        "keyed_since": head.keyed_since if head else None,
    }
    path = settings.DATA_DIR / HEADS_FILE
    with path.open("a", encoding="utf-8") as heads:
        heads.write(json.dumps(line, ensure_ascii=False) + "\n")
    path.chmod(0o600)
    return line


def verify_heads(lines: list[str]) -> list[str]:
    """Compare exported heads (JSON lines from `export_head`) with the records now stored:
    every exported (seq, hash) must still be there. Returns the mismatches, in Chinese."""
    import json

    problems = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            head = json.loads(text)
            seq, digest = int(head["seq"]), str(head["hash"])
        except (ValueError, KeyError, TypeError):
            problems.append(f"第{number}行不是导出的链头记录")
            continue
        if seq == 0:
            continue
        stored = AuditRecord.objects.filter(seq=seq).values_list("hash", flat=True).first()
        if stored is None:
            problems.append(f"{head.get('exported_at', '')}导出的第{seq}条记录已不存在")
        elif stored != digest:
            problems.append(
                f"{head.get('exported_at', '')}导出的第{seq}条记录哈希与现存记录不符（链条被改写）"
            )
    return problems
