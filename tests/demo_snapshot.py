"""The demo site for tests, loaded once per hour of the run and then restored from a copy.

`load_demo_data()` runs every domain app's demo loader (two years of documents, cases, air and
water series, the self-inspection's first scan…) and takes tens of seconds; about forty test
modules and browser tests start from it. The first call in a run loads it and copies the
database; later calls put that copy back, which takes a fraction of a second:

- SQLite (the in-memory test database that the live server shares): SQLite's online backup API,
  into a private in-memory database and back;
- PostgreSQL: a template database (`CREATE DATABASE … TEMPLATE`), dropped at the end of the run.

The copy is remade when the hour changes in Beijing time, so a test sees demo data as fresh as
a newly loaded demo would be within that hour (the latest air hour, "today", deadlines). Files
the loaders wrote (attachments, PDFs) stay in the run's data directory, which a restore does not
touch. Any other database (or a file-based SQLite test database) simply loads the demo each time.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.cache import caches
from django.db import connection

_BEIJING = ZoneInfo("Asia/Shanghai")
_snapshot: dict = {"hour": None, "sqlite": None, "postgresql": None}


def _hour() -> str:
    return datetime.now(_BEIJING).strftime("%Y-%m-%d %H")


def _sqlite_in_memory() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _snapshot_name() -> str:
    return f"{connection.settings_dict['NAME']}_demo"[:63]


def _postgresql_admin(statements: list[str]) -> None:
    """Run statements from the maintenance database; the test database has no session meanwhile."""
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        for statement in statements:
            cursor.execute(statement)


def _take() -> None:
    if _sqlite_in_memory():
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _snapshot["sqlite"] = copy
    elif connection.vendor == "postgresql":
        name, snapshot = connection.settings_dict["NAME"], _snapshot_name()
        _postgresql_admin(
            [f'DROP DATABASE IF EXISTS "{snapshot}"', f'CREATE DATABASE "{snapshot}" TEMPLATE "{name}"']
        )
        _snapshot["postgresql"] = snapshot


def _restore() -> bool:
    if _snapshot["sqlite"] is not None and _sqlite_in_memory():
        connection.ensure_connection()
        _snapshot["sqlite"].backup(connection.connection)
    elif _snapshot["postgresql"] is not None and connection.vendor == "postgresql":
        name, snapshot = connection.settings_dict["NAME"], _snapshot["postgresql"]
        _postgresql_admin(
            [f'DROP DATABASE "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{snapshot}"']
        )
    else:
        return False
    _forget_cached_rows()
    return True


def _forget_cached_rows() -> None:
    """Rows cached in this process may name ids of the database as it was before the restore."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for cache in caches.all():
        cache.clear()


def drop() -> None:
    """End of the run: the PostgreSQL copy is a database of its own."""
    if _snapshot["postgresql"] is not None:
        _postgresql_admin([f'DROP DATABASE IF EXISTS "{_snapshot["postgresql"]}"'])
        _snapshot["postgresql"] = None


def load_demo() -> None:
    """The demo site in the (clean, committed) test database: restored if this hour's copy exists,
    else loaded and copied. Must run outside any transaction."""
    from gongkai.core.demo import load_demo_data

    hour = _hour()
    if _snapshot["hour"] == hour and _restore():
        return
    load_demo_data()
    if connection.in_atomic_block:
        return  # a copy taken inside a transaction would hold uncommitted rows on no database
    _snapshot["hour"] = hour
    _take()
