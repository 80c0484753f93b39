"""A receiver on a free port for the tests, and a tiny device client."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Frame, FrameReader, Packet
from gongkai.sources.hj212.server import Receiver, ReceiverConfig


def serve_command(port: int, *options: str) -> list[str]:
    """``gongkai hj212 serve`` on 127.0.0.1:``port`` as a subprocess's command line."""
    gongkai = [sys.executable, "-m", "gongkai.cli"]
    return [*gongkai, "hj212", "serve", "--host", "127.0.0.1", "--port", str(port), *options]


def upload(
    qn: str = "20240101120000001", *, mn: str = "MN0001", pw: str = "123456", flag: str = "5", **extra
) -> Packet:
    fields = {
        "qn": qn,
        "st": "32",
        "cn": "2061",
        "pw": pw,
        "mn": mn,
        "flag": flag,
        "cp": {"DataTime": "20240101110000"},
        "values": {"w01018": {"Avg": "25.1", "Flag": "N"}, "w21003": {"Avg": "1.2", "Flag": "M"}},
    }
    fields.update(extra)
    return Packet(**fields)


@contextlib.asynccontextmanager
async def running(sink, **options):
    directory = options.pop("directory", None)
    receiver = Receiver(sink, directory=directory, config=ReceiverConfig(host="127.0.0.1", port=0, **options))
    await receiver.start()
    try:
        yield receiver
    finally:
        await receiver.close()


class Client:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer
        self.frames = FrameReader()
        self.pending: list[Packet] = []

    @classmethod
    async def connect(cls, port: int) -> Client:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def replies(self, count: int, timeout: float = 5.0) -> list[Packet]:
        async def collect():
            while len(self.pending) < count:
                data = await self.reader.read(65536)
                if not data:
                    break
                self.pending += [
                    codec.parse_segment(e.segment) for e in self.frames.feed(data) if isinstance(e, Frame)
                ]

        await asyncio.wait_for(collect(), timeout)
        got, self.pending = self.pending[:count], self.pending[count:]
        return got

    async def closed_by_server(self, timeout: float = 5.0) -> bool:
        data = await asyncio.wait_for(self.reader.read(65536), timeout)
        return data == b""

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()
