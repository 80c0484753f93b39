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
from gongkai.sources.hj212.records import Received, fields_json, measurement_rows, raw_row, segment_of

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
PACKET_COLUMNS = [
    "key",
    "mn",
    "st",
    "cn",
    "qn",
    "pno",
    "pnum",
    "data_time",
    "received_at",
    "peer",
    "raw",
    "status",
    "reason_code",
    "reason",
    "version",
    "unknown_codes",
]
MEASUREMENT_COLUMNS = [
    "mn",
    "cn",
    "data_time",
    "code",
    "sent_code",
    "rtd",
    "avg",
    "min",
    "max",
    "cou",
    "zs_rtd",
    "zs_avg",
    "flag",
    "valid",
    "fields",
    "packet_key",
    "received_at",
]
# Column names are the constants above, never input.
INSERT_PACKET = "INSERT OR IGNORE INTO hj212_packet ({}) VALUES ({})".format(  # noqa: S608
    ", ".join(PACKET_COLUMNS), ", ".join("?" * len(PACKET_COLUMNS))
)
INSERT_MEASUREMENT = "INSERT OR IGNORE INTO hj212_measurement ({}) VALUES ({})".format(  # noqa: S608
    ", ".join(MEASUREMENT_COLUMNS), ", ".join("?" * len(MEASUREMENT_COLUMNS))
)


def _time(value: datetime | None, _memo: dict = {}) -> str | None:  # noqa: B006 - a bounded memo
    # Django's SQLite format for aware datetimes stored as UTC. Batches repeat the same moments.
    if value is None:
        return None
    text = _memo.get(value)
    if text is None:
        if len(_memo) > 100_000:
            _memo.clear()
        # str() of the naive UTC time, as Django's SQLite backend writes it (".ffffff" only when
        # non-zero), so that the platform's queries match rows a stand-alone receiver wrote.
        text = _memo[value] = str(value.astimezone(UTC).replace(tzinfo=None))
    return text


class SQLiteSink:
    def __init__(self, path: str, *, synchronous: str = "NORMAL") -> None:
        self.path = path
        self._connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute(f"PRAGMA synchronous={'FULL' if synchronous == 'FULL' else 'NORMAL'}")
        self._connection.executescript(SCHEMA)

    def close(self) -> None:
        self._connection.close()

    def commit(self, batch: Sequence[Received]) -> None:
        packets, measurements, splits = [], [], []
        for item in batch:
            row = raw_row(item)
            row["data_time"] = _time(row["data_time"])
            row["received_at"] = _time(row["received_at"])
            packets.append(tuple(map(row.__getitem__, PACKET_COLUMNS)))
            if item.accepted and row["key"]:
                measurements += measurement_rows(item.packet, key=row["key"], received_at=item.received_at)
                if item.packet.is_split:  # the last part in completes the group
                    splits.append(item.packet)
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(INSERT_PACKET, packets)
            for packet in splits:
                measurements += self._joined(packet)
            connection.executemany(INSERT_MEASUREMENT, [_measurement_tuple(row) for row in measurements])
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


def _measurement_tuple(row: dict) -> tuple:
    row["data_time"] = _time(row["data_time"])
    row["received_at"] = _time(row["received_at"])
    row["fields"] = fields_json(row["fields"])
    return tuple(map(row.__getitem__, MEASUREMENT_COLUMNS))
