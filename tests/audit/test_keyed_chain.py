"""The audit chain is keyed (GB/T 22239-2019 8.1.4.3 c): hashes are HMACs under GONGKAI_AUDIT_KEY,
held outside the database, so someone who can write the database but lacks the key cannot
rewrite a record and recompute the chain. Records written before the key existed stay plain
SHA-256; `verify` reports the switch point, and the exported chain heads catch a rewrite of the
whole chain."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import override_settings

from gongkai.audit.chain import GENESIS_HASH, record_hash
from gongkai.audit.models import AuditRecord, ChainHead
from gongkai.audit.services import audit_key, export_head, record, verify, verify_heads
from gongkai.audit.tasks import verify_audit_chain_nightly

TABLE = AuditRecord._meta.db_table
HASHED = (
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


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def write_records(count: int, prefix: str = "test.keyed") -> list[int]:
    return [
        record(actor=None, action=f"{prefix}.{n}", target=("t", str(n), f"对象{n}")).seq for n in range(count)
    ]


def recompute_plain_chain(from_seq: int, *, keyed_flag: bool, change_action: str | None = None) -> None:
    """What an attacker with database access but no key does: change a record and recompute
    every later hash (plain SHA-256, the only one they can compute) and the chain head."""
    prev = AuditRecord.objects.get(seq=from_seq - 1).hash if from_seq > 1 else GENESIS_HASH
    for entry in AuditRecord.objects.filter(seq__gte=from_seq).order_by("seq"):
        if entry.seq == from_seq and change_action:
            entry.action = change_action
        values = {field: getattr(entry, field) for field in HASHED}
        values["prev_hash"] = prev
        digest = record_hash(**values)
        execute(
            f"UPDATE {TABLE} SET action = %s, prev_hash = %s, hash = %s, keyed = %s WHERE seq = %s",
            [entry.action, prev, digest, keyed_flag, entry.seq],
        )
        prev = digest
    ChainHead.objects.filter(pk=1).update(last_hash=prev)


def test_the_keyed_hash_needs_the_key():
    values = {
        "seq": 1,
        "created_at": datetime(2026, 3, 1, tzinfo=UTC),
        "actor_id": None,
        "actor_name": "系统",
        "action": "x",
        "target_type": "",
        "target_id": "",
        "target_repr": "",
        "before": "",
        "after": "",
        "ip": None,
        "prev_hash": GENESIS_HASH,
    }
    plain = record_hash(**values)
    keyed = record_hash(**values, key=b"k1")
    assert keyed != plain
    assert keyed != record_hash(**values, key=b"k2")
    assert len(keyed) == 64


@pytest.mark.django_db
def test_new_records_are_keyed_and_the_head_remembers_the_switch():
    seqs = write_records(3)
    assert all(AuditRecord.objects.filter(seq__in=seqs).values_list("keyed", flat=True))
    first_keyed = AuditRecord.objects.filter(keyed=True).order_by("seq").first().seq
    assert ChainHead.objects.get().keyed_since == first_keyed
    assert verify().ok


@pytest.mark.django_db
def test_a_rewritten_row_with_a_recomputed_plain_chain_is_caught():
    seqs = write_records(5)
    recompute_plain_chain(seqs[2], keyed_flag=False, change_action="test.harmless")
    result = verify()
    assert (result.ok, result.broken_seq) == (False, seqs[2])
    assert "没有密钥保护" in result.reason


@pytest.mark.django_db
def test_a_rewritten_row_with_a_plain_chain_still_marked_keyed_is_caught():
    seqs = write_records(5)
    recompute_plain_chain(seqs[2], keyed_flag=True, change_action="test.harmless")
    result = verify()
    assert (result.ok, result.broken_seq) == (False, seqs[2])
    assert "内容已被改动" in result.reason


@pytest.mark.django_db
def test_the_whole_chain_rewritten_plain_is_caught_by_the_head_and_by_exported_heads(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    write_records(4)
    exported = export_head()
    recompute_plain_chain(1, keyed_flag=False, change_action="test.harmless")
    result = verify()
    assert not result.ok
    assert "切换点" in result.reason
    # The attacker clears the switch point too: only the copy kept elsewhere still tells.
    ChainHead.objects.filter(pk=1).update(keyed_since=None)
    assert verify().ok
    lines = (tmp_path / "audit-chain-heads.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1]) == exported
    problems = verify_heads(lines)
    assert len(problems) == 1
    assert f"第{exported['seq']}条记录哈希与现存记录不符" in problems[0]


@pytest.mark.django_db
def test_legacy_plain_records_then_keyed_ones_verify_and_report_the_switch_point():
    """An existing installation upgraded: its records were written before the key existed."""
    execute(f"DELETE FROM {TABLE}")
    ChainHead.objects.all().delete()
    with override_settings(AUDIT_KEY=""):
        legacy = write_records(3, "test.legacy")
    keyed = write_records(2)
    assert legacy == [1, 2, 3]
    assert (
        list(AuditRecord.objects.order_by("seq").values_list("keyed", flat=True)) == [False] * 3 + [True] * 2
    )
    result = verify()
    assert result.ok, result.reason
    assert (result.checked, result.keyed_since) == (5, keyed[0])
    # After the switch, a record written without the key (the key lost from the environment)
    # is itself reported.
    with override_settings(AUDIT_KEY=""):
        write_records(1, "test.unkeyed")
    result = verify()
    assert (result.ok, result.broken_seq) == (False, 6)


@pytest.mark.django_db
def test_keyed_records_cannot_be_verified_without_the_key():
    write_records(2)
    with override_settings(AUDIT_KEY=""):
        result = verify()
    assert not result.ok
    assert "GONGKAI_AUDIT_KEY" in result.reason


@pytest.mark.django_db
def test_a_different_key_fails_verification():
    write_records(2)
    with override_settings(AUDIT_KEY="another-key-entirely-000000000000"):
        assert audit_key() == b"another-key-entirely-000000000000"
        assert not verify().ok


@pytest.mark.django_db
def test_the_nightly_job_exports_the_head_with_its_time_readable_only_by_the_service(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.ADMINS = []
    seqs = write_records(2)
    assert verify_audit_chain_nightly.call_local() is True
    path = tmp_path / "audit-chain-heads.jsonl"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    head = ChainHead.objects.get()
    assert (line["seq"], line["hash"]) == (head.last_seq, head.last_hash)
    assert line["seq"] >= seqs[-1]
    assert line["exported_at"][:4].isdigit()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("key", "accepted"),
    [
        ("", False),
        ("gongkai-demo-audit-key-NOT-FOR-PRODUCTION", False),
        ("change-me-to-a-random-string-of-at-least-32-characters", False),
        ("short-key", False),
        ("a" * 40, False),
        ("Jx8vQ2mT9rLw4Zp7Hc3Nf6Ys1Bk5Gd0E", True),
    ],
)
def test_check_requires_a_real_audit_key_in_production(key, accepted, settings):
    from gongkai.core.checks import audit_key_problems

    settings.AUDIT_KEY = key
    problems = audit_key_problems()
    assert (problems == []) is accepted
    assert all("GONGKAI_AUDIT_KEY" in problem for problem in problems)


@pytest.mark.parametrize(
    ("key", "accepted"),
    [
        ("", False),
        ("gongkai-demo-data-key-NOT-FOR-PRODUCTION", False),
        ("short", False),
        ("Jx8vQ2mT9rLw4Zp7Hc3Nf6Ys1Bk5Gd0E", False),  # the same as the audit key below
        ("Qa7vR2mT9rLw4Zp7Hc3Nf6Ys1Bk5Gd0F", True),
    ],
)
def test_check_requires_a_real_data_key_distinct_from_the_audit_key(key, accepted, settings):
    from gongkai.core.checks import data_key_problems

    settings.AUDIT_KEY = "Jx8vQ2mT9rLw4Zp7Hc3Nf6Ys1Bk5Gd0E"
    settings.DATA_KEY = key
    problems = data_key_problems()
    assert (problems == []) is accepted
    assert all("GONGKAI_DATA_KEY" in problem for problem in problems)
