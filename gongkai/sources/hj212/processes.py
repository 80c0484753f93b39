"""Several receiver processes on one port (``gongkai hj212 serve --processes N``).

Parsing a packet and building its rows cost ~70 µs of Python under one GIL, so one receiver process
saturates one core. The parent here reserves the port, forks N workers and supervises them:

- each worker runs its own asyncio server with its own sink connection (own group commit). On Linux
  every worker binds the port itself with SO_REUSEPORT and the kernel spreads new connections over
  them; the parent holds a bound, *not listening* SO_REUSEPORT socket only to reserve (and, for
  ``--port 0``, choose) the port, so no connection is ever queued on a socket nobody accepts on.
  Without SO_REUSEPORT the parent listens and the workers share its listening socket;
- SIGTERM/SIGINT to the parent are forwarded to the workers, which stop accepting, commit what they
  received and exit; the parent waits for them and exits. A worker dies with its parent
  (PR_SET_PDEATHSIG on Linux), so even a killed parent leaves no worker behind; a worker that exits
  on its own while the parent runs is started again;
- acknowledgement after commit and idempotency stay the sink's business: each worker acks only what
  its own commit stored, and the unique keys (MN + CN + DataTime/QN) make the same packet arriving at
  two workers (a device reconnecting) harmless, as with receivers on separate machines.

No Django here; the caller's ``worker(index, sock, port)`` builds the sink after the fork (a database
connection must never cross a fork) and returns the exit code."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable

log = logging.getLogger("gongkai.hj212")

REUSE_PORT = hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux")
PR_SET_PDEATHSIG = 1


def reserve_port(host: str, port: int) -> tuple[socket.socket, int, bool]:
    """(socket, port, shared): with SO_REUSEPORT a bound socket that does not listen (``shared`` False:
    each worker binds its own); otherwise a listening socket the workers share."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if REUSE_PORT:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    if not REUSE_PORT:
        sock.listen(4096)
        sock.setblocking(False)
    return sock, sock.getsockname()[1], not REUSE_PORT


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def supervise(
    count: int,
    worker: Callable[[int, socket.socket | None, int], int],
    *,
    host: str,
    port: int,
    on_ready: Callable[[int], None] | None = None,
) -> int:
    """Fork ``count`` workers, each calling ``worker(index, shared_socket_or_None, port)`` with the
    port settled (``port`` 0 chooses a free one); return once all have exited after SIGTERM/SIGINT
    (0 if every worker exited with 0)."""
    sock, port, shared = reserve_port(host, port)
    children: dict[int, int] = {}  # pid → worker index
    stopping = False
    parent = os.getpid()

    def start(index: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _die_with_parent()
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(0)
                if not shared:
                    sock.close()
                code = worker(index, sock if shared else None, port) or 0
            except BaseException:
                log.exception("receiver worker %d failed", index)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children[pid] = index

    def forward(number, _frame) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    previous = {number: signal.signal(number, forward) for number in (signal.SIGTERM, signal.SIGINT)}
    status = 0
    try:
        for index in range(count):
            start(index)
        if on_ready is not None:
            on_ready(port)
        restarts: list[float] = []
        while children:
            try:
                pid, wait_status = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            index = children.pop(pid, None)
            if index is None:
                continue
            code = os.waitstatus_to_exitcode(wait_status)
            if code != 0:
                status = 1
            if not stopping:
                now = time.monotonic()
                restarts = [t for t in restarts if now - t < 10] + [now]
                log.warning("receiver worker %d (pid %d) exited with %s; starting it again", index, pid, code)
                if len(restarts) > 5 * count:  # crashing in a loop: give up rather than spin
                    log.error("receiver workers keep exiting; stopping")
                    forward(signal.SIGTERM, None)
                    continue
                start(index)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        sock.close()
    return status
