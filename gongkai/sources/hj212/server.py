"""The HJ 212 receiver (数据接收服务): asyncio Protocol per connection, FrameReader, group commit.

Guarantees (issue 16):
- a packet whose Flag asks for a reply (bit A) is answered with CN=9014 only after the sink has
  committed it; the device resends what was not answered, and the sink's unique keys make the
  resend harmless — so killing the receiver loses no acknowledged packet and stores no duplicate;
- a refused packet (bad frame, unknown MN, wrong password …) is counted by reason, stored with its
  reason, and answered with CN=9011 and the Table 7 QnRtn when it asked for a reply and could be
  read; it never closes the connection, and one connection's trouble never touches another's;
- idle connections are closed after ``idle_timeout`` seconds; beyond ``max_connections`` new ones
  are closed at once;
- packets of all connections are written in batches by one committer (group commit: what arrived
  while the previous batch was prepared or committed is the next batch, one transaction); the
  sink's ``prepare`` builds the rows in the event loop's thread while the batch before commits in
  a worker thread (``threaded`` sinks; inline otherwise), so Python and database work overlap and
  the thread doing I/O never holds the GIL for long (docs/ARCHITECTURE.md).

No Django here: the sink and the device directory are passed in (``sqlite_sink.SQLiteSink`` for
the stand-alone receiver, ``gongkai.sources.sink.DjangoSink`` inside the platform)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Frame, FrameReader, Hj212Error, Packet
from gongkai.sources.hj212.records import Received, received
from gongkai.sources.hj212.tables import DATA_COMMANDS

log = logging.getLogger("gongkai.hj212")


class PacketSink(Protocol):
    """``commit`` stores a batch in one transaction or raises. Optional: ``prepare(batch)`` turns the
    batch into what ``commit`` takes, in the event loop's thread (the CPU part: rows, COPY text), and
    ``threaded`` (default True) runs ``commit`` in the receiver's one worker thread, so reading and
    parsing go on while the database works; False commits in the event loop's thread (SQLite)."""

    def commit(self, batch: Sequence[Received]) -> None:
        """Store the batch in one transaction or raise."""

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


class _Connection(asyncio.Protocol):
    """One device connection (an ``asyncio.Protocol``: no task, no stream buffers, no per-read
    future — a callback per read). Replies wait in ``waiting`` as (batch number, bytes, count)
    until the batch holding their packets has committed; they leave in the order they were made."""

    __slots__ = (
        "batch",
        "frames",
        "last",
        "open",
        "paused",
        "peer",
        "receiver",
        "timer",
        "transport",
        "waiting",
    )

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver
        self.transport: asyncio.Transport | None = None
        self.peer = ""
        self.frames = FrameReader()
        self.waiting: deque = deque()
        self.last = 0.0
        self.timer: asyncio.TimerHandle | None = None
        self.paused = False
        self.open = False
        self.batch = 0  # the last batch whose list of connections to answer holds this one

    def connection_made(self, transport) -> None:
        self.transport = transport
        receiver = self.receiver
        metrics = receiver.metrics
        if metrics.connections_open >= receiver.config.max_connections or receiver._closing:
            metrics.counters["connections_refused_total"] += 1
            transport.close()
            return
        self.open = True
        receiver._connections.add(self)
        metrics.connections_open += 1
        metrics.counters["connections_total"] += 1
        peername = transport.get_extra_info("peername")
        self.peer = f"{peername[0]}:{peername[1]}" if isinstance(peername, tuple) else str(peername or "")
        loop = receiver._loop
        self.last = loop.time()
        # One timer per connection, moved on lazily: a read only notes the time.
        self.timer = loop.call_later(receiver.config.idle_timeout, self._check_idle)

    def _check_idle(self) -> None:
        if not self.open:
            return
        loop = self.receiver._loop
        idle = self.receiver.config.idle_timeout
        left = self.last + idle - loop.time()
        if left > 0 or self.waiting:  # a device waiting for its acknowledgement is not idle
            self.timer = loop.call_later(max(left, 0.05), self._check_idle)
            return
        self.receiver.metrics.counters["idle_timeouts_total"] += 1
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        if not self.open:
            return
        receiver = self.receiver
        self.last = receiver._loop.time()
        receiver.metrics.counters["bytes_received_total"] += len(data)
        receiver._on_data(self, data)

    def eof_received(self) -> bool:
        return False  # close; what was received is still committed

    def connection_lost(self, exc) -> None:
        if not self.open:
            return
        self.open = False
        self.waiting.clear()
        if self.timer is not None:
            self.timer.cancel()
        receiver = self.receiver
        receiver.metrics.connections_open -= 1
        receiver._connections.discard(self)

    def pause_writing(self) -> None:  # the device does not read its replies: stop reading it
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        if not self.paused:
            self.transport.resume_reading()

    def flush(self, number: int) -> None:
        """Send the replies whose packets are in batches up to ``number`` (all committed)."""
        waiting = self.waiting
        if not self.open or not waiting:
            return
        parts = []
        count = 0
        while waiting and waiting[0][0] <= number:
            _number, data, replies = waiting.popleft()
            parts.append(data)
            count += replies
        if parts:
            self.transport.write(b"".join(parts))
            self.receiver.metrics.counters["replies_total"] += count
        if self.paused and len(waiting) < PAUSE_AFTER:
            self.paused = False
            self.transport.resume_reading()


