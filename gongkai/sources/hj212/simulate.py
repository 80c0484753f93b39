"""Device simulator (现场机模拟器): many data loggers sending HJ 212-2017 uploads to a receiver.

Each simulated device keeps a simulated clock and sends real-time data (CN=2011, every 30 s of
simulated time), and at the period boundaries minute (2051), hourly (2061) and daily (2031) data,
with DataTime the start of the period (Table 9 notes). Every packet asks for a reply (Flag=5); a
packet stays "unacknowledged" until its CN=9014 arrives, and is resent after a reconnect, as real
loggers do (HJ 212-2017 §8.2: resend until answered). ``corrupt`` sends that share of packets with
a broken CRC (never expected to be answered). Pure asyncio, no Django: used by the CLI, the tests
and the benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Frame, FrameReader, Packet

WATER = {  # code: (typical value, spread) — HJ 212-2017 Table B.1
    "w00000": (12.0, 3.0),
    "w01018": (35.0, 10.0),
    "w21003": (2.0, 0.8),
    "w21011": (0.3, 0.1),
    "w21001": (9.0, 2.0),
    "w01001": (7.2, 0.3),
}
SURFACE_WATER = {  # an automatic surface-water station (ST=21), Table B.1 codes; typical river values
    "w01010": (18.0, 2.0),  # 水温 °C
    "w01001": (7.6, 0.2),  # pH
    "w01009": (7.0, 1.0),  # 溶解氧
    "w01019": (4.0, 1.0),  # 高锰酸盐指数
    "w21003": (0.5, 0.2),  # 氨氮
    "w21011": (0.12, 0.04),  # 总磷
    "w21001": (1.6, 0.4),  # 总氮
}
AIR = {  # Table B.2; concentrations in mg/m³
    "a00000": (45.0, 5.0),
    "a21026": (20.0, 8.0),
    "a21002": (45.0, 12.0),
    "a34013": (4.0, 1.5),
    "a19001": (9.5, 0.8),
    "a01012": (55.0, 3.0),
}
REALTIME_INTERVAL = timedelta(seconds=30)  # RtdInterval default range 30–3600 s (Table 9, 1062)
FLAGS = ("N",) * 60 + ("M", "D", "C", "F")


@dataclass
class Stats:
    sent: int = 0
    acked: int = 0
    resent: int = 0
    corrupted: int = 0
    refused: int = 0
    connects: int = 0
    connect_failures: int = 0
    by_cn: dict = field(default_factory=dict)
    acked_keys: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {
            "sent": self.sent,
            "acked": self.acked,
            "resent": self.resent,
            "corrupted": self.corrupted,
            "refused": self.refused,
            "connects": self.connects,
            "connect_failures": self.connect_failures,
            "by_cn": dict(sorted(self.by_cn.items())),
        }


class Device:
    """One data logger: MN, password, kind (water ST=32 or air ST=31; ``surface_water``: an automatic
    surface-water station, ST=21) and its simulated clock."""

    def __init__(
        self,
        mn: str,
        password: str,
        *,
        water: bool,
        start: datetime,
        rng: random.Random,
        surface_water: bool = False,
    ):
        self.mn = mn
        self.password = password
        self.st = "21" if surface_water else "32" if water else "31"
        self.pollutants = SURFACE_WATER if surface_water else WATER if water else AIR
        self.clock = start
        self.rng = rng
        self._sequence = 0
        self._qn_base = start
        self._queue: list[Packet] = []

    def _qn(self) -> str:
        self._sequence += 1
        moment = self._qn_base + timedelta(milliseconds=self._sequence)
        return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"

    def _value(self, code: str) -> float:
        mean, spread = self.pollutants[code]
        return max(0.0, self.rng.gauss(mean, spread))

    def _packet(self, cn: str, moment: datetime, values: dict) -> Packet:
        return Packet(
            qn=self._qn(),
            st=self.st,
            cn=cn,
            pw=self.password,
            mn=self.mn,
            flag="5",
            cp={"DataTime": moment.strftime("%Y%m%d%H%M%S")},
            values=values,
        )

    def _period(self, cn: str, start: datetime, amount_seconds: float) -> Packet:
        values = {}
        for code in self.pollutants:
            low, high = sorted((self._value(code), self._value(code)))
            average = (low + high) / 2
            fields = {"Min": f"{low:.3f}", "Avg": f"{average:.3f}", "Max": f"{high:.3f}"}
            if code in ("w00000", "a00000"):
                fields["Cou"] = f"{average * amount_seconds:.1f}"
            fields["Flag"] = self.rng.choice(FLAGS)
            values[code] = fields
        return self._packet(cn, start, values)

    def hourly_record(self, hour: datetime) -> Packet:
        """The hourly data (CN=2061) of the hour starting at ``hour`` alone, as a station that sends
        only hourly records (the simulated clock does not move)."""
        return self._period("2061", hour, 3600)

    def pending(self) -> list[Packet]:
        """The period packets already due (minute/hour/day just ended), taken out of the queue."""
        due, self._queue = self._queue, []
        return due

    def next_packet(self) -> Packet:
        if self._queue:
            return self._queue.pop(0)
        moment = self.clock
        self.clock += REALTIME_INTERVAL
        values = {
            code: {"Rtd": f"{self._value(code):.3f}", "Flag": self.rng.choice(FLAGS)}
            for code in self.pollutants
        }
        packet = self._packet("2011", moment, values)
        following = self.clock
        if following.minute != moment.minute:  # a minute ended: its minute data
            self._queue.append(self._period("2051", moment.replace(second=0), 60))
        if following.hour != moment.hour:
            self._queue.append(self._period("2061", moment.replace(minute=0, second=0), 3600))
        if following.date() != moment.date():
            self._queue.append(self._period("2031", moment.replace(hour=0, minute=0, second=0), 86400))
        return packet


def corrupt_wire(wire: bytes, rng: random.Random) -> bytes:
    """The same packet with a wrong CRC (framing intact)."""
    crc = wire[-6:-2]
    wrong = f"{(int(crc, 16) ^ (1 + rng.randrange(0xFFFE))) & 0xFFFF:04X}".encode()
    return wire[:-6] + wrong + wire[-2:]


class Fleet:
    def __init__(
        self,
        *,
        count: int,
        rate: float = 1.0,
        corrupt: float = 0.0,
        mn_prefix: str = "SIM",
        password: str = "123456",  # noqa: S107 - the simulator's demo password
        seed: int = 1,
        window: int = 16,
        track_keys: bool = False,
        start: datetime | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        start = start or datetime(2026, 1, 1)
        self.devices = [
            Device(
                f"{mn_prefix}{number:06d}"[:24],
                password,
                water=number % 2 == 0,
                start=start + timedelta(seconds=number % 30),
                rng=random.Random(seed * 1_000_003 + number),
            )
            for number in range(count)
        ]
        self.rate = rate
        self.corrupt = corrupt
        self.window = window
        self.track_keys = track_keys
        self.stats = Stats()
        self.unacked: dict[str, OrderedDict] = {device.mn: OrderedDict() for device in self.devices}
        self._stop: asyncio.Event | None = None
        self._budget: int | None = None

    async def run(
        self, host: str, port: int, *, duration: float | None = None, total: int | None = None
    ) -> Stats:
        """Drive every device until ``duration`` seconds passed or ``total`` packets were sent; then
        wait briefly for outstanding replies."""
        self._stop = asyncio.Event()
        self._budget = total
        tasks = [asyncio.create_task(self._run_device(device, host, port)) for device in self.devices]
        try:
            if duration is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), duration)
            else:
                await self._stop.wait()
        finally:
            self._stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
        return self.stats

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    def _take_budget(self) -> bool:
        if self._budget is None:
            return True
        if self._budget <= 0:
            self._stop.set()
            return False
        self._budget -= 1
        return True

    async def _run_device(self, device: Device, host: str, port: int) -> None:
        stats = self.stats
        unacked = self.unacked[device.mn]
        backoff = 0.05
        while not self._stop.is_set():
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
            except (OSError, TimeoutError):
                # Back off (doubling, with jitter, up to 2 s) so a fleet does not storm a restarting receiver.
                stats.connect_failures += 1
                await asyncio.sleep(backoff * (1 + self.rng.random()))
                backoff = min(backoff * 2, 2.0)
                continue
            backoff = 0.05
            stats.connects += 1
            progress = asyncio.Event()
            receiving = asyncio.create_task(self._receive(device, reader, unacked, progress))
            try:
                for _cn, wire in list(unacked.values()):
                    writer.write(wire)
                    stats.resent += 1
                while not self._stop.is_set() and not receiving.done() and not writer.is_closing():
                    if self.rate > 0:
                        await asyncio.sleep(1 / self.rate)
                    elif len(unacked) >= self.window:
                        progress.clear()
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(progress.wait(), 1.0)
                        continue
                    if not self._take_budget():
                        break
                    packet = device.next_packet()
                    wire = codec.encode(packet)
                    stats.sent += 1
                    stats.by_cn[packet.cn] = stats.by_cn.get(packet.cn, 0) + 1
                    if self.corrupt and self.rng.random() < self.corrupt:
                        stats.corrupted += 1
                        wire = corrupt_wire(wire, self.rng)
                    else:
                        unacked[packet.qn] = (packet.cn, wire)
                    writer.write(wire)
                    await writer.drain()
                # Give outstanding replies a moment before closing.
                for _ in range(50):
                    if not unacked or receiving.done():
                        break
                    await asyncio.sleep(0.02)
            except (ConnectionError, OSError):
                pass
            finally:
                receiving.cancel()
                with contextlib.suppress(BaseException):
                    await receiving
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()
            if self._stop.is_set():
                break
            await asyncio.sleep(0.05 + self.rng.random() * 0.2)

    async def _receive(self, device: Device, reader, unacked: OrderedDict, progress: asyncio.Event) -> None:
        frames = FrameReader()
        stats = self.stats
        while True:
            data = await reader.read(65536)
            if not data:
                return
            for event in frames.feed(data):
                if not isinstance(event, Frame):
                    continue
                try:
                    reply = codec.parse_segment(event.segment)
                except codec.Hj212Error:
                    continue
                if reply.cn == "9014" and reply.qn in unacked:
                    cn, _wire = unacked.pop(reply.qn)
                    stats.acked += 1
                    if self.track_keys:
                        stats.acked_keys.add(f"{device.mn}|{cn}|{reply.qn}|")
                elif reply.cn == "9011":
                    stats.refused += 1
                    unacked.pop(reply.qn, None)
            progress.set()
