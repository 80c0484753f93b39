"""Benchmark of the HJ 212 receiver: parsing speed, receive → commit → acknowledge throughput against a
bare asyncio request/acknowledge server, memory per open connection, and a kill -9 durability loop.

Subcommands (all print figures; run from the repository root):
  parse        packets/s through codec.decode (realistic 2011/2051/2061/2031 packets from the simulator)
  fuzz         F random frames (mutated real packets, random segments, random bytes) through the decoder:
               counts crashes (must be 0) and rejects by reason
  throughput   N devices (default 1000), each keeping W packets in flight, against (a) a bare asyncio
               server that answers every CRLF-terminated line with a fixed reply and (b) the receiver
               with the SQLite sink (or PostgreSQL with --django when DATABASE_URL is set); every
               packet of (b) is committed before it is answered. --processes P runs (b) as P
               processes on the port (SO_REUSEPORT); the bare server is always one process. The
               load generator runs in its own process (asyncio Protocols, per-device packet
               templates whose QN, DataTime and CRC are updated by table lookups: every packet
               and measurement is new to the database, and each run's MNs carry a run tag), so it
               measures the servers, not the encoder; it prints the CPU each party spends per
               acknowledged packet and the load average, as the machine may be shared.
  memory       RSS of a receiver process with N idle connections open, per connection
  kill         C cycles: a device fleet streams to a receiver process that is killed with SIGKILL at
               a random moment and restarted; devices reconnect and resend what was not answered.
               Prints acknowledged packets missing from the database (lost) and packets stored twice.
               --django: the platform receiver on DATABASE_URL (PostgreSQL) instead of SQLite.

  .venv/bin/python bench/bench_hj212.py parse
  .venv/bin/python bench/bench_hj212.py fuzz --frames 1000000
  .venv/bin/python bench/bench_hj212.py throughput --devices 1000 --seconds 10
  .venv/bin/python bench/bench_hj212.py throughput --devices 1000 --seconds 8 --processes 2 [--django]
  .venv/bin/python bench/bench_hj212.py memory --devices 1000
  .venv/bin/python bench/bench_hj212.py kill --cycles 100 --devices 1000 [--django]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.sources.hj212 import codec  # noqa: E402
from gongkai.sources.hj212.simulate import Fleet  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def sample_packets(count: int) -> list[bytes]:
    fleet = Fleet(count=max(1, count // 200), rate=0)
    wires = []
    while len(wires) < count:
        for device in fleet.devices:
            wires.append(codec.encode(device.next_packet()))
    return wires[:count]


def cmd_parse(args) -> None:
    wires = sample_packets(args.packets)
    started = time.perf_counter()
    for wire in wires:
        codec.decode(wire)
    decode_seconds = time.perf_counter() - started
    reader = codec.FrameReader()
    stream = b"".join(wires)
    started = time.perf_counter()
    frames = 0
    for offset in range(0, len(stream), 4096):
        for event in reader.feed(stream[offset : offset + 4096]):
            codec.parse_segment(event.segment)
            frames += 1
    stream_seconds = time.perf_counter() - started
    size = sum(map(len, wires)) / len(wires)
    print(f"packets: {len(wires)}, mean size {size:.0f} bytes")
    print(f"codec.decode: {len(wires) / decode_seconds:,.0f} packets/s")
    print(f"FrameReader + parse_segment (4 KiB reads): {frames / stream_seconds:,.0f} packets/s")


def cmd_fuzz(args) -> None:
    """Random frames: real packets with 1–4 bytes changed, inserted or deleted, valid frames around
    random segments, and random bytes. Anything but a Packet or Hj212Error is a crash."""
    from collections import Counter

    rng = random.Random(args.seed)
    base = [w.rstrip(b"\r\n") for w in sample_packets(500)]
    reasons: Counter = Counter()
    accepted = crashes = 0
    started = time.perf_counter()
    for number in range(args.frames):
        kind = number % 4
        if kind == 3:
            data = rng.randbytes(rng.randrange(0, 300))
        elif kind == 2:
            # A real segment with a few characters changed and the frame (length, CRC) made right
            # again, so the parser itself is exercised, not only the framing.
            segment = bytearray(rng.choice(base)[6:-4])
            for _ in range(rng.randint(1, 3)):
                segment[rng.randrange(len(segment))] = rng.choice(b"QNSTCPWMFlag=;,&-.0123456789ABwa\x00\xff")
            segment = bytes(segment)
            data = b"##%04d%s%s" % (len(segment), segment, codec.crc_text(segment).encode())
        else:
            data = bytearray(rng.choice(base))
            for _ in range(rng.randint(1, 4)):
                position = rng.randrange(len(data))
                action = rng.randrange(3)
                if action == 0:
                    data[position] = rng.randrange(256)
                elif action == 1:
                    data.insert(position, rng.randrange(256))
                else:
                    del data[position]
            data = bytes(data)
        try:
            codec.decode(data)
            accepted += 1
        except codec.Hj212Error as error:
            reasons[error.code] += 1
        except Exception as error:
            crashes += 1
            print(f"CRASH {type(error).__name__}: {error!r} on {data!r}")
    seconds = time.perf_counter() - started
    print(f"frames: {args.frames:,} in {seconds:.0f} s; decoded: {accepted:,}; crashes: {crashes}")
    print("rejected by reason: " + ", ".join(f"{code} {count:,}" for code, count in reasons.most_common()))
    if crashes:
        sys.exit(1)


# --------------------------------------------------------------------------- load generator
# The simulator must cost far less per packet than the servers it measures (it shares the machine
# with them): asyncio Protocols (a callback per read, no tasks or streams), and packets that differ
# only in the last 7 QN digits and in the day and time of DataTime of a per-device template, their
# CRC updated by table lookups instead of being computed over the whole segment. The CRC of
# Appendix A is affine over GF(2): for segments of one length, crc(base ^ d) = crc(base) ^ crc(d) ^
# crc(zeros), so a digit at a position changes the CRC by a constant that depends only on the
# length, the position and the digit.
#
# Every packet is new to the database, as a real device's are: DataTime moves on by a second per
# packet (so its measurement rows are stored, not dropped as repeats of one DataTime — before
# 2026-12-06 the templates' 8 DataTimes per device made all but the first few thousand measurement
# inserts conflicts, which cost PostgreSQL far less than storing them), and each run's MNs carry
# a run tag, so that a run on a database kept from an earlier one stores everything too.
SEQUENCE_DIGITS = 7
_delta_tables: dict[tuple[int, int, int], list[int]] = {}


def _digit_deltas(length: int, offset: int, digits: int) -> list[int]:
    """CRC changes, by the group's value 0 … 10**digits - 1, of ``digits`` decimal digits at
    ``offset`` in a segment of ``length`` bytes, instead of zeros."""
    key = (length, offset, digits)
    if key not in _delta_tables:
        zeros = bytes(length)
        base = codec.crc16(zeros)
        table = [0]
        for position in range(digits):
            row = []
            for value in range(10):
                data = bytearray(length)
                data[offset + position] = (0x30 + value) ^ 0x30
                row.append(codec.crc16(bytes(data)) ^ base)
            table = [h ^ row[d] for h in table for d in range(10)]
        _delta_tables[key] = table
    return _delta_tables[key]


class _Template:
    """One segment of a device with QN = 2026 + device number (6 digits) + a 7-digit sequence and
    DataTime = the first day of the month 00:00:00 + the sequence in seconds (day, hour, minute and
    second; after 28 days it starts again)."""

    __slots__ = ("crc", "day_hour", "head", "middle", "minute_second", "qn_high", "qn_low", "tail")

    def __init__(self, segment: bytes) -> None:
        qn = segment.index(b"QN=") + 3 + 17 - SEQUENCE_DIGITS
        day = segment.index(b"DataTime=") + 9 + 6  # YYYYMM|DDhhmmss
        segment = (
            segment[:qn]
            + b"0" * SEQUENCE_DIGITS
            + segment[qn + SEQUENCE_DIGITS : day]
            + b"00000000"
            + segment[day + 8 :]
        )
        self.head = b"##%04d%s" % (len(segment), segment[:qn])
        self.middle = segment[qn + SEQUENCE_DIGITS : day]
        self.tail = segment[day + 8 :]
        self.crc = codec.crc16(segment)  # with zeros in the varying digits
        self.qn_high = _digit_deltas(len(segment), qn, 4)
        self.qn_low = _digit_deltas(len(segment), qn + 4, 3)
        self.day_hour = _digit_deltas(len(segment), day, 4)
        self.minute_second = _digit_deltas(len(segment), day + 4, 4)

    def wire(self, sequence: int) -> bytes:
        high, low = divmod(sequence, 1000)
        day, second = divmod(sequence % (28 * 86400), 86400)
        hour, second = divmod(second, 3600)
        minute, second = divmod(second, 60)
        day_hour, minute_second = (day + 1) * 100 + hour, minute * 100 + second
        crc = (
            self.crc
            ^ self.qn_high[high]
            ^ self.qn_low[low]
            ^ self.day_hour[day_hour]
            ^ self.minute_second[minute_second]
        )
        return b"%s%07d%s%04d%04d%s%04X\r\n" % (
            self.head,
            sequence,
            self.middle,
            day_hour,
            minute_second,
            self.tail,
            crc,
        )


def device_templates(devices: int, per_device: int = 8, run_tag: int = 0) -> list[list[_Template]]:
    """Per device ``per_device`` templates with MN ``B`` + run tag (6 digits) + device number (6
    digits) and DataTime in the current month (Beijing time)."""
    wires = sample_packets(2000)
    packets = [codec.decode(wire) for wire in wires]
    month = time.strftime("%Y%m", time.gmtime(time.time() + 8 * 3600))
    rng = random.Random(1)
    fleet = []
    for number in range(devices):
        chosen = rng.sample(packets, per_device)
        qn = f"2026{number:06d}" + "0" * SEQUENCE_DIGITS
        segments = []
        for packet in chosen:
            cp = {**packet.cp, "DataTime": f"{month}01000000"}
            fields = {**packet.__dict__, "qn": qn, "mn": f"B{run_tag % 1_000_000:06d}{number:06d}", "cp": cp}
            segments.append(codec.build_segment(codec.Packet(**fields)).encode())
        fleet.append([_Template(segment) for segment in segments])
    # The shortcut must give valid packets: decode a few with the codec.
    for templates in fleet[:3]:
        for sequence in (1, 9_999_999, 1234567, 86_399, 86_400, 28 * 86400 - 1):
            wire = templates[sequence % len(templates)].wire(sequence)
            packet = codec.decode(wire)
            assert packet.qn.endswith(f"{sequence:07d}"), wire
    return fleet


class _Device(asyncio.Protocol):
    """Keeps ``window`` packets in flight: sends one new packet per reply line received."""

    def __init__(self, templates: list[_Template], window: int, counts: list[int]) -> None:
        self.templates = templates
        self.window = window
        self.counts = counts
        self.sequence = 0
        self.transport = None
        self.carriage = False  # the previous read ended with "\r"

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.send(self.window)

    def send(self, count: int) -> None:
        templates = self.templates
        wires = []
        for _ in range(count):
            self.sequence += 1
            wires.append(templates[self.sequence % len(templates)].wire(self.sequence))
        self.transport.write(b"".join(wires))

    def data_received(self, data: bytes) -> None:
        acks = data.count(b"\r\n") + (self.carriage and data[:1] == b"\n")
        self.carriage = data[-1:] == b"\r"
        if acks:
            self.counts[0] += acks
            self.send(acks)


# CPU accounting: where the machine's time goes during the measured window, per acknowledged
# packet — the server (with its worker processes), PostgreSQL's processes and the load generator.
# On a machine whose cores are all busy, the ratio to the bare server is bounded by the sum.
_TICKS = os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = {pid}, {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _postgres_pids() -> set[int]:
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.add(int(entry.name))
    return pids


def _cpu_seconds(pids: set[int]) -> dict[int, float]:
    """utime + stime of each live process."""
    seconds = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
    return seconds


def _cpu_snapshot(server_pid: int | None) -> dict[str, dict[int, float]]:
    return {
        "server": _cpu_seconds(_descendants(server_pid)) if server_pid else {},
        "postgresql": _cpu_seconds(_postgres_pids()),
        "load": {os.getpid(): time.process_time()},
    }


def _cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds of each group between two snapshots (a process that started in between counts
    from zero; one that ended in between is not counted)."""
    return {
        group: sum(value - before[group].get(pid, 0.0) for pid, value in after[group].items())
        for group in after
    }


