"""Durability (issue 16): the receiver process is killed with SIGKILL while devices stream; devices
reconnect and resend what was not answered. No acknowledged packet may be missing afterwards, and
nothing may be stored twice."""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from gongkai.sources.hj212.simulate import Fleet

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port: int, database: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai.cli",
            "hj212",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--sqlite",
            str(database),
        ],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
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


def test_kill_9_loses_no_acknowledged_packet_and_stores_none_twice(tmp_path):
    database = tmp_path / "kill.sqlite3"
    port = free_port()
    fleet = Fleet(count=30, rate=5, window=8, track_keys=True, seed=11)

    async def scenario():
        loop = asyncio.get_running_loop()
        receiver = await loop.run_in_executor(None, start, port, database)
        streaming = asyncio.create_task(fleet.run("127.0.0.1", port))
        for up in (0.8, 0.3, 1.1):
            await asyncio.sleep(up)
            receiver.send_signal(signal.SIGKILL)
            await loop.run_in_executor(None, receiver.wait)
            receiver = await loop.run_in_executor(None, start, port, database)
        await asyncio.sleep(3)
        fleet.stop()
        await streaming
        receiver.send_signal(signal.SIGKILL)
        await loop.run_in_executor(None, receiver.wait)

    asyncio.run(scenario())
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
