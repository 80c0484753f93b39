"""A Django-free sink: the stand-alone receiver's SQLite file (WAL), same tables as the platform.

``commit`` is one transaction; the receiver acknowledges a packet only after ``commit`` returned,
so a killed receiver loses no acknowledged packet (a committed WAL transaction is in the file
before the process can be killed; ``synchronous=FULL`` also survives a power cut). Duplicates are
impossible: the packet key and the measurement key are unique and inserts ignore conflicts."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.records import (
    MEASUREMENT_COLUMNS,
    PACKET_COLUMNS,
    Received,
    Rows,
    batch_rows,
    measurement_rows,
    measurement_tuples,
    segment_of,
    sqlite_time,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS hj212_packet (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key VARCHAR(120) NULL UNIQUE,
    mn VARCHAR(24) NOT NULL, st VARCHAR(2) NOT NULL, cn VARCHAR(4) NOT NULL, qn VARCHAR(20) NOT NULL,
    pno INTEGER NULL, pnum INTEGER NULL, data_time DATETIME NULL, received_at DATETIME NOT NULL,
    peer VARCHAR(64) NOT NULL, raw TEXT NOT NULL, status VARCHAR(10) NOT NULL,
    reason_code VARCHAR(20) NOT NULL, reason VARCHAR(300) NOT NULL, version VARCHAR(20) NOT NULL,
    unknown_codes VARCHAR(300) NOT NULL
);
CREATE INDEX IF NOT EXISTS hj212_packet_mn_time ON hj212_packet (mn, received_at DESC);
CREATE TABLE IF NOT EXISTS hj212_measurement (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mn VARCHAR(24) NOT NULL, cn VARCHAR(4) NOT NULL, data_time DATETIME NOT NULL,
    code VARCHAR(20) NOT NULL, sent_code VARCHAR(20) NOT NULL,
    rtd REAL NULL, avg REAL NULL, min REAL NULL, max REAL NULL, cou REAL NULL,
    zs_rtd REAL NULL, zs_avg REAL NULL, flag VARCHAR(4) NOT NULL, valid BOOL NOT NULL,
    fields TEXT NOT NULL, packet_key VARCHAR(120) NOT NULL, received_at DATETIME NOT NULL,
    CONSTRAINT hj212_measurement_unique UNIQUE (mn, cn, data_time, code)
);
CREATE INDEX IF NOT EXISTS hj212_measurement_time ON hj212_measurement (data_time);
"""
# Column names are the constants of records, never input.
INSERT_PACKET = "INSERT OR IGNORE INTO hj212_packet ({}) VALUES ({})".format(  # noqa: S608
    ", ".join(PACKET_COLUMNS), ", ".join("?" * len(PACKET_COLUMNS))
)
INSERT_MEASUREMENT = "INSERT OR IGNORE INTO hj212_measurement ({}) VALUES ({})".format(  # noqa: S608
    ", ".join(MEASUREMENT_COLUMNS), ", ".join("?" * len(MEASUREMENT_COLUMNS))
)


class SQLiteSink:
    # The receiver commits in its worker thread. Inline (in the event loop) avoided the GIL
    # hand-overs of sqlite3, which releases the GIL around every row's step, but with several
    # processes on one file a process waiting for the write lock then stopped reading altogether
    # (bench: 8 % of the bare server instead of 20 %).
    threaded = True

    def __init__(self, path: str, *, synchronous: str = "NORMAL") -> None:
        self.path = path
        self._connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute(f"PRAGMA synchronous={'FULL' if synchronous == 'FULL' else 'NORMAL'}")
        self._connection.executescript(SCHEMA)

    def close(self) -> None:
        self._connection.close()

    def prepare(self, batch: Sequence[Received]) -> Rows:
        """The rows of a batch (CPU only; the receiver calls it in its event-loop thread)."""
        return Rows(*batch_rows(batch, sqlite_time))

    def commit(self, batch: Sequence[Received] | Rows) -> None:
        packets, measurements, splits, _copy = batch if isinstance(batch, Rows) else self.prepare(batch)
        measurements = list(measurements)
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(INSERT_PACKET, packets)
            for item in splits:  # the last part in completes the group
                measurements += measurement_tuples(self._joined(item.packet), sqlite_time)
            connection.executemany(INSERT_MEASUREMENT, measurements)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _joined(self, packet: codec.Packet) -> list[dict]:
        """A split upload whose DataTime is not in every part: its measurements once all parts are in."""
        rows = self._connection.execute(
            "SELECT raw, key, received_at FROM hj212_packet"
            " WHERE status='accepted' AND mn=? AND cn=? AND qn=? AND pnum=?",
            (packet.mn, packet.cn, packet.qn or "", int(packet.pnum)),
        ).fetchall()
        parts = {}
        for raw, _key, _at in rows:
            try:
                part = codec.parse_segment(segment_of(raw))
            except codec.Hj212Error:
                continue
            parts.setdefault(int(part.pno), part)
        if len(parts) != int(packet.pnum):
            return []
        whole = codec.join_parts(parts.values())
        key = f"{packet.mn}|{packet.cn}|{packet.qn or ''}|joined"
        return measurement_rows(whole, key=key, received_at=datetime.now(UTC))

    # Read side, for tests, the bench and the CLI.
    def count(self, table: str = "hj212_packet", where: str = "1=1", params: tuple = ()) -> int:
        assert table in ("hj212_packet", "hj212_measurement")
        return self._connection.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]  # noqa: S608

    def keys(self) -> set[str]:
        return {
            row[0] for row in self._connection.execute("SELECT key FROM hj212_packet WHERE key IS NOT NULL")
        }