# A connection with this many reads waiting for their commit is not read until some are answered:
# memory per connection stays bounded even if a device streams without waiting for replies.
PAUSE_AFTER = 8


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
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hj212-commit")
        self._server: asyncio.base_events.Server | None = None
        self._committer: asyncio.Task | None = None
        self._metrics_server: asyncio.base_events.Server | None = None
        self._connections: set[_Connection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        # The batch being collected: its packets, the connections with replies waiting for it, its number.
        self._pending: list[Received] = []
        self._touched: list[_Connection] = []
        self._number = 1
        self._wake: asyncio.Event | None = None
        self._idle: asyncio.Event | None = None  # set when nothing is pending or committing
        self._in_flight = 0  # batches taken from pending and not yet answered
        self._finishing: asyncio.Task | None = None  # the last batch's commit-and-answer task
        self._closing = False

    # ------------------------------------------------------------------ lifecycle
    async def start(self, sock=None) -> None:
        """Listen on ``config.host:port`` (with SO_REUSEPORT if ``config.reuse_port``), or accept on
        ``sock``, a listening socket shared with other worker processes."""
        loop = self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._committer = asyncio.create_task(self._commit_loop())

        def factory() -> _Connection:
            return _Connection(self)

        if sock is not None:
            self._server = await loop.create_server(factory, sock=sock, backlog=4096)
        else:
            self._server = await loop.create_server(
                factory,
                self.config.host,
                self.config.port,
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
        self._closing = True
        for server in (self._server, self._metrics_server):
            if server is not None:
                server.close()
        for connection in list(self._connections):
            connection.transport.close()
            connection.connection_lost(None)  # replies can no longer be sent (the device resends)
        if self._committer is not None:
            if not self._committer.done():
                # Commit what was received.
                self._wake.set()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._drained(), 30)
            for task in (self._committer, self._finishing):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
        self._executor.shutdown(wait=True)

    async def _drained(self) -> None:
        while self._pending or not self._idle.is_set():
            self._wake.set()
            await self._idle.wait()
            await asyncio.sleep(0)

    # ------------------------------------------------------------------ committing
    async def _commit_loop(self) -> None:
        """Group commit, two batches deep: every packet received while the previous batch was being
        prepared or committed goes into the next batch (one transaction in the worker thread). A
        batch is prepared (rows, COPY text: CPU, in the event loop's thread) while the batch before
        it commits (database I/O, in the worker thread), so the Python work and the database work
        overlap instead of taking turns; each batch's replies leave once it has committed, batches
        in order. Reading and parsing go on in the event loop throughout."""
        loop = asyncio.get_running_loop()
        wake = self._wake
        previous: asyncio.Task | None = None
        while True:
            await wake.wait()
            wake.clear()
            if not self._pending and not self._touched:
                continue
            self._idle.clear()
            batch, touched, number = self._pending, self._touched, self._number
            self._pending, self._touched = [], []
            self._number += 1
            self._in_flight += 1
            started = time.perf_counter()
            committing = prepared = None
            failed = False
            if batch:
                try:
                    prepare = getattr(self.sink, "prepare", None)
                    prepared = batch if prepare is None else prepare(batch)
                except Exception:
                    log.exception("preparing %d packets failed", len(batch))
                    failed = True
                else:
                    if getattr(self.sink, "threaded", True):
                        # Queued behind the previous batch's commit (one worker thread): in order.
                        committing = loop.run_in_executor(self._executor, self.sink.commit, prepared)
            finishing = asyncio.create_task(
                self._finish(previous, committing, prepared, batch, touched, number, started, failed)
            )
            if previous is not None:
                # At most two batches in flight: this one committing (or queued), the next collecting.
                await asyncio.wait([previous])
            previous = self._finishing = finishing

    async def _finish(self, previous, committing, prepared, batch, touched, number, started, failed) -> None:
        """Wait for the batch before (replies leave in batch order), then for this batch's commit
        (or commit it here when the sink is not threaded); answer or, if it failed, close."""
        try:
            if previous is not None:
                await asyncio.wait([previous])
            if not failed:
                try:
                    if committing is not None:
                        await committing
                    elif batch:
                        self.sink.commit(prepared)
                except Exception:
                    log.exception("commit of %d packets failed", len(batch))
                    failed = True
            if failed:
                self.metrics.counters["commit_failures_total"] += 1
                for connection in touched:
                    # No acknowledgement for what was not stored: the connection closes and the
                    # device resends after reconnecting.
                    if connection.open and any(entry[0] <= number for entry in connection.waiting):
                        connection.transport.close()
                        connection.connection_lost(None)
            else:
                self.metrics.counters["commit_batches_total"] += 1
                for connection in touched:
                    connection.flush(number)
        finally:
            self.metrics.counters["commit_seconds"] += time.perf_counter() - started
            self._in_flight -= 1
            if not self._pending and not self._in_flight:
                self._idle.set()

    # ------------------------------------------------------------------ connections
    def _on_data(self, connection: _Connection, data: bytes) -> None:
        now = self.clock()
        pending = self._pending
        replies: list[bytes] = []
        must_commit = stored = False
        peer = connection.peer
        for event in connection.frames.feed(data):
            item, reply, is_ack = self._on_event(event, peer, now)
            if item is not None:
                pending.append(item)
                stored = True
            if reply is not None:
                replies.append(reply)
                must_commit |= is_ack
        if stored:
            self._wake.set()
        if not replies:
            return
        waiting = connection.waiting
        if must_commit or waiting:  # after the commit, or behind replies that wait for one
            if connection.batch != self._number:
                connection.batch = self._number
                self._touched.append(connection)
                self._wake.set()
            waiting.append((self._number, b"".join(replies), len(replies)))
            if len(waiting) >= PAUSE_AFTER and not connection.paused:
                connection.paused = True
                connection.transport.pause_reading()
        else:
            connection.transport.write(b"".join(replies))
            self.metrics.counters["replies_total"] += len(replies)

    def _on_event(self, event, peer: str, now: datetime) -> tuple[Received | None, bytes | None, bool]:
        """One frame or framing error → (what to store, reply to send, whether the reply is a 9014
        that may only go out after the commit)."""
        if not isinstance(event, Frame):
            return self._refuse(event.raw.decode("utf-8", "replace"), peer, now, event.error, event.segment)
        raw = event.raw[:-2].decode("utf-8")  # a Frame ends with CRLF
        try:
            packet = codec.parse_segment(event.segment)
        except Hj212Error as error:
            return self._refuse(raw, peer, now, error, None)
        reason = self.directory.check(packet)
        # (parse_segment has checked DataTime when there is one)
        cp = packet.cp
        if reason is None and packet.cn in DATA_COMMANDS and "DataTime" not in cp and not packet.is_split:
            reason = "no_data_time"
        if reason is not None:
            return self._refuse(raw, peer, now, Hj212Error(reason, packet.mn), None, packet)
        self.metrics.packets_by_cn[packet.cn] += 1
        item = received(raw, peer, now, packet)
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
