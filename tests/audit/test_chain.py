"""The audit trail is append-only and tamper-evident (等保: 审计记录应受到保护，避免非预期的删除、
修改或覆盖): each record carries the hash of the one before, and `verify` reports the first
record where the chain breaks — whatever was done to the table behind the application's back."""

from __future__ import annotations

import inspect
import threading
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from django.db import connection, transaction

from gongkai.audit.chain import GENESIS_HASH, HASHED_FIELDS, canonical_json, record_hash
from gongkai.audit.models import AuditRecord, ChainHead
from gongkai.audit.services import VerifyResult, audit_key, record, verify

TABLE = AuditRecord._meta.db_table


# --- the hash itself (pure) -------------------------------------------------------------------

HASHED = {
    "seq": 7,
    "created_at": datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    "actor_id": 3,
    "actor_name": "王编辑",
    "action": "page.update",
    "target_type": "core.page",
    "target_id": "1",
    "target_repr": "政府信息公开指南",
    "before": '{"title":"旧"}',
    "after": '{"title":"新"}',
    "ip": "203.0.113.9",
    "prev_hash": "a" * 64,
}

CHANGED = {
    "seq": 8,
    "created_at": datetime(2026, 3, 1, 8, 30, 0, 1, tzinfo=UTC),  # one microsecond later
    "actor_id": None,
    "actor_name": "王 编辑",
    "action": "page.delete",
    "target_type": "core.user",
    "target_id": "2",
    "target_repr": "政府信息公开制度",
    "before": '{"title":"旧 "}',
    "after": "",
    "ip": None,
    "prev_hash": "b" * 64,
}


@pytest.mark.parametrize("field", sorted(HASHED))
def test_the_hash_covers_every_field(field):
    assert record_hash(**{**HASHED, field: CHANGED[field]}) != record_hash(**HASHED)


def test_the_hash_is_deterministic_and_sha256_hex():
    digest = record_hash(**HASHED)
    assert digest == record_hash(**dict(HASHED))
    assert len(digest) == 64
    assert set(digest) <= set("0123456789abcdef")


def test_moving_text_between_adjacent_fields_changes_the_hash():
    """Fields are length-prefixed, so "ab"+"c" and "a"+"bc" cannot collide."""
    one = record_hash(**{**HASHED, "actor_name": "王编", "action": "辑page.update"})
    assert one != record_hash(**HASHED)


def test_canonical_json_is_independent_of_key_order_and_keeps_chinese():
    assert (
        canonical_json({"b": 1, "a": "示例"}) == canonical_json({"a": "示例", "b": 1}) == '{"a":"示例","b":1}'
    )
    assert canonical_json(None) == ""
    assert (
        canonical_json({"when": datetime(2026, 1, 1, tzinfo=UTC)}) == '{"when":"2026-01-01 00:00:00+00:00"}'
    )


# --- the chain in the database ----------------------------------------------------------------


def append(count: int) -> list[AuditRecord]:
    return [
        record(
            actor=None,
            action=f"test.step{number}",
            target=("test.thing", str(number), f"第{number}件"),
            before={"n": number},
            after={"n": number + 1, "说明": "修改"},
            ip="198.51.100.7",
        )
        for number in range(count)
    ]


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def column(name: str) -> str:
    return connection.ops.quote_name(name)


@pytest.mark.django_db
def test_record_links_each_entry_to_the_one_before():
    existing = AuditRecord.objects.count()  # the calendar seed on migrate is audited too
    entries = append(4)
    assert [entry.seq for entry in entries] == list(range(existing + 1, existing + 5))
    for earlier, later in pairwise(entries):
        assert later.prev_hash == earlier.hash
    assert AuditRecord.objects.get(seq=1).prev_hash == GENESIS_HASH
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (entries[-1].seq, entries[-1].hash)
    assert verify() == VerifyResult(ok=True, checked=existing + 4, keyed_since=1)