def _load(port: int, devices: int, window: int, seconds: float, result, server_pid=None) -> None:
    fleet = device_templates(devices, run_tag=int(time.time()))

    async def main() -> None:
        loop = asyncio.get_running_loop()
        counts = [0]
        transports = []
        for templates in fleet:
            transport, _protocol = await loop.create_connection(
                lambda t=templates: _Device(t, window, counts), "127.0.0.1", port
            )
            transports.append(transport)
        await asyncio.sleep(1.0)  # warm-up: connections open, pipelines full
        start_count, started = counts[0], time.perf_counter()
        cpu_before = _cpu_snapshot(server_pid)
        await asyncio.sleep(seconds)
        result["acks"] = counts[0] - start_count
        result["seconds"] = time.perf_counter() - started
        result["cpu"] = _cpu_used(cpu_before, _cpu_snapshot(server_pid))
        result["load"] = os.getloadavg()
        for transport in transports:
            transport.abort()

    asyncio.run(main())


BARE_SERVER = r"""
import asyncio, sys
REPLY = (b"##0087QN=20160801090000001;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;"
         b"CP=&&&&FF01\r\n")
async def handle(reader, writer):
    try:
        await serve(reader, writer)
    except ConnectionError:
        pass
async def serve(reader, writer):
    pending = b""
    while True:
        data = await reader.read(65536)
        if not data:
            break
        pending += data
        count = pending.count(b"\r\n")
        if count:
            pending = pending[pending.rfind(b"\r\n") + 2:]
            writer.write(REPLY * count)
            await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", int(sys.argv[1]), backlog=4096)
    print("ready", flush=True)
    await server.serve_forever()
asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open")


def start_receiver(
    port: int, database: str | None, *, django: bool = False, processes: int = 1
) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gongkai.cli",
        "hj212",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--processes",
        str(processes),
    ]
    if not django:
        command += ["--sqlite", database]
    else:
        command += ["--allow-unknown"]
    process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port)
    return process


def measure(port: int, args, server_pid: int | None = None) -> tuple[float, int]:
    with multiprocessing.Manager() as manager:
        result = manager.dict()
        load = multiprocessing.Process(
            target=_load, args=(port, args.devices, args.window, args.seconds, result, server_pid)
        )
        load.start()
        load.join()
        acks, seconds = result["acks"], result["seconds"]
        cpu = result["cpu"]
        per_packet = ", ".join(
            f"{group} {used / max(acks, 1) * 1e6:.0f} µs ({used / seconds:.2f} cores)"
            for group, used in cpu.items()
            if used or group != "postgresql"
        )
        total = sum(cpu.values()) / max(acks, 1)
        cores = os.cpu_count() or 1
        print(
            f"  CPU per acknowledged packet: {per_packet}; all together {total * 1e6:.0f} µs, so"
            f" {cores} busy cores would give at most {cores / total:,.0f} packets/s"
        )
        return acks / seconds, acks


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cmd_throughput(args) -> None:
    print(f"{args.devices} devices, {args.window} packets in flight each, {args.seconds:.0f} s per run")
    port = free_port()
    bare = subprocess.Popen([sys.executable, "-c", BARE_SERVER, str(port)], stdout=subprocess.PIPE)
    bare.stdout.readline()
    try:
        bare_rate, bare_count = measure(port, args, bare.pid)
    finally:
        bare.kill()
        bare.wait()
    print(f"bare asyncio request/ack server: {bare_rate:,.0f} packets/s ({bare_count} acks)")
    with tempfile.TemporaryDirectory() as directory:
        database = str(Path(directory) / "bench.sqlite3")
        port = free_port()
        receiver = start_receiver(port, database, django=args.django, processes=args.processes)
        try:
            rate, count = measure(port, args, receiver.pid)
        finally:
            receiver.send_signal(signal.SIGINT)
            receiver.wait(timeout=30)
        label = "receiver + DjangoSink (DATABASE_URL)" if args.django else "receiver + SQLiteSink"
        label += f", {args.processes} process{'es' if args.processes > 1 else ''}"
        print(f"{label}: {rate:,.0f} packets/s ({count} acks)")
        if not args.django:
            stored = sqlite3.connect(database).execute("SELECT count(*) FROM hj212_packet").fetchone()[0]
            print(f"packets committed: {stored} (≥ acknowledged {count})")
        print(f"ratio receiver / bare: {rate / bare_rate:.1%}")
        print("load average (1, 5, 15 min): " + " ".join(f"{v:.1f}" for v in os.getloadavg()))


def cmd_memory(args) -> None:
    with tempfile.TemporaryDirectory() as directory:
        port = free_port()
        receiver = start_receiver(port, str(Path(directory) / "m.sqlite3"))
        try:
            time.sleep(0.5)
            before = rss_kib(receiver.pid)
            sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(args.devices)]
            wire = codec.encode(
                codec.Packet(
                    qn="20260101000000000",
                    st="32",
                    cn="2011",
                    pw="1",
                    mn="M",
                    flag="4",
                    cp={"DataTime": "20260101000000"},
                )
            )
            for s in sockets:
                s.sendall(wire)
            time.sleep(2)
            after = rss_kib(receiver.pid)
            print(f"receiver RSS {before} KiB idle, {after} KiB with {args.devices} open connections")
            print(f"memory per open connection: {(after - before) / args.devices:.1f} KiB")
            for s in sockets:
                s.close()
        finally:
            receiver.kill()
            receiver.wait()


def cmd_kill(args) -> None:
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as directory:
        database = str(Path(directory) / "kill.sqlite3")
        port = free_port()
        fleet = Fleet(count=args.devices, rate=args.rate, window=8, track_keys=True, seed=args.seed)
        started = time.time()

        def start(port: int) -> subprocess.Popen:
            return start_receiver(port, database, django=args.django)

        async def run() -> None:
            loop = asyncio.get_running_loop()
            receiver = await loop.run_in_executor(None, start, port)
            streaming = asyncio.create_task(fleet.run("127.0.0.1", port))
            for cycle in range(args.cycles):
                await asyncio.sleep(rng.uniform(args.min_up, args.max_up))
                receiver.send_signal(signal.SIGKILL)
                await loop.run_in_executor(None, receiver.wait)
                await asyncio.sleep(rng.uniform(0.0, 0.3))
                receiver = await loop.run_in_executor(None, start, port)
                if (cycle + 1) % 10 == 0:
                    print(
                        f"cycle {cycle + 1}: sent {fleet.stats.sent}, acknowledged {fleet.stats.acked}",
                        flush=True,
                    )
            await asyncio.sleep(args.drain)  # last cycle: devices resend and get their replies
            fleet.stop()
            await streaming
            receiver.send_signal(signal.SIGINT)
            await loop.run_in_executor(None, receiver.wait)

        asyncio.run(run())
        if args.django:  # this run's rows of the PostgreSQL database (it may hold earlier runs')
            import psycopg

            connection = psycopg.connect(os.environ["DATABASE_URL"])
            since = f"received_at >= to_timestamp({started - 5})"
        else:
            connection = sqlite3.connect(database)
            since = "1 = 1"
        stored = {
            row[0]
            for row in connection.execute(f"SELECT key FROM hj212_packet WHERE key IS NOT NULL AND {since}")
        }
        lost = fleet.stats.acked_keys - stored
        duplicates = connection.execute(
            "SELECT count(*) FROM (SELECT mn, cn, qn, pno FROM hj212_packet WHERE status='accepted'"
            f" AND {since} GROUP BY mn, cn, qn, pno HAVING count(*) > 1) AS twice"
        ).fetchone()[0]
        duplicate_values = connection.execute(
            "SELECT count(*) FROM (SELECT mn, cn, data_time, code FROM hj212_measurement"
            f" WHERE {since} GROUP BY mn, cn, data_time, code HAVING count(*) > 1) AS twice"
        ).fetchone()[0]
        stats = fleet.stats
        print(
            f"cycles: {args.cycles}, devices: {args.devices}, sent: {stats.sent}, resent: {stats.resent}, "
            f"acknowledged: {stats.acked}, stored packets: {len(stored)}, reconnects: {stats.connects}"
        )
        print(f"lost (acknowledged but not stored): {len(lost)}")
        print(f"duplicates: packets {duplicates}, measurements {duplicate_values}")
        if lost or duplicates or duplicate_values:
            sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse")
    parse.add_argument("--packets", type=int, default=50_000)
    through = sub.add_parser("throughput")
    through.add_argument("--devices", type=int, default=1000)
    through.add_argument("--window", type=int, default=4)
    through.add_argument("--seconds", type=float, default=10)
    through.add_argument("--django", action="store_true", help="the platform sink on DATABASE_URL")
    through.add_argument(
        "--processes", type=int, default=1, help="receiver processes; the bare server stays 1"
    )
    fuzz = sub.add_parser("fuzz")
    fuzz.add_argument("--frames", type=int, default=1_000_000)
    fuzz.add_argument("--seed", type=int, default=1)
    memory = sub.add_parser("memory")
    memory.add_argument("--devices", type=int, default=1000)
    kill = sub.add_parser("kill")
    kill.add_argument("--cycles", type=int, default=100)
    kill.add_argument("--devices", type=int, default=1000)
    kill.add_argument("--rate", type=float, default=0.5, help="packets/s per device")
    kill.add_argument("--min-up", type=float, default=0.5)
    kill.add_argument("--max-up", type=float, default=2.0)
    kill.add_argument("--drain", type=float, default=5.0)
    kill.add_argument("--seed", type=int, default=7)
    kill.add_argument("--django", action="store_true", help="the platform receiver on DATABASE_URL")
    args = parser.parse_args()
    commands = {"parse": cmd_parse, "fuzz": cmd_fuzz, "throughput": cmd_throughput, "memory": cmd_memory}
    {**commands, "kill": cmd_kill}[args.command](args)


if __name__ == "__main__":
    main()
