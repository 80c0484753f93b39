"""`gongkai hj212 serve --processes 2` (issue 16, several receivers per machine): both worker
processes accept on the one port, every acknowledged packet is stored exactly once, metrics are
written per process, and SIGTERM to the parent stops the parent and all its workers."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gongkai.sources.hj212.server import parse_metrics
from gongkai.sources.hj212.simulate import Fleet
from tests.sources.receiver_helpers import serve_command

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork + SO_REUSEPORT")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def listening_sockets(port: int) -> int:
    """Sockets in LISTEN on the port (SO_REUSEPORT: one per worker), from /proc/net/tcp."""
    wanted = f":{port:04X}"
    with open("/proc/net/tcp") as table:
        return sum(1 for line in table if line.split()[1].endswith(wanted) and line.split()[3] == "0A")


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_two_processes_store_every_acknowledged_packet_once_and_stop_on_sigterm(tmp_path):
    database, metrics = tmp_path / "p.sqlite3", tmp_path / "m.prom"
    port = free_port()
    parent = subprocess.Popen(
        serve_command(port, "--sqlite", str(database), "--metrics-file", str(metrics), "--processes", "2"),
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "GONGKAI_DATA_DIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        deadline = time.time() + 20  # both workers listening (a loaded CI machine is slow to start them)
        while listening_sockets(port) < 2 and time.time() < deadline:
            time.sleep(0.1)
        workers = children_of(parent.pid)
        assert len(workers) == 2

        fleet = Fleet(count=60, rate=5, window=8, track_keys=True, seed=5)

        async def stream():
            # Until enough packets are acknowledged (3 s on a quiet machine), at most 30 s under load.
            running = asyncio.create_task(fleet.run("127.0.0.1", port))
            await asyncio.sleep(3)
            for _ in range(270):
                if fleet.stats.acked > 300:
                    break
                await asyncio.sleep(0.1)
            fleet.stop()
            await running

        asyncio.run(stream())
        assert fleet.stats.connects >= 60 and fleet.stats.acked > 300

        # Metrics per process: each worker writes its own file (every 5 s) and both got connections.
        files = [tmp_path / "m-w0.prom", tmp_path / "m-w1.prom"]
        deadline = time.time() + 30
        totals = [0.0, 0.0]
        while time.time() < deadline and not all(totals):
            time.sleep(0.5)
            totals = [
                parse_metrics(f.read_text()).get("hj212_connections_total", 0) if f.exists() else 0
                for f in files
            ]
        assert all(totals) and sum(totals) >= 60

        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=15) == 0
        for pid in workers:
            deadline = time.time() + 5
            while alive(pid) and time.time() < deadline:
                time.sleep(0.05)
            assert not alive(pid)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for pid in children_of(parent.pid) if alive(parent.pid) else []:
            os.kill(pid, signal.SIGKILL)

    connection = sqlite3.connect(database)
    stored = {row[0] for row in connection.execute("SELECT key FROM hj212_packet WHERE key IS NOT NULL")}
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
    assert values == distinct