@pytest.mark.django_db
def test_record_keeps_the_summaries_as_canonical_json():
    entry = AuditRecord.objects.get(seq=append(1)[0].seq)
    assert entry.before == '{"n":0}'
    assert entry.after_data == {"n": 1, "说明": "修改"}
    assert (entry.target_type, entry.target_id, entry.target_repr) == ("test.thing", "0", "第0件")
    assert (entry.actor_id, entry.actor_name, entry.ip) == (None, "系统", "198.51.100.7")


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_record_and_no_gap():
    before = AuditRecord.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        append(2)
        raise RuntimeError("the service failed after recording")
    assert AuditRecord.objects.count() == before
    entry = append(1)[0]
    assert entry.seq == before + 1
    assert verify().ok


@pytest.fixture
def chain():
    """Five fresh records on top of the seeded ones; returns their seqs."""
    return [entry.seq for entry in append(5)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sql_set", "value"),
    [
        ("action", "test.harmless"),
        ("before", '{"n":99}'),
        ("actor_name", "别人"),
        ("ip", "192.0.2.1"),
    ],
)
def test_a_field_altered_with_sql_is_reported_at_that_record(chain, sql_set, value):
    tampered = chain[2]
    execute(f"UPDATE {TABLE} SET {column(sql_set)} = %s WHERE seq = %s", [value, tampered])
    result = verify()
    assert not result.ok
    assert result.broken_seq == tampered
    assert result.checked == tampered - 1
    assert f"第{tampered}条记录的内容已被改动" in result.reason


@pytest.mark.django_db
def test_a_time_altered_with_sql_is_reported_at_that_record(chain):
    tampered = AuditRecord.objects.get(seq=chain[1])
    earlier = connection.ops.adapt_datetimefield_value(tampered.created_at - timedelta(days=1))
    execute(f"UPDATE {TABLE} SET created_at = %s WHERE seq = %s", [earlier, tampered.seq])
    result = verify()
    assert (result.ok, result.broken_seq) == (False, tampered.seq)


@pytest.mark.django_db
def test_a_record_rewritten_with_a_recomputed_hash_is_caught_at_that_record(chain):
    """An attacker who knows the algorithm but not the key cannot make the altered record
    self-consistent: its hash is an HMAC."""
    tampered = AuditRecord.objects.get(seq=chain[2])
    forged = {**{field: getattr(tampered, field) for field in HASHED}, "action": "test.harmless"}
    execute(
        f"UPDATE {TABLE} SET action = %s, hash = %s WHERE seq = %s",
        ["test.harmless", record_hash(**forged), tampered.seq],
    )
    result = verify()
    assert (result.ok, result.broken_seq) == (False, chain[2])
    assert "内容已被改动" in result.reason


@pytest.mark.django_db
def test_a_record_rewritten_with_the_key_breaks_the_link_to_the_next(chain):
    """Even someone holding the key who rewrites one record cannot fix the record after it,
    which holds the old hash."""
    tampered = AuditRecord.objects.get(seq=chain[2])
    forged = {**{field: getattr(tampered, field) for field in HASHED}, "action": "test.harmless"}
    execute(
        f"UPDATE {TABLE} SET action = %s, hash = %s WHERE seq = %s",
        ["test.harmless", record_hash(**forged, key=audit_key()), tampered.seq],
    )
    result = verify()
    assert (result.ok, result.broken_seq) == (False, chain[3])
    assert "前一条哈希与链条不符" in result.reason


@pytest.mark.django_db
def test_a_deleted_record_in_the_middle_is_reported(chain):
    execute(f"DELETE FROM {TABLE} WHERE seq = %s", [chain[2]])
    result = verify()
    assert (result.ok, result.broken_seq, result.checked) == (False, chain[2], chain[2] - 1)
    assert f"第{chain[2]}条记录缺失" in result.reason


@pytest.mark.django_db
def test_a_deleted_last_record_is_reported(chain):
    execute(f"DELETE FROM {TABLE} WHERE seq = %s", [chain[-1]])
    result = verify()
    assert (result.ok, result.broken_seq, result.checked) == (False, chain[-1], chain[-1] - 1)
    assert "链尾记录缺失" in result.reason


def insert(values: dict) -> None:
    values = {**values, "created_at": connection.ops.adapt_datetimefield_value(values["created_at"])}
    names = ", ".join(column(name) for name in values)
    placeholders = ", ".join(["%s"] * len(values))
    execute(f"INSERT INTO {TABLE} ({names}) VALUES ({placeholders})", list(values.values()))


