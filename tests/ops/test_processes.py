"""`gongkai serve`, `worker` and `demo` stop cleanly on SIGTERM and SIGINT and take every child
process with them; `serve` reloads on SIGHUP without refusing a request.

Each test starts the real command in its own session, finds its descendants through /proc, sends
one signal to the command's own process only (as systemd or `kill` does) and checks that no
descendant is left."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .helpers import gongkai, server_env

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find child processes")


def children_of(pid: int) -> set[int]:
    """Every live descendant of `pid`."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str = "/healthz", timeout: float = 5) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated site with collected static files, shared by the tests of this module."""
    tmp = tmp_path_factory.mktemp("processes")
    env = server_env(tmp / "data", f"sqlite:///{tmp / 'db.sqlite3'}")
    gongkai("migrate", env=env, cwd=tmp)
    gongkai("manage", "collectstatic", "--noinput", "-v", "0", env=env, cwd=tmp)
    return tmp, env


def start(args: list[str], env, cwd) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # our own group, so that a failing test can clean up everything
    )


def stop_and_check(process: subprocess.Popen, signum: int, descendants: set[int]) -> int:
    try:
        process.send_signal(signum)
        status = process.wait(timeout=60)
        wait_for(lambda: not any(alive(pid) for pid in descendants), 10, "the children to exit")
        return status
    finally:
        for pid in {process.pid, *descendants}:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_with_its_gunicorn_workers(site, signum):
    tmp, env = site
    port = free_port()
    process = start(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env, tmp)
    wait_for(lambda: get(port) == 200, 60, "the site to answer")
    workers = wait_for(
        lambda: children_of(process.pid) if len(children_of(process.pid)) >= 2 else None, 30, "2"
    )
    assert stop_and_check(process, signum, workers) == 0
    with pytest.raises(OSError):
        get(port)


def test_serve_reloads_on_sighup_without_refusing_requests(site):
    tmp, env = site
    port = free_port()
    process = start(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env, tmp)
    try:
        wait_for(lambda: get(port) == 200, 60, "the site to answer")
        before = wait_for(
            lambda: children_of(process.pid) if len(children_of(process.pid)) >= 2 else None, 30, "2"
        )
        process.send_signal(signal.SIGHUP)
        statuses, deadline = [], time.monotonic() + 8
        while time.monotonic() < deadline:  # requests all through the reload
            statuses.append(get(port, timeout=60))  # slow on a busy machine, but never refused
        after = children_of(process.pid)
        assert statuses and set(statuses) == {200}
        assert len(after) == 2 and not (after & before)  # new workers, the old ones gone
    finally:
        stop_and_check(process, signal.SIGTERM, children_of(process.pid))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_worker_stops_cleanly(site, signum):
    tmp, env = site
    # The worker of the other parametrisation left a fresh heartbeat: without clearing it, the
    # health check would pass before this worker has set its signal handlers.
    with sqlite3.connect(tmp / "db.sqlite3") as database:
        database.execute("DELETE FROM ops_heartbeat")
    process = start(["worker"], env, tmp)
    # Up when its own heartbeat job has run.
    wait_for(
        lambda: gongkai("ops", "healthcheck", "--strict", env=env, cwd=tmp, check=False).returncode == 0,
        90,
        "hb",
    )
    assert stop_and_check(process, signum, children_of(process.pid)) == 0


def test_the_supervisor_of_demo_stops_the_site_and_the_worker_together(site):
    """What `gongkai demo` runs after loading its data: gunicorn and the worker under one supervisor."""
    tmp, env = site
    port = free_port()
    script = (
        "import os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'gongkai.settings')\n"
        "from gongkai.cli import _gunicorn_command\n"
        "from gongkai.ops.processes import Child, supervise\n"
        f"sys.exit(supervise([Child('web', _gunicorn_command('127.0.0.1:{port}', workers=2), True),"
        " Child('worker', [sys.executable, '-m', 'gongkai.cli', 'worker'])]))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], env=env, cwd=tmp, stdout=subprocess.DEVNULL, start_new_session=True
    )
    wait_for(lambda: get(port) == 200, 60, "the site to answer")
    # gunicorn master + 2 workers + the worker process
    everything = wait_for(
        lambda: children_of(process.pid) if len(children_of(process.pid)) >= 4 else None, 30, "all children"
    )
    assert stop_and_check(process, signal.SIGTERM, everything) == 0


def test_when_one_child_dies_the_supervisor_stops_the_rest_and_fails(site):
    tmp, env = site
    script = (
        "import sys\n"
        "from gongkai.ops.processes import Child, supervise\n"
        "sys.exit(supervise([Child('sleeper', [sys.executable, '-c', 'import time; time.sleep(600)']),"
        " Child('crasher', [sys.executable, '-c', 'import time, sys; time.sleep(2); sys.exit(3)'])]))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=tmp, start_new_session=True)
    sleeper = wait_for(
        lambda: children_of(process.pid) if len(children_of(process.pid)) >= 2 else None, 20, "2"
    )
    assert process.wait(timeout=30) == 3
    wait_for(lambda: not any(alive(pid) for pid in sleeper), 10, "the sleeper to be stopped")
