"""Running `gongkai` as an operator would: the real command in a subprocess with its own data
directory and database, never the developer's ./data or the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TIMEOUT = 300
# Variables of the surrounding test run that must not leak into the command's configuration.
PRIVATE = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "DJANGO_SETTINGS_MODULE"}


def server_env(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in PRIVATE and not name.startswith(("GONGKAI_", "PYTEST_", "DJANGO_"))
    }
    env.update(
        GONGKAI_DATA_DIR=str(data_dir), DATABASE_URL=database_url, GONGKAI_ENV="demo", PYTHONPATH=str(PROJECT)
    )
    env.update(extra)
    return env


def gongkai(*args: str, env: dict[str, str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"gongkai {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def postgres_database(base_url: str, name: str, *, create: bool = False) -> str:
    """The URL of database `name` on the server of `base_url`, dropped first; created empty when asked."""
    import psycopg

    server, _slash, _old = base_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