def forged_after(last: AuditRecord, *, valid_hash: bool) -> dict:
    """A record appended behind the application's back by someone holding the key."""
    values = {
        "seq": last.seq + 1,
        "created_at": last.created_at + timedelta(seconds=1),
        "actor_id": None,
        "actor_name": "系统",
        "action": "user.create",
        "target_type": "core.user",
        "target_id": "999",
        "target_repr": "后门账号",
        "before": "",
        "after": "",
        "ip": None,
        "prev_hash": last.hash,
    }
    values["hash"] = record_hash(**values, key=audit_key()) if valid_hash else "f" * 64
    values["keyed"] = True
    return values


@pytest.mark.django_db
def test_a_forged_record_with_a_made_up_hash_is_reported(chain):
    insert(forged_after(AuditRecord.objects.get(seq=chain[-1]), valid_hash=False))
    result = verify()
    assert (result.ok, result.broken_seq) == (False, chain[-1] + 1)


@pytest.mark.django_db
def test_a_forged_record_with_a_correctly_computed_hash_is_reported(chain):
    """The chain itself is consistent; the chain head, updated only by `record`, is not."""
    insert(forged_after(AuditRecord.objects.get(seq=chain[-1]), valid_hash=True))
    result = verify()
    assert (result.ok, result.broken_seq, result.checked) == (False, chain[-1] + 1, chain[-1])
    assert "不是由系统写入的" in result.reason


@pytest.mark.django_db
def test_the_last_record_rewritten_with_a_recomputed_hash_is_reported(chain):
    """No record follows the last one; the chain head still holds its original hash."""
    last = AuditRecord.objects.get(seq=chain[-1])
    forged = {**{field: getattr(last, field) for field in HASHED}, "action": "test.harmless"}
    execute(
        f"UPDATE {TABLE} SET action = %s, hash = %s WHERE seq = %s",
        ["test.harmless", record_hash(**forged), last.seq],
    )
    result = verify()
    assert (result.ok, result.broken_seq, result.checked) == (False, last.seq, last.seq - 1)


@pytest.mark.django_db
def test_deleting_the_last_record_and_the_chain_head_is_reported(chain):
    execute(f"DELETE FROM {TABLE} WHERE seq = %s", [chain[-1]])
    execute(f"DELETE FROM {ChainHead._meta.db_table}")
    result = verify()
    assert not result.ok
    assert "链头记录缺失" in result.reason


@pytest.mark.django_db
def test_verify_reports_only_the_first_break(chain):
    execute(f"UPDATE {TABLE} SET action = 'x' WHERE seq IN (%s, %s)", [chain[1], chain[3]])
    assert verify().broken_seq == chain[1]


@pytest.mark.django_db
def test_the_orm_refuses_nothing_but_verify_notices(chain):
    """The model does not stop an UPDATE through the ORM either: verification is the defence."""
    AuditRecord.objects.filter(seq=chain[0]).update(target_repr="改过")
    assert verify().broken_seq == chain[0]


# --- concurrent writers -----------------------------------------------------------------------

WRITERS = 6
RECORDS_PER_WRITER = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_keep_the_chain_unbroken():
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks shared between connections (PostgreSQL)")
    start = AuditRecord.objects.count()
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            barrier.wait()
            for index in range(RECORDS_PER_WRITER):
                with transaction.atomic():
                    record(
                        actor=None, action="test.concurrent", target=("test.writer", str(number), str(index))
                    )
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    total = start + WRITERS * RECORDS_PER_WRITER
    assert list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, total + 1)
    )
    result = verify()
    assert (result.ok, result.checked, result.broken_seq) == (True, total, None)


def test_the_hashed_fields_are_the_arguments_of_the_hash_and_columns_of_the_record():
    # …and the HMAC key, which is not a field of the record (it lives outside the database).
    assert tuple(inspect.signature(record_hash).parameters) == (*HASHED_FIELDS, "key")
    columns = {field.attname for field in AuditRecord._meta.concrete_fields}
    assert set(HASHED_FIELDS) <= columns
