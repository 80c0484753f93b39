"""The database rate-limit counter on SQLite as deployed (a file in WAL mode), hit by eight worker
processes at once: every hit counted once, and a limit of 10 let through exactly 10 times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WORKER = r"""
import json, os, sys, time
import django
django.setup()
from gongkai.core import ratelimit
start_at = float(sys.argv[1])
time.sleep(max(0.0, start_at - time.time()))  # all processes start together
counts = [ratelimit.hit("gk:test:processes", 60) for _ in range(10)]
print(json.dumps(counts))
"""

SETUP = r"""
import django
django.setup()
from django.db import connection
from gongkai.core.models import RateCounter
with connection.schema_editor() as editor:  # only the counter's table: no full migrate needed
    editor.create_model(RateCounter)
from gongkai.core import ratelimit
print(ratelimit.backend())
"""


def test_eight_processes_on_a_sqlite_file_share_one_atomic_counter(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "DATABASE_URL", "REDIS_URL", "GONGKAI_RATE_LIMIT_BACKEND"}
    }
    env |= {
        "GONGKAI_ENV": "demo",
        "GONGKAI_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "PYTHONPATH": str(ROOT),
    }
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert setup.returncode == 0, setup.stderr[-2000:]
    assert setup.stdout.strip() == "database"

    start_at = time.time() + 6
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(start_at)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    counts: list[int] = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
        counts += json.loads(out.strip().splitlines()[-1])
    assert sorted(counts) == list(range(1, 81))  # each count handed out exactly once
    assert sum(1 for count in counts if count <= 10) == 10  # a limit of 10 lets exactly 10 through
