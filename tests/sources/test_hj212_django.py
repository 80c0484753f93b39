"""The platform side: DjangoSink through the receiver, the device directory and the staff page."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from gongkai.sources import devices
from gongkai.sources.hj212 import codec
from gongkai.sources.models import Device, Measurement, RawPacket
from gongkai.sources.sink import DjangoSink
from tests.sources import samples
from tests.sources.receiver_helpers import Client, running, upload


def exchange(sink, wires: list[bytes], replies: int, directory=None):
    async def scenario():
        async with running(sink, directory=directory) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(b"".join(wires))
            got = await client.replies(replies)
            await client.close()
            return got

    return asyncio.run(scenario())


@pytest.mark.django_db(transaction=True)
def test_django_sink_stores_packets_and_measurements_once():
    wire = codec.encode(upload())
    (reply,) = exchange(DjangoSink(), [wire], 1)
    assert reply.cn == "9014"
    exchange(DjangoSink(), [wire], 1)  # resent after a lost reply
    packet = RawPacket.objects.get()
    assert packet.status == RawPacket.Status.ACCEPTED and packet.key == "MN0001|2061|20240101120000001|"
    assert packet.data_time.isoformat() == "2024-01-01T03:00:00+00:00"
    assert "PW=******;" in packet.raw
    cod = Measurement.objects.get(code="w01018")
    assert (cod.avg, cod.flag, cod.valid, cod.fields) == (25.1, "N", True, {"Avg": "25.1", "Flag": "N"})
    assert Measurement.objects.get(code="w21003").valid is False


@pytest.mark.django_db(transaction=True)
def test_django_sink_normalises_2005_codes_and_records_rejects():
    wires = [
        (samples.with_crc(samples.S3) + "\r\n").encode(),
        (samples.S2 + "\r\n").encode(),
        codec.encode(upload()),
    ]
    exchange(DjangoSink(), wires, 1)
    assert set(Measurement.objects.filter(mn="LD130133000015").values_list("code", flat=True)) == {
        "w00000",
        "w01018",
        "w21003",
    }
    rejected = RawPacket.objects.get(status=RawPacket.Status.REJECTED)
    assert rejected.reason_code == "crc" and "2D00" in rejected.reason
    assert rejected.mn == "Y80110010000010"  # read behind the bad CRC, for the staff page


@pytest.mark.django_db(transaction=True)
def test_device_directory_checks_hashed_passwords():
    Device.objects.create(mn="MN0001", password_hash=devices.hash_password("123456", iterations=1000))
    Device.objects.create(mn="MN0002", active=False)
    directory = devices.DeviceDirectory()
    assert directory.reload() == 2
    assert directory.check(upload()) is None
    assert directory.check(upload()) is None  # second time from the verified cache
    assert directory.check(upload(pw="654321")) == "password"
    assert directory.check(upload(mn="MN0002")) == "unknown_mn"
    assert directory.check(upload(mn="MN0003")) == "unknown_mn"
    assert devices.DeviceDirectory(allow_unknown=True).check(upload(mn="MN0003")) is None
    replies = exchange(DjangoSink(), [codec.encode(upload(pw="bad"))], 1, directory=directory)
    assert replies[0].cp == {"QnRtn": "3"}
    assert RawPacket.objects.get().reason_code == "password"


def test_password_hash_is_salted_and_verifies():
    first, second = devices.hash_password("123456"), devices.hash_password("123456")
    assert first != second and "123456" not in first
    assert devices.check_password("123456", first) and not devices.check_password("1234567", first)
    assert not devices.check_password("123456", "garbage")


@pytest.mark.django_db
def test_staff_page_lists_packets_and_rejects_for_data_officers(make_staff, client_for):
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    RawPacket.objects.create(
        mn="NOBODY",
        cn="2011",
        received_at=now,
        raw="##0001x",
        status="rejected",
        reason_code="unknown_mn",
        reason="未登记的设备MN：NOBODY",
    )
    RawPacket.objects.create(mn="MN0001", cn="2061", received_at=now, raw="##…", status="accepted", key="k")
    url = reverse("sources:staff_packets")
    officer = client_for(make_staff("data_officer"))
    page = officer.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "未登记的设备MN" in text and "NOBODY" in text and "MN0001" in text
    assert "未登记的设备MN：NOBODY" in text
    assert "未登记的设备MN：NOBODY" not in officer.get(url, {"status": "accepted"}).content.decode()
    export = officer.get(url, {"export": "csv"})
    assert export.status_code == 200 and b"MN0001" in export.content and b"NOBODY" in export.content
    api = officer.get("/api/v1/lists/hj212-packets", {"status": "rejected"})
    assert api.status_code == 200
    (row,) = api.json()["results"]
    assert row["mn"] == "NOBODY" and row["reason"] == "未登记的设备MN：NOBODY"
    assert client_for(make_staff("editor")).get(url).status_code == 403


@pytest.mark.django_db
def test_data_officer_registers_a_device_with_a_hashed_password_and_an_audit_record(make_staff, client_for):
    from gongkai.audit.models import AuditRecord

    officer = client_for(make_staff("data_officer"))
    response = officer.post(
        reverse("sources:staff_device_new"),
        {
            "mn": "ＭＮ0001",
            "name": "南门排口数采仪",
            "system_code": "32",
            "password": "123456",
            "active": "on",
        },
    )
    assert response.status_code == 302
    device = Device.objects.get()
    assert device.mn == "MN0001"  # NFKC: full-width letters typed in Chinese input
    assert devices.check_password("123456", device.password_hash) and "123456" not in device.password_hash
    record = AuditRecord.objects.get(action="sources.device_save")
    assert "123456" not in str(record.after)
    edit = officer.post(
        reverse("sources:staff_device_edit", args=[device.pk]), {"mn": "MN0001", "name": "改名"}
    )
    assert edit.status_code == 302
    device.refresh_from_db()
    assert device.name == "改名" and devices.check_password("123456", device.password_hash)  # kept
    assert device.active is False
    duplicate = officer.post(reverse("sources:staff_device_new"), {"mn": "MN0001"})
    assert "已登记" in duplicate.content.decode()
    bad = officer.post(reverse("sources:staff_device_new"), {"mn": "MN;1"})
    assert bad.status_code == 200 and Device.objects.count() == 1
    assert officer.get(reverse("sources:staff_devices")).status_code == 200
    leader = client_for(make_staff("leader"))
    assert leader.get(reverse("sources:staff_devices")).status_code == 200
    assert leader.post(reverse("sources:staff_device_new"), {"mn": "X1"}).status_code == 403


@pytest.mark.django_db
def test_demo_loader_registers_devices_and_stores_a_day_of_data_idempotently():
    from datetime import UTC, datetime

    from gongkai.sources.demo import ENTERPRISES, load_demo

    now = datetime(2026, 3, 1, 4, 30, tzinfo=UTC)
    offered = load_demo(hours=2, now=now)
    packets = RawPacket.objects.count()
    assert Device.objects.count() == len(ENTERPRISES)
    assert packets == offered > 6 * 2 * 120  # real-time every 30 s plus minute and hourly data
    assert set(RawPacket.objects.values_list("cn", flat=True)) == {"2011", "2051", "2061"}
    load_demo(hours=2, now=now)
    assert RawPacket.objects.count() == packets
    assert Measurement.objects.filter(cn="2061", code="w01018").count() == 3 * 2


def test_sink_columns_are_the_models_columns():
    from gongkai.sources.hj212.records import MEASUREMENT_COLUMNS, PACKET_COLUMNS

    for model, columns in ((RawPacket, PACKET_COLUMNS), (Measurement, MEASUREMENT_COLUMNS)):
        assert {f.column for f in model._meta.concrete_fields if not f.primary_key} == set(columns)


@pytest.mark.django_db(transaction=True)
def test_django_sink_keeps_its_database_connection_between_batches():
    """The receiver's commit thread keeps one session (CONN_MAX_AGE, meant for web requests, would
    close it before every batch); a session that failed and no longer answers is replaced."""
    from django.db import connection

    from gongkai.sources.hj212.records import received

    sink = DjangoSink()
    item = received(codec.encode(upload()).decode().rstrip("\r\n"), "p", datetime.now(UTC), upload())
    sink.commit(sink.prepare([item]))
    session = connection.connection
    sink.commit(sink.prepare([item]))
    assert connection.connection is session and RawPacket.objects.count() == 1
    connection.errors_occurred = True  # a failed query, the session still answering: kept
    sink.commit(sink.prepare([item]))
    assert connection.connection is session and not connection.errors_occurred


@pytest.mark.django_db(transaction=True)
def test_django_sink_inserts_new_batches_plainly_and_falls_back_on_repeats(monkeypatch):
    """A batch of new data goes in with plain INSERTs; a batch holding a packet already stored, a
    packet twice, or a new packet repeating stored measurements (a new QN for one DataTime) is
    moved again with ON CONFLICT DO NOTHING: the new rows stored, nothing twice (PostgreSQL; on
    SQLite the same batches through its own path)."""
    from django.db import connection

    from gongkai.sources import sink as sink_module
    from gongkai.sources.hj212.records import received

    statements: list[str] = []
    original = sink_module._move_both

    class Recording:
        def __init__(self, cursor) -> None:
            self.cursor = cursor

        def execute(self, sql, *args):
            statements.append(sql)
            return self.cursor.execute(sql, *args)

    monkeypatch.setattr(sink_module, "_move_both", lambda cursor: original(Recording(cursor)))

    def packet(qn: str, hour: str, *, mn: str = "MN0001"):
        return upload(qn, mn=mn, cp={"DataTime": f"20240101{hour}0000"})

    def commit(*packets) -> list[str]:
        statements.clear()
        sink = DjangoSink()
        now = datetime.now(UTC)
        items = [received(codec.encode(p).decode().rstrip("\r\n"), "p", now, p) for p in packets]
        sink.commit(sink.prepare(items))
        return list(statements)

    def fell_back(executed: list[str]) -> bool:
        return any(sql.startswith("ROLLBACK TO SAVEPOINT") for sql in executed)

    postgres = connection.vendor == "postgresql"
    first = commit(packet("20240101120000001", "10"), packet("20240101120000002", "11"))
    assert RawPacket.objects.count() == 2 and Measurement.objects.count() == 4
    assert not fell_back(first) and (len(first) == 1) == postgres

    resent = commit(
        packet("20240101120000002", "11"),
        packet("20240101120000003", "12"),
        packet("20240101120000003", "12"),
    )
    assert RawPacket.objects.count() == 3 and Measurement.objects.count() == 6
    assert fell_back(resent) == postgres

    same_hour = commit(packet("20240101120000009", "10"), packet("20240101120000010", "13", mn="MN0002"))
    assert RawPacket.objects.count() == 5 and Measurement.objects.count() == 8
    assert fell_back(same_hour) == postgres
    ten_beijing = datetime(2024, 1, 1, 2, tzinfo=UTC)
    assert Measurement.objects.filter(mn="MN0001", data_time=ten_beijing).count() == 2  # once, not twice

    new_again = commit(packet("20240101120000011", "14"))
    assert not fell_back(new_again) and Measurement.objects.count() == 10


def test_a_deadlocked_batch_rolls_back_to_its_savepoint_and_moves_again():
    """Two receivers inserting the same packets in opposite orders deadlock; PostgreSQL cancels one
    (SQLSTATE 40P01), which rolls back to its savepoint (letting the other finish) and moves its
    batch again with ON CONFLICT DO NOTHING, a few times at most. (The two-receiver test meets
    real deadlocks now and then; this one fixes the order of events.)"""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's errors")
    import psycopg.errors

    from gongkai.sources import sink as sink_module

    class Cursor:
        def __init__(self, *failures) -> None:
            self.failures = list(failures)
            self.statements: list[str] = []

        def execute(self, sql):
            self.statements.append(sql)
            if self.failures:
                raise self.failures.pop(0)

    deadlock = psycopg.errors.DeadlockDetected
    cursor = Cursor(deadlock("deadlock detected"), deadlock("deadlock detected"))
    sink_module._move_both(cursor)
    first, *again = cursor.statements
    assert first.startswith("SAVEPOINT hj212_new;") and "ON CONFLICT" not in first
    assert len(again) == 2
    assert all(
        sql.startswith("ROLLBACK TO SAVEPOINT hj212_new;") and "ON CONFLICT DO NOTHING" in sql
        for sql in again
    )

    endless = Cursor(*[deadlock("deadlock detected") for _ in range(10)])
    with pytest.raises(deadlock):  # the batch fails: no reply, the devices resend
        sink_module._move_both(endless)
    assert len(endless.statements) == 1 + sink_module.DEADLOCK_RETRIES

    other = Cursor(psycopg.errors.CheckViolation("pno"))
    with pytest.raises(psycopg.errors.CheckViolation):
        sink_module._move_both(other)
    assert len(other.statements) == 1
