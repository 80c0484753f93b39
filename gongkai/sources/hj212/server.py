"""The HJ 212 receiver (数据接收服务): asyncio TCP, one FrameReader per connection, group commit.

Guarantees (issue 16):
- a packet whose Flag asks for a reply (bit A) is answered with CN=9014 only after the sink has
  committed it; the device resends what was not answered, and the sink's unique keys make the
  resend harmless — so killing the receiver loses no acknowledged packet and stores no duplicate;
- a refused packet (bad frame, unknown MN, wrong password …) is counted by reason, stored with its
  reason, and answered with CN=9011 and the Table 7 QnRtn when it asked for a reply and could be
  read; it never closes the connection, and one connection's trouble never touches another's;
- idle connections are closed after ``idle_timeout`` seconds; beyond ``max_connections`` new ones
  are closed at once;
- packets of all connections are written in batches by one committer (one transaction per batch,
  in a worker thread), which is what makes thousands of acknowledged packets per second possible.

No Django here: the sink and the device directory are passed in (``sqlite_sink.SQLiteSink`` for
the stand-alone receiver, ``gongkai.sources.sink.DjangoSink`` inside the platform)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Frame, FrameReader, Hj212Error, Packet
from gongkai.sources.hj212.records import Received
from gongkai.sources.hj212.tables import DATA_COMMANDS

log = logging.getLogger("gongkai.hj212")


class PacketSink(Protocol):
    def commit(self, batch: Sequence[Received]) -> None:
        """Store the batch in one transaction or raise; called from one worker thread."""

    def close(self) -> None: ...


class Directory(Protocol):
    def check(self, packet: Packet) -> str | None:
        """None if the device may send, else a reject code (``unknown_mn``, ``password``)."""


class OpenDirectory:
    """Accepts every MN (a demo or a receiver behind a trusted network)."""

    def check(self, packet: Packet) -> str | None:
        return None


class StaticDirectory:
    """MN → password (plain, or ``sha256:<hex>``); an MN not listed is refused unless ``allow_unknown``."""

    def __init__(self, passwords: Mapping[str, str], *, allow_unknown: bool = False) -> None:
        self.passwords = dict(passwords)
        self.allow_unknown = allow_unknown

    def check(self, packet: Packet) -> str | None:
        expected = self.passwords.get(packet.mn)
        if expected is None:
            return None if self.allow_unknown else "unknown_mn"
        if expected.startswith("sha256:"):
            given = "sha256:" + hashlib.sha256(packet.pw.encode()).hexdigest()
        else:
            given = packet.pw
        return None if given == expected else "password"


@dataclass
class ReceiverConfig:
    host: str = "0.0.0.0"  # noqa: S104 - a receiver listens for devices on the network
    port: int = 9212
    idle_timeout: float = 300.0
    max_connections: int = 10_000
    max_batch: int = 5000
    read_size: int = 65536
    reuse_port: bool = False  # one of several processes on the port (``processes.supervise``)


class Metrics:
    """Counters in Prometheus text format (``render``)."""

    def __init__(self) -> None:
        self.counters: Counter = Counter()
        self.packets_by_cn: Counter = Counter()
        self.rejects_by_reason: Counter = Counter()
        self.connections_open = 0
        self.started = time.time()
        self.packets_per_second = 0.0  # over the last ``sample`` interval
        self._sampled = (time.monotonic(), 0)

    def sample(self) -> float:
        """Packets (accepted and refused) per second since the previous sample."""
        now, total = time.monotonic(), sum(self.packets_by_cn.values()) + sum(self.rejects_by_reason.values())
        then, before = self._sampled
        if now > then:
            self.packets_per_second = (total - before) / (now - then)
        self._sampled = (now, total)
        return self.packets_per_second

    def render(self) -> str:
        lines = [
            "# HELP hj212_connections_open Open device connections.",
            "# TYPE hj212_connections_open gauge",
            f"hj212_connections_open {self.connections_open}",
        ]
        for name in (
            "connections_total",
            "connections_refused_total",
            "idle_timeouts_total",
            "bytes_received_total",
            "replies_total",
            "commit_batches_total",
            "commit_failures_total",
        ):
            lines += [f"# TYPE hj212_{name} counter", f"hj212_{name} {self.counters[name]}"]
        lines += [
            "# TYPE hj212_commit_seconds_total counter",
            f"hj212_commit_seconds_total {self.counters['commit_seconds']:.6f}",
        ]
        lines.append("# TYPE hj212_packets_total counter")
        lines += [f'hj212_packets_total{{cn="{cn}"}} {n}' for cn, n in sorted(self.packets_by_cn.items())]
        lines.append("# TYPE hj212_rejects_total counter")
        lines += [
            f'hj212_rejects_total{{reason="{r}"}} {n}' for r, n in sorted(self.rejects_by_reason.items())
        ]
        lines += [
            "# TYPE hj212_packets_per_second gauge",
            f"hj212_packets_per_second {self.packets_per_second:.1f}",
            "# TYPE hj212_uptime_seconds gauge",
            f"hj212_uptime_seconds {time.time() - self.started:.0f}",
        ]
        return "\n".join(lines) + "\n"


class Receiver:
    def __init__(
        self,
        sink: PacketSink,
        *,
        directory: Directory | None = None,
        config: ReceiverConfig | None = None,
        metrics: Metrics | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.sink = sink
        self.directory = directory or OpenDirectory()
        self.config = config or ReceiverConfig()
        self.metrics = metrics or Metrics()
        self.clock = clock
        self._queue: asyncio.Queue | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hj212-commit")
        self._server: asyncio.base_events.Server | None = None
        self._committer: asyncio.Task | None = None
        self._metrics_server: asyncio.base_events.Server | None = None
        self._connections: set[asyncio.Task] = set()

    # ------------------------------------------------------------------ lifecycle
    async def start(self, sock=None) -> None:
        """Listen on ``config.host:port`` (with SO_REUSEPORT if ``config.reuse_port``), or accept on
        ``sock``, a listening socket shared with other worker processes."""
        self._queue = asyncio.Queue()
        self._committer = asyncio.create_task(self._commit_loop())
        if sock is not None:
            self._server = await asyncio.start_server(
                self._handle, sock=sock, limit=self.config.read_size, backlog=4096
            )
        else:
            self._server = await asyncio.start_server(
                self._handle,
                self.config.host,
                self.config.port,
                limit=self.config.read_size,
                backlog=4096,
                reuse_port=self.config.reuse_port or None,
            )
        self.config.port = self._server.sockets[0].getsockname()[1]

    async def serve_metrics(self, host: str, port: int) -> int:
        """A minimal HTTP endpoint answering every request with the Prometheus text."""

        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
                body = self.metrics.render().encode()
                writer.write(
                    b"HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                )
                await writer.drain()
            writer.close()

        self._metrics_server = await asyncio.start_server(answer, host, port)
        return self._metrics_server.sockets[0].getsockname()[1]

    async def write_metrics_file(self, path: str, every: float = 5.0) -> None:
        while True:
            self.metrics.sample()
            temporary = f"{path}.tmp"
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(self.metrics.render())
            os.replace(temporary, path)
            await asyncio.sleep(every)

    async def close(self) -> None:
        for server in (self._server, self._metrics_server):
            if server is not None:
                server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._committer is not None:
            if not self._committer.done():
                # Commit what was received; replies for it can no longer be sent (the device resends).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._queue.join(), 30)
            self._committer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._committer
        self._executor.shutdown(wait=True)

    # ------------------------------------------------------------------ committing
    async def _commit_loop(self) -> None:
        """Queue entries are (Received, chunk future) and, after the packets of one read, a marker
        (None, chunk future): the chunk's replies may go out once the marker's batch committed."""
        loop = asyncio.get_running_loop()
        queue = self._queue
        while True:
            batch = [await queue.get()]
            while len(batch) < self.config.max_batch and not queue.empty():
                batch.append(queue.get_nowait())
            items = [item for item, _chunk in batch if item is not None]
            started = time.perf_counter()
            try:
                if items:
                    await loop.run_in_executor(self._executor, self.sink.commit, items)
            except Exception as error:
                log.exception("commit of %d packets failed", len(items))
                self.metrics.counters["commit_failures_total"] += 1
                for _item, chunk in batch:
                    if chunk is not None and not chunk.done():
                        chunk.set_exception(error)
            else:
                self.metrics.counters["commit_batches_total"] += 1
                for item, chunk in batch:
                    if item is None and not chunk.done():
                        chunk.set_result(None)
            self.metrics.counters["commit_seconds"] += time.perf_counter() - started
            for _ in batch:
                queue.task_done()

    # ------------------------------------------------------------------ connections
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        metrics = self.metrics
        if metrics.connections_open >= self.config.max_connections:
            metrics.counters["connections_refused_total"] += 1
            writer.close()
            return
        task = asyncio.current_task()
        self._connections.add(task)
        metrics.connections_open += 1
        metrics.counters["connections_total"] += 1
        peername = writer.get_extra_info("peername")
        peer = f"{peername[0]}:{peername[1]}" if isinstance(peername, tuple) else str(peername or "")
        frames = FrameReader()
        loop = asyncio.get_running_loop()
        queue = self._queue
        try:
            while True:
                try:
                    data = await asyncio.wait_for(
                        reader.read(self.config.read_size), self.config.idle_timeout
                    )
                except TimeoutError:
                    metrics.counters["idle_timeouts_total"] += 1
                    break
                if not data:
                    break
                metrics.counters["bytes_received_total"] += len(data)
                replies: list[bytes] = []
                chunk = loop.create_future()
                must_commit = stored = False
                for event in frames.feed(data):
                    item, reply, is_ack = self._on_event(event, peer)
                    if item is not None:
                        queue.put_nowait((item, chunk))
                        stored = True
                    if reply is not None:
                        replies.append(reply)
                        must_commit |= is_ack
                if stored:
                    queue.put_nowait((None, chunk))
                    if must_commit:
                        await chunk  # a failed commit raises: no ack, the connection closes
                    else:
                        chunk.add_done_callback(_consume)
                if replies:
                    writer.write(b"".join(replies))
                    metrics.counters["replies_total"] += len(replies)
                    await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass  # a device hung up, or the receiver is shutting down
        except Exception as error:
            log.warning("connection %s closed: %s", peer, error)
        finally:
            metrics.connections_open -= 1
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _on_event(self, event, peer: str) -> tuple[Received | None, bytes | None, bool]:
        """One frame or framing error → (what to store, reply to send, whether the reply is a 9014
        that may only go out after the commit)."""
        now = self.clock()
        if not isinstance(event, Frame):
            return self._refuse(event.raw.decode("utf-8", "replace"), peer, now, event.error, event.segment)
        raw = event.raw.decode("utf-8").rstrip("\r\n")
        try:
            packet = codec.parse_segment(event.segment)
        except Hj212Error as error:
            return self._refuse(raw, peer, now, error, None)
        reason = self.directory.check(packet)
        if reason is None and packet.cn in DATA_COMMANDS and packet.data_time is None and not packet.is_split:
            reason = "no_data_time"
        if reason is not None:
            return self._refuse(raw, peer, now, Hj212Error(reason, packet.mn), None, packet)
        self.metrics.packets_by_cn[packet.cn] += 1
        item = Received(raw=raw, peer=peer, received_at=now, packet=packet)
        if packet.ack_requested and not packet.cn.startswith("9"):
            return item, codec.reply_data(packet), True
        return item, None, False

    def _refuse(self, raw, peer, now, error: Hj212Error, segment: str | None, packet: Packet | None = None):
        self.metrics.rejects_by_reason[error.code] += 1
        if error.code == "garbage":
            return None, None, False  # counted, not stored: noise on the line is not a packet
        if packet is None and segment is not None:
            with contextlib.suppress(Hj212Error):
                packet = codec.parse_segment(segment)
        item = Received(raw=raw, peer=peer, received_at=now, packet=packet, error=error)
        if packet is not None and packet.ack_requested and not packet.cn.startswith("9"):
            return item, codec.reply_request(packet, codec.QN_RTN_FOR_REASON.get(error.code, 100)), False
        return item, None, False


def parse_metrics(text: str) -> dict:
    """The Prometheus text ``Metrics.render`` writes → {"name": value} for plain series and
    {"name": {label value: value}} for labelled ones (the console's metrics page reads it back)."""
    parsed: dict = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        series, _sep, value = line.rpartition(" ")
        try:
            number = float(value)
        except ValueError:
            continue
        if "{" in series and series.endswith('"}'):
            name, _brace, label = series.partition("{")
            label_value = label.partition('="')[2][:-2]
            parsed.setdefault(name, {})[label_value] = number
        else:
            parsed[series] = number
    return parsed


def _consume(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()  # retrieved, so a failed commit nobody waited for is not logged twice


async def run_receiver(
    receiver: Receiver,
    *,
    metrics_port: int | None = None,
    metrics_file: str | None = None,
    stop: asyncio.Event | None = None,
    sock=None,
):
    """Start and run until ``stop`` is set (the CLI sets it on SIGINT/SIGTERM) or cancelled; then
    close the listeners and connections and commit what is queued."""
    await receiver.start(sock)
    tasks = []
    if metrics_port is not None:
        await receiver.serve_metrics(receiver.config.host, metrics_port)
    if metrics_file:
        tasks.append(asyncio.create_task(receiver.write_metrics_file(metrics_file)))
    try:
        await (stop or asyncio.Event()).wait()
    finally:
        for task in tasks:
            task.cancel()
        await receiver.close()
