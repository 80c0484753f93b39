"""Process supervision for `gongkai demo`, `serve` and `worker`: stop cleanly on SIGTERM (systemd,
docker, kill) and SIGINT (Ctrl-C), taking every child process along, and reload on SIGHUP.

- `supervise` runs child commands in their own sessions (so a terminal's Ctrl-C reaches only the
  supervisor, which forwards one orderly signal) and forwards SIGTERM/SIGINT as SIGTERM — a graceful
  stop for gunicorn (it lets requests in flight finish) and for the worker (see below) — then waits
  up to `grace` seconds and kills what is left. SIGHUP goes to the children that reload on it
  (gunicorn: new workers with the new code, no dropped request). When one child dies by itself,
  the others are stopped too, and the supervisor exits with its status: a half-running site is
  never left behind.
- `run_worker` runs the Huey consumer with both SIGTERM and SIGINT meaning "finish the job in hand,
  then stop" (Huey's default treats SIGTERM as an immediate stop, which drops the job in hand); a
  second signal stops at once. With several workers on one queue, each periodic job runs once per
  scheduled minute (gongkai/ops/scheduling.py)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@dataclass(frozen=True)
class Child:
    name: str
    command: list[str]
    reloads_on_hup: bool = False


def supervise(children: list[Child], *, env: Mapping[str, str] | None = None, grace: float = 30.0) -> int:
    """Run `children` until a stop signal or until one of them exits; return the exit status."""
    received: list[int] = []

    def on_signal(signum, _frame):
        received.append(signum)

    previous = {signum: signal.signal(signum, on_signal) for signum in (*STOP_SIGNALS, signal.SIGHUP)}
    running: dict[str, subprocess.Popen] = {}
    status = 0
    try:
        for child in children:
            running[child.name] = subprocess.Popen(  # noqa: S603
                child.command, env=dict(env or os.environ), start_new_session=True
            )
        reloads = {child.name for child in children if child.reloads_on_hup}
        while True:
            while received:
                signum = received.pop(0)
                if signum == signal.SIGHUP:
                    for name in reloads:
                        running[name].send_signal(signal.SIGHUP)
                    continue
                return 0
            exited = [(name, process) for name, process in running.items() if process.poll() is not None]
            if exited:
                name, process = exited[0]
                status = process.returncode if process.returncode > 0 else 1
                logger.error("%s exited with status %s; stopping the others", name, process.returncode)
                return status
            time.sleep(0.2)
    finally:
        _stop_all(running, grace)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop_all(running: dict[str, subprocess.Popen], grace: float) -> None:
    for process in running.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in running.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _kill_session(process)
            process.wait()


def _kill_session(process: subprocess.Popen) -> None:
    """The child and anything it started (its session has its pid as process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def run_worker() -> None:
    """The Huey consumer of `gongkai worker` (what `manage.py run_huey` does, with graceful stops)."""
    from django.conf import settings
    from django.utils.module_loading import autodiscover_modules
    from huey.consumer_options import ConsumerConfig
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    config = ConsumerConfig(**{**settings.HUEY.get("consumer", {}), "graceful_signal": "TERM"})
    config.validate()
    huey_logger = logging.getLogger("huey")
    if not huey_logger.handlers:
        config.setup_logger(huey_logger)
    # Several workers on one queue: each periodic job is enqueued by one scheduler only.
    from gongkai.ops.scheduling import once_per_minute

    HUEY.read_periodic = once_per_minute(HUEY.read_periodic, HUEY._get_timestamp)
    consumer = HUEY.create_consumer(**config.values)
    # Signal -> (restart, graceful): SIGINT finishes the job in hand too, as SIGTERM does.
    consumer._signal_actions[signal.SIGINT] = (False, True)
    consumer.run()
