"""The asyncio receiver end to end over TCP, with the Django-free SQLite sink."""

from __future__ import annotations

import asyncio
import threading

import pytest

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.server import StaticDirectory
from gongkai.sources.hj212.simulate import Fleet
from gongkai.sources.hj212.sqlite_sink import SQLiteSink
from tests.sources import samples
from tests.sources.receiver_helpers import Client, running, upload


@pytest.fixture
def sink(tmp_path):
    sink = SQLiteSink(str(tmp_path / "hj212.sqlite3"))
    yield sink
    sink.close()


def run(coroutine):
    return asyncio.run(coroutine)


def test_upload_asking_for_a_reply_is_stored_then_answered_with_9014(sink):
    async def scenario():
        async with running(sink) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(codec.encode(upload()))
            (reply,) = await client.replies(1)
            await client.close()
            return reply

    reply = run(scenario())
    assert (reply.cn, reply.qn, reply.st, reply.mn) == ("9014", "20240101120000001", "91", "MN0001")
    assert sink.count() == 1
    assert sink.count("hj212_measurement") == 2
    assert sink.count("hj212_measurement", "code='w21003' AND valid=0 AND flag='M'") == 1
    assert sink.count("hj212_measurement", "data_time='2024-01-01 03:00:00'") == 2  # 11:00 Beijing


def test_pipelined_packets_sent_byte_by_byte_are_all_answered_in_order(sink):
    wire = b"".join(codec.encode(upload(f"2024010112000000{n}")) for n in range(1, 6))

    async def scenario():
        async with running(sink) as receiver:
            client = await Client.connect(receiver.config.port)
            for byte in range(len(wire)):
                client.writer.write(wire[byte : byte + 1])
            await client.writer.drain()
            replies = await client.replies(5)
            await client.close()
            return replies

    assert [reply.qn for reply in run(scenario())] == [f"2024010112000000{n}" for n in range(1, 6)]
    assert sink.count() == 5


def test_resent_packet_is_answered_again_and_stored_once(sink):
    async def scenario():
        async with running(sink) as receiver:
            for _ in range(3):
                client = await Client.connect(receiver.config.port)
                await client.send(codec.encode(upload()))
                await client.replies(1)
                await client.close()

    run(scenario())
    assert sink.count() == 1
    assert sink.count("hj212_measurement") == 2


def test_bad_crc_gets_9011_crc_error_and_the_connection_stays_usable(sink):
    bad = codec.encode(upload("20240101120000009"))
    bad = bad[:-6] + b"0000" + bad[-2:]

    async def scenario():
        async with running(sink) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(b"noise" + bad + codec.encode(upload()))
            refused, accepted = await client.replies(2)
            await client.close()
            return receiver.metrics, refused, accepted

    metrics, refused, accepted = run(scenario())
    assert (refused.cn, refused.cp, refused.qn) == ("9011", {"QnRtn": "9"}, "20240101120000009")
    assert accepted.cn == "9014"
    assert metrics.rejects_by_reason == {"garbage": 1, "crc": 1}
    assert sink.count("hj212_packet", "status='rejected' AND reason_code='crc'") == 1
    assert sink.count("hj212_packet", "status='accepted'") == 1


@pytest.mark.parametrize(
    ("mn", "pw", "rtn", "reason"),
    [("NOBODY", "123456", "4", "unknown_mn"), ("MN0001", "wrong", "3", "password")],
)
def test_unknown_mn_or_wrong_password_is_refused_with_table_7_code(sink, mn, pw, rtn, reason):
    async def scenario():
        async with running(sink, directory=StaticDirectory({"MN0001": "123456"})) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(codec.encode(upload(mn=mn, pw=pw)))
            (reply,) = await client.replies(1)
            await client.close()
            return reply

    reply = run(scenario())
    assert reply.cn == "9011" and reply.cp == {"QnRtn": rtn}
    assert sink.count("hj212_packet", "status='rejected' AND reason_code=?", (reason,)) == 1
    assert sink.count("hj212_measurement") == 0
    assert sink.count("hj212_packet", "raw LIKE '%PW=******;%'") == 1  # never stored in clear


def test_data_upload_without_datatime_is_refused(sink):
    async def scenario():
        async with running(sink) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(codec.encode(upload(cp={})))
            (reply,) = await client.replies(1)
            await client.close()
            return reply

    assert run(scenario()).cp == {"QnRtn": "100"}
    assert sink.count("hj212_packet", "reason_code='no_data_time'") == 1


def test_2005_packet_is_stored_with_2017_codes_and_not_answered(sink):
    packet = samples.with_crc(samples.S3)

    async def scenario():
        async with running(sink) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(packet.encode() + b"\r\n" + codec.encode(upload()))
            (reply,) = await client.replies(1)  # only the 2017 packet asks for a reply
            await client.close()
            return reply

    assert run(scenario()).qn == "20240101120000001"
    assert sink.count("hj212_packet", "mn='LD130133000015' AND version='HJ/T 212-2005'") == 1
    codes = {
        row for row in ("w00000", "w01018", "w21003") if sink.count("hj212_measurement", "code=?", (row,))
    }
    assert codes == {"w00000", "w01018", "w21003"}
    assert sink.count("hj212_measurement", "sent_code='011' AND rtd=231.0") == 1


