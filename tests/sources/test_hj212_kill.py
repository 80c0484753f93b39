"""Durability (issue 16): the receiver process is killed with SIGKILL while devices stream; devices
reconnect and resend what was not answered. No acknowledged packet may be missing afterwards, and
nothing may be stored twice."""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from gongkai.sources.hj212.simulate import Fleet
from tests.sources.receiver_helpers import serve_command

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int, database: Path | None, environment: dict | None = None) -> subprocess.Popen:
    """The stand-alone receiver on the SQLite file ``database``, or the platform's (DjangoSink on
    the database of ``environment``'s DATABASE_URL) when ``database`` is None."""
    command = serve_command(
        port, *(["--sqlite", str(database)] if database is not None else ["--allow-unknown"])
    )
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment or {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("receiver did not start")


def stream_through_kills(fleet: Fleet, port: int, launch, *, ups: tuple[float, ...]) -> None:
    """The fleet streams to the receiver ``launch`` starts; after each of ``ups`` seconds it is
    killed with SIGKILL and started again; 3 s for the devices to resend, then the last kill."""

    async def scenario():
        loop = asyncio.get_running_loop()
        receiver = await loop.run_in_executor(None, launch)
        streaming = asyncio.create_task(fleet.run("127.0.0.1", port))
        for up in ups:
            await asyncio.sleep(up)
            receiver.send_signal(signal.SIGKILL)
            await loop.run_in_executor(None, receiver.wait)
            receiver = await loop.run_in_executor(None, launch)
        await asyncio.sleep(3)
        fleet.stop()
        await streaming
        receiver.send_signal(signal.SIGKILL)
        await loop.run_in_executor(None, receiver.wait)

    asyncio.run(scenario())


def test_kill_9_loses_no_acknowledged_packet_and_stores_none_twice(tmp_path):
    database = tmp_path / "kill.sqlite3"
    port = free_port()
    fleet = Fleet(count=30, rate=5, window=8, track_keys=True, seed=11)

    stream_through_kills(fleet, port, lambda: start(port, database), ups=(0.8, 0.3, 1.1))
    connection = sqlite3.connect(database)
    stored = {row[0] for row in connection.execute("SELECT key FROM hj212_packet WHERE key IS NOT NULL")}
    assert fleet.stats.acked > 100 and fleet.stats.resent > 0
    assert fleet.stats.acked_keys <= stored  # nothing acknowledged is lost
    twice = connection.execute(
        "SELECT count(*) FROM (SELECT mn, cn, qn FROM hj212_packet"
        " GROUP BY mn, cn, qn, pno HAVING count(*) > 1)"
    ).fetchone()[0]
    assert twice == 0
    values = connection.execute("SELECT count(*) FROM hj212_measurement").fetchone()[0]
    distinct = connection.execute(
        "SELECT count(*) FROM (SELECT DISTINCT mn, cn, data_time, code FROM hj212_measurement)"
    ).fetchone()[0]
    assert values == distinct == 6 * len(stored)


@pytest.mark.django_db(transaction=True)
def test_kill_9_of_the_platform_receiver_on_postgresql(tmp_path):
    """The same on PostgreSQL through the platform's sink (``gongkai hj212 serve`` with DjangoSink):
    resent packets that were committed before the kill make a batch fall back from plain INSERTs
    to ON CONFLICT DO NOTHING (sink._move_both); nothing acknowledged is lost, nothing stored twice."""
    from django.db import connection

    from gongkai.sources.models import Measurement, RawPacket

    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL path of the platform sink")
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )
    environment = {
        "PYTHONPATH": str(ROOT),
        "PATH": "/usr/bin:/bin",
        "GONGKAI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": url,
    }
    port = free_port()
    fleet = Fleet(count=30, rate=5, window=8, track_keys=True, seed=12)

    stream_through_kills(fleet, port, lambda: start(port, None, environment), ups=(1.0, 0.4, 1.2))
    stored = set(RawPacket.objects.exclude(key=None).values_list("key", flat=True))
    assert fleet.stats.acked > 100 and fleet.stats.resent > 0
    assert fleet.stats.acked_keys <= stored
    assert RawPacket.objects.count() == len(stored)  # the key is unique: nothing twice
    values = Measurement.objects.count()
    distinct = Measurement.objects.values("mn", "cn", "data_time", "code").distinct().count()
    assert values == distinct == 6 * len(stored)
