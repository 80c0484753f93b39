"""Files holding personal data are readable only by the service user (GB/T 22239-2019 8.1.4.11):
the data directory and the folders under it 0700, the SQLite database (with its WAL and shared
memory files), the job queue, stored mail and uploads 0600.

Static files are public; production keeps them outside the data directory (GONGKAI_STATIC_ROOT,
README Deployment) so that nginx can read them."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it 0700 when this process owns it."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    _chmod_own(path, PRIVATE_DIR)
    return path


def private_file(path: Path | str) -> None:
    _chmod_own(Path(path), PRIVATE_FILE)


def _chmod_own(path: Path, mode: int) -> None:
    # A file owned by someone else (a checkout shared with other users) is left as it is.
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if path.stat().st_uid == os.getuid() and (path.stat().st_mode & 0o777) != mode:
            path.chmod(mode)


def secure_sqlite(sender, connection, **kwargs) -> None:
    """connection_created: the SQLite database file and its -wal/-shm companions 0600."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for suffix in ("", "-wal", "-shm"):
        private_file(name + suffix)