def test_split_upload_without_datatime_in_every_part_is_joined(sink):
    first = upload("20240101120000100", flag="7", pnum="2", pno="1")
    second = upload(
        "20240101120000100",
        flag="7",
        pnum="2",
        pno="2",
        cp={},
        values={"w21011": {"Avg": "0.3", "Flag": "N"}},
    )

    async def scenario():
        async with running(sink) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(codec.encode(second))
            await client.replies(1)
            await client.send(codec.encode(first))
            await client.replies(1)
            await client.close()

    run(scenario())
    assert sink.count() == 2
    assert sink.count("hj212_measurement") == 3
    assert sink.count("hj212_measurement", "code='w21011' AND avg=0.3") == 1


class GatedSink(SQLiteSink):
    threaded = True  # it blocks until the test opens the gate: not in the event loop's thread

    def __init__(self, path):
        super().__init__(path)
        self.gate = threading.Event()
        self.fail = False

    def commit(self, batch):
        assert self.gate.wait(10)
        if self.fail:
            raise OSError("disk full")
        super().commit(batch)


def test_no_acknowledgement_before_the_commit_and_none_when_it_fails(tmp_path):
    sink = GatedSink(str(tmp_path / "gated.sqlite3"))

    async def scenario():
        async with running(sink) as receiver:
            client = await Client.connect(receiver.config.port)
            await client.send(codec.encode(upload()))
            with pytest.raises(TimeoutError):
                await client.replies(1, timeout=0.3)
            sink.gate.set()
            (reply,) = await client.replies(1)
            assert reply.cn == "9014"
            sink.fail = True
            await client.send(codec.encode(upload("20240101120000002")))
            closed = await client.closed_by_server()
            await client.close()
            return closed, receiver.metrics

    closed, metrics = run(scenario())
    assert closed
    assert metrics.counters["commit_failures_total"] == 1
    assert sink.count() == 1
    sink.close()


def test_idle_connection_is_closed_and_max_connections_enforced(sink):
    async def scenario():
        async with running(sink, idle_timeout=0.2, max_connections=1) as receiver:
            first = await Client.connect(receiver.config.port)
            await asyncio.sleep(0.05)
            second = await Client.connect(receiver.config.port)
            assert await second.closed_by_server(timeout=2)
            assert await first.closed_by_server(timeout=2)
            await first.close()
            await second.close()
            return receiver.metrics

    metrics = run(scenario())
    assert metrics.counters["connections_refused_total"] == 1
    assert metrics.counters["idle_timeouts_total"] == 1
    text = metrics.render()
    assert "hj212_connections_refused_total 1" in text and "hj212_connections_open 0" in text


def test_one_connection_sending_garbage_does_not_disturb_another(sink):
    async def scenario():
        async with running(sink) as receiver:
            noisy = await Client.connect(receiver.config.port)
            good = await Client.connect(receiver.config.port)
            await noisy.send(b"##9999" + b"\xff" * 5000)
            await good.send(codec.encode(upload()))
            (reply,) = await good.replies(1)
            await noisy.close()
            await good.close()
            return reply, receiver.metrics

    reply, metrics = run(scenario())
    assert reply.cn == "9014"
    assert metrics.rejects_by_reason["too_long"] == 1


def test_metrics_endpoint_serves_prometheus_text(sink):
    async def scenario():
        async with running(sink) as receiver:
            port = await receiver.serve_metrics("127.0.0.1", 0)
            client = await Client.connect(receiver.config.port)
            await client.send(codec.encode(upload()))
            await client.replies(1)
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /metrics HTTP/1.0\r\n\r\n")
            body = await reader.read()
            writer.close()
            await client.close()
            return body.decode()

    body = run(scenario())
    assert body.startswith("HTTP/1.0 200 OK")
    assert 'hj212_packets_total{cn="2061"} 1' in body
    assert "hj212_replies_total 1" in body


def test_simulated_fleet_every_acknowledged_packet_is_stored(sink):
    async def scenario():
        async with running(sink) as receiver:
            fleet = Fleet(count=8, rate=0, window=4, track_keys=True, corrupt=0.1, seed=3)
            stats = await fleet.run("127.0.0.1", receiver.config.port, total=400, duration=30)
            return stats

    stats = run(scenario())
    assert stats.sent == 400
    assert stats.acked == 400 - stats.corrupted
    assert stats.acked_keys <= sink.keys()
    assert sink.count("hj212_packet", "status='accepted'") == stats.acked
    assert sink.count("hj212_packet", "reason_code='crc'") == stats.corrupted


def test_two_receivers_on_one_database_store_each_packet_once(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    sinks = [SQLiteSink(path), SQLiteSink(path)]

    async def scenario():
        async with running(sinks[0]) as first, running(sinks[1]) as second:
            a = await Client.connect(first.config.port)
            b = await Client.connect(second.config.port)
            wires = [codec.encode(upload(f"202401011200{n:05d}")) for n in range(50)]
            await a.send(b"".join(wires))
            await b.send(b"".join(wires[25:]) + b"".join(wires[:25]))
            await a.replies(50)
            await b.replies(50)
            await a.close()
            await b.close()

    run(scenario())
    assert sinks[0].count() == 50
    assert sinks[0].count("hj212_measurement") == 2  # one DataTime per code: later copies ignored
    for sink in sinks:
        sink.close()
