"""Two receivers side by side against one database (issue 16: several receivers behind a TCP load
balancer): every packet acknowledged by either is stored, a packet resent to the other receiver
after a failover is stored once. On PostgreSQL with DATABASE_URL, on SQLite otherwise."""

from __future__ import annotations

import asyncio

import pytest

from gongkai.sources.hj212 import codec
from gongkai.sources.models import Measurement, RawPacket
from gongkai.sources.sink import DjangoSink
from tests.sources.receiver_helpers import Client, running, upload


def packets(prefix: str, count: int) -> list[bytes]:
    return [
        codec.encode(upload(qn=f"20240101{number:06d}001", mn=f"{prefix}{number:04d}"))
        for number in range(count)
    ]


@pytest.mark.django_db(transaction=True)
def test_two_receivers_one_database():
    only_a, only_b, both = packets("A", 30), packets("B", 30), packets("C", 30)

    async def device(port: int, wires: list[bytes]) -> int:
        client = await Client.connect(port)
        await client.send(b"".join(wires))
        replies = await client.replies(len(wires), timeout=30)
        await client.close()
        return sum(1 for reply in replies if reply.cn == "9014")

    async def scenario():
        async with running(DjangoSink()) as first, running(DjangoSink()) as second:
            a, b = first.config.port, second.config.port
            return await asyncio.gather(
                device(a, only_a), device(b, only_b), device(a, both), device(b, both[::-1])
            )

    acknowledged = asyncio.run(scenario())
    assert acknowledged == [30, 30, 30, 30]
    assert RawPacket.objects.count() == 90  # the 30 sent to both are stored once
    assert Measurement.objects.count() == 90 * len(upload().values)
    assert set(RawPacket.objects.filter(mn__startswith="C").values_list("mn", flat=True)) == {
        f"C{number:04d}" for number in range(30)
    }
