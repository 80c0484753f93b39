"""What the receiver stores for one packet: the raw-packet row and the measurement rows.

Pure (no Django, no I/O), shared by both sinks so that the stand-alone SQLite receiver and the
platform store the same thing:

- idempotency key of an accepted packet = MN | CN | QN | PNO (issue 16: a resent packet is stored
  once); an HJ/T 212-2005 packet has no QN, so DataTime stands in for it, and failing both the CRC
  of the data segment does (the same bytes resent are the same packet);
- one measurement per (MN, CN, DataTime, code), the code normalised to HJ 212-2017 (Appendix B);
- ``valid`` = data flag N (Table 8; standards.md §6: only N data are valid monitoring data); a value
  sent without a flag (HJ/T 212-2005 devices often omit it) counts as N.
- DataTime is Beijing time (UTC+8, no daylight saving since 1991); rows carry it as UTC."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import NamedTuple

from gongkai.sources.hj212.codec import Hj212Error, Packet, crc_text
from gongkai.sources.hj212.tables import OLD_CODES, VALID_DATA_FLAG

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
NUMBER_COLUMNS = {
    "Rtd": "rtd",
    "Avg": "avg",
    "Min": "min",
    "Max": "max",
    "Cou": "cou",
    "ZsRtd": "zs_rtd",
    "ZsAvg": "zs_avg",
}
RAW_LIMIT = 4096


@dataclass(frozen=True)
class Received:
    """One packet as the receiver saw it, accepted (``packet`` set, ``error`` None) or refused."""

    raw: str
    peer: str
    received_at: datetime  # aware, UTC
    packet: Packet | None = None
    error: Hj212Error | None = None

    @property
    def accepted(self) -> bool:
        return self.error is None and self.packet is not None


_new = object.__new__


def received(raw: str, peer: str, received_at: datetime, packet: Packet) -> Received:
    """``Received(raw, peer, received_at, packet)`` of an accepted packet, without the frozen
    dataclass's per-field ``object.__setattr__`` (the receiver makes one per packet)."""
    item = _new(Received)
    item.__dict__.update(raw=raw, peer=peer, received_at=received_at, packet=packet, error=None)
    return item


def packet_key(packet: Packet, segment: str = "") -> str:
    identity = packet.qn or (f"T{packet.cp['DataTime']}" if "DataTime" in packet.cp else "")
    if not identity:
        identity = "C" + crc_text(segment.encode("utf-8"))
    return f"{packet.mn}|{packet.cn}|{identity}|{int(packet.pno) if packet.pno else ''}"


def local_to_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=BEIJING).astimezone(UTC)


def raw_row(item: Received) -> dict:
    packet, error = item.packet, item.error
    row = {
        "key": None,
        "mn": "",
        "st": "",
        "cn": "",
        "qn": "",
        "pno": None,
        "pnum": None,
        "data_time": None,
        "received_at": item.received_at,
        "peer": item.peer[:64],
        "raw": mask_password(item.raw)[:RAW_LIMIT],
        "status": "accepted" if item.accepted else "rejected",
        "reason_code": error.code if error else "",
        "reason": error.message[:300] if error else "",
        "version": "",
        "unknown_codes": "",
    }
    if packet is not None:
        data_time = _data_time(packet)
        row.update(
            mn=packet.mn,
            st=packet.st,
            cn=packet.cn,
            qn=packet.qn or "",
            pno=int(packet.pno) if packet.pno else None,
            pnum=int(packet.pnum) if packet.pnum else None,
            data_time=local_to_utc(data_time) if data_time else None,
            version=packet.version_label[:20],
            unknown_codes=",".join(packet.unknown_codes)[:300],
        )
        if item.accepted:
            row["key"] = packet_key(packet, segment_of(item.raw))
    return row


_PASSWORD = re.compile(r"((?:^|;|##[0-9]{4})PW=)[^;]*")


def mask_password(raw: str) -> str:
    """The access password is never stored in clear: ``PW=******`` (the CRC no longer matches, so
    stored packets are re-read with ``parse_segment``, never ``decode``)."""
    head, sep, tail = raw.partition("CP=&&")
    match = _PASSWORD.search(head)  # (what ``sub(r"\1******", head, count=1)`` does, without its template)
    if match is None:
        return raw
    return f"{head[: match.end(1)]}******{head[match.end() :]}{sep}{tail}"


def segment_of(raw: str) -> str:
    text = raw.rstrip("\r\n")
    return text[6:-4] if len(text) >= 10 else text


def _data_time(packet: Packet) -> datetime | None:
    try:
        return packet.data_time
    except Hj212Error:
        return None


def measurement_rows(packet: Packet, *, key: str, received_at: datetime) -> list[dict]:
    """The measurements of an accepted data packet (none without DataTime or values)."""
    data_time = _data_time(packet)
    if data_time is None:
        return []
    moment = local_to_utc(data_time)
    rows = []
    empty = dict.fromkeys(NUMBER_COLUMNS.values())
    for sent_code, fields in packet.values.items():
        flag = fields.get("Flag")
        row = {
            "mn": packet.mn,
            "cn": packet.cn,
            "data_time": moment,
            "code": OLD_CODES.get(sent_code, sent_code),
            "sent_code": sent_code,
            **empty,
            "flag": (flag or "")[:4],
            "valid": flag is None or flag == VALID_DATA_FLAG,
            "fields": dict(fields),
            "packet_key": key,
            "received_at": received_at,
        }
        for suffix, value in fields.items():
            column = NUMBER_COLUMNS.get(suffix)
            if column is not None and value:
                row[column] = float(value)
        rows.append(row)
    return rows


def fields_json(fields: dict) -> str:
    """Compact JSON of a str → str mapping (what json.dumps gives, without its per-call overhead)."""
    return "{" + ",".join(f"{_quote(k)}:{_quote(v)}" for k, v in fields.items()) + "}"


_quote = json.encoder.encode_basestring


# ---------------------------------------------------------------------------- batch rows (hot path)
# The receiver's sinks store thousands of packets a second; these build the rows as tuples in the
# column order below, with the same values as ``raw_row`` and ``measurement_rows`` (tested equal),
# without the per-row dictionaries. ``moment`` converts the UTC datetimes for the database driver
# (identity for PostgreSQL, ``sqlite_time`` for SQLite).
PACKET_COLUMNS = (
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
)
MEASUREMENT_COLUMNS = (
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
)
_NUMBER_INDEX = {suffix: index for index, suffix in enumerate(NUMBER_COLUMNS)}
_utc_of_data_time: dict[str, datetime | None] = {}  # DataTime text → UTC (they repeat endlessly)


def _utc_data_time(packet: Packet) -> datetime | None:
    text = packet.cp.get("DataTime")
    if text is None:
        return None
    moment = _utc_of_data_time.get(text, False)
    if moment is False:
        local = _data_time(packet)
        moment = local_to_utc(local) if local else None
        if len(_utc_of_data_time) > 100_000:
            _utc_of_data_time.clear()
        _utc_of_data_time[text] = moment
    return moment


def sqlite_time(value: datetime | None, _memo: dict = {}) -> str | None:  # noqa: B006 - a bounded memo
    """Django's SQLite text of an aware datetime: the naive UTC time as ``str`` gives it (".ffffff"
    only when non-zero), so the platform's queries match rows a stand-alone receiver wrote."""
    if value is None:
        return None
    text = _memo.get(value)
    if text is None:
        if len(_memo) > 100_000:
            _memo.clear()
        text = _memo[value] = str(value.astimezone(UTC).replace(tzinfo=None))
    return text


def pg_time(value: datetime | None, _memo: dict = {}) -> str | None:  # noqa: B006 - a bounded memo
    """An aware datetime as PostgreSQL reads it in COPY text (``str``: ISO 8601 with the offset),
    memoised: a batch repeats its receipt time and a few DataTimes on every row."""
    if value is None:
        return None
    text = _memo.get(value)
    if text is None:
        if len(_memo) > 100_000:
            _memo.clear()
        text = _memo[value] = str(value)
    return text


def _same(value):
    return value


def batch_rows(
    batch, moment=_same, lines: list[str] | None = None
) -> tuple[list[tuple], list[tuple], list[Received]]:
    """(packet rows, measurement rows, accepted split parts) of a batch of ``Received``. With
    ``lines`` (PostgreSQL: ``moment`` gives text), the measurements of a packet that allows it go
    there as COPY lines (``measurement_lines``) instead of into the measurement rows."""
    packets: list[tuple] = []
    measurements: list[tuple] = []
    splits: list[Received] = []
    old_codes = OLD_CODES
    number_index = _NUMBER_INDEX
    valid_flag = VALID_DATA_FLAG
    for item in batch:
        packet, error = item.packet, item.error
        received = moment(item.received_at)
        raw = mask_password(item.raw)[:RAW_LIMIT]
        peer = item.peer[:64]
        if packet is None:
            packets.append(
                (
                    None,
                    "",
                    "",
                    "",
                    "",
                    None,
                    None,
                    None,
                    received,
                    peer,
                    raw,
                    "rejected",
                    error.code,
                    error.message[:300],
                    "",
                    "",
                )
            )
            continue
        data_time = _utc_data_time(packet)
        stored_time = moment(data_time)
        key = packet_key(packet, segment_of(item.raw)) if error is None else None
        packets.append(
            (
                key,
                packet.mn,
                packet.st,
                packet.cn,
                packet.qn or "",
                int(packet.pno) if packet.pno else None,
                int(packet.pnum) if packet.pnum else None,
                stored_time,
                received,
                peer,
                raw,
                "accepted" if error is None else "rejected",
                error.code if error else "",
                error.message[:300] if error else "",
                packet.version_label[:20],
                ",".join(packet.unknown_codes)[:300] if packet.unknown_codes else "",
            )
        )
        if key is None:
            continue
        if packet.is_split:
            splits.append(item)
        if data_time is None:
            continue
        mn, cn = packet.mn, packet.cn
        if lines is not None:
            written = measurement_lines(item.raw, f"{mn}\t{cn}\t{stored_time}\t", f"\t{key}\t{received}\n")
            if written is not None:
                lines += written
                continue
        # Without a quote or backslash in the packet (control characters are refused by the parser)
        # no JSON escaping is needed: the fields' JSON is a plain join.
        to_json = fields_json if '"' in item.raw or "\\" in item.raw else _plain_json
        for sent_code, fields in packet.values.items():
            numbers = [None] * 7
            for suffix, value in fields.items():
                index = number_index.get(suffix)
                if index is not None and value:
                    numbers[index] = float(value)
            flag = fields.get("Flag")
            measurements.append(
                (
                    mn,
                    cn,
                    stored_time,
                    old_codes.get(sent_code, sent_code),
                    sent_code,
                    *numbers,
                    (flag or "")[:4],
                    flag is None or flag == valid_flag,
                    to_json(fields),
                    key,
                    received,
                )
            )
    return packets, measurements, splits


def _plain_json(fields: dict) -> str:
    return '{"' + '","'.join(map('":"'.join, fields.items())) + '"}' if fields else "{}"


def measurement_tuples(rows: list[dict], moment=_same) -> list[tuple]:
    """``measurement_rows`` dictionaries as ``batch_rows`` tuples."""
    out = []
    for row in rows:
        values = {**row, "fields": fields_json(row["fields"])}
        values["data_time"] = moment(row["data_time"])
        values["received_at"] = moment(row["received_at"])
        out.append(tuple(values[column] for column in MEASUREMENT_COLUMNS))
    return out


# ---------------------------------------------------------------------------- prepared batches
class Rows(NamedTuple):
    """A batch made ready for the database in the receiver's event-loop thread (``prepare``), so
    that the commit thread only does I/O: the packet and measurement rows, the split parts whose
    group may now be complete (read back from the database at commit), and for PostgreSQL the COPY
    text of both tables (``copy_text``)."""

    packets: list[tuple]
    measurements: list[tuple]
    splits: list[Received]
    copy: tuple[str, str] | None = None


def copy_value(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)  # int, float (repr: exact), aware datetime (ISO 8601 with offset)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(batch, packets: list[tuple], measurements: list[tuple]) -> tuple[str, str]:
    """COPY text (one line per row, tab-separated, NULL as \\N) of ``batch_rows`` output.

    Fast path, one C-level ``%`` per row: when every packet of the batch was accepted (so its
    segment has no control character) and none holds a backslash, a double quote (its fields' JSON
    would hold backslashes) or the text "None", no value needs escaping, and the only "None" in
    the formatted text are NULLs. Otherwise each value is escaped (``copy_value``)."""
    simple = all(
        item.error is None and "\\" not in item.raw and '"' not in item.raw and "None" not in item.raw
        for item in batch
    )
    texts = []
    for rows, width in ((packets, len(PACKET_COLUMNS)), (measurements, len(MEASUREMENT_COLUMNS))):
        if not rows:
            texts.append("")
        elif simple:
            line = "\t".join(["%s"] * width) + "\n"
            texts.append("".join([line % row for row in rows]).replace("None", "\\N"))
        else:
            texts.append("".join("\t".join(map(copy_value, row)) + "\n" for row in rows))
    return texts[0], texts[1]


# ---------------------------------------------------------------------------- PostgreSQL COPY text (hot path)
# The measurement rows of a batch cost the receiver more Python than anything else (a tuple per
# pollutant, a float per value, their JSON, their formatting). For PostgreSQL they are written
# instead as one COPY line per pollutant taken straight from the CP text, its fields as JSON and
# the value columns left NULL: the ``INSERT … SELECT`` that moves the staging rows into the table
# fills them from the JSON (``MEASUREMENT_SELECT``), in C. A packet whose CP the shortcut cannot
# vouch for (a pollutant's fields spread over several items or mixed with others, a value with a
# quote, backslash or exponent, "=" in a value) gets the tuples of ``batch_rows`` as before.
_EXPONENT = re.compile(r"=[-+.0-9]*[eE]")
_NULL_VALUES = "\t\\N" * 9  # rtd … zs_avg, flag, valid: filled by MEASUREMENT_SELECT
_SEPARATOR = '","'


def measurement_lines(raw: str, prefix: str, suffix: str) -> list[str] | None:
    """COPY lines (``prefix`` = mn, cn, data time; ``suffix`` = packet key, receipt time) of the
    pollutants of the framed packet ``raw``, values left to SQL; None if the CP needs the tuples."""
    segment = segment_of(raw)
    start = segment.find("CP=&&")
    if start < 0 or not segment.endswith("&&"):
        return None
    cp = segment[start + 5 : -2]
    if (
        '"' in cp
        or "\\" in cp
        or _EXPONENT.search(cp)
        # one "=" per field (none in a value) and no empty item (";;", ";" at an end)
        or cp.count("=") != cp.count(",") + cp.count(";") + 1
        or ";;" in cp
        or cp[:1] == ";"
        or cp[-1:] == ";"
    ):
        return None
    # The whole CP as JSON members at once: a=1,b=2 → a":"1","b":"2 (values hold no "=" or ",").
    lines = []
    codes = []
    old_codes = OLD_CODES
    for item in cp.replace("=", '":"').replace(",", '","').split(";"):
        code, dash, rest = item.partition("-")
        if not dash:
            continue  # plain fields (DataTime …)
        link = f'","{code}-'
        if '":"' in code or item.count('","') != item.count(link):
            return None  # a pollutant field after a plain one, or another pollutant in the item
        codes.append(code)
        members = rest.replace(link, _SEPARATOR)
        lines.append(f'{prefix}{old_codes.get(code, code)}\t{code}{_NULL_VALUES}\t{{"{members}"}}{suffix}')
    if len(set(codes)) != len(codes):
        return None  # a pollutant's fields spread over several items
    return lines


def _column_from_json(suffix: str, column: str) -> str:
    return f"COALESCE({column}, NULLIF(fields ->> '{suffix}', '')::float8)"


# The columns of MEASUREMENT_COLUMNS as the staging table's rows give them: a NULL value column is
# read from the fields' JSON (a line of ``measurement_lines``; a NULL of a ``batch_rows`` tuple
# stays NULL, as its JSON has no number for it). COALESCE evaluates its second argument only for
# a NULL first one.
MEASUREMENT_SELECT = ", ".join(
    [
        "mn",
        "cn",
        "data_time",
        "code",
        "sent_code",
        *(_column_from_json(suffix, column) for suffix, column in NUMBER_COLUMNS.items()),
        "COALESCE(flag, left(COALESCE(fields ->> 'Flag', ''), 4))",
        f"COALESCE(valid, COALESCE(fields ->> 'Flag', '{VALID_DATA_FLAG}') = '{VALID_DATA_FLAG}')",
        "fields",
        "packet_key",
        "received_at",
    ]
)


def pg_copy_text(batch) -> tuple[str, str, list[Received]]:
    """(packet COPY text, measurement COPY text, accepted split parts) of a batch for the
    PostgreSQL staging tables: what ``batch_rows`` + ``copy_text`` give, an accepted unsplit packet
    with DataTime written as its COPY line directly (when nothing in it needs escaping) and its
    measurements by ``measurement_lines`` when they allow it; any other packet through the tuples.
    Lines keep the batch's order (of two packets with one key, the first is stored)."""
    packet_lines: list[str] = []
    lines: list[str] = []
    splits: list[Received] = []
    for item in batch:
        packet, raw, peer = item.packet, item.raw, item.peer
        data_time = None
        if item.error is None and packet is not None and packet.pnum is None:
            data_time = pg_time(_utc_data_time(packet))
        written = None
        if data_time is not None and "\\" not in raw and "\\" not in peer and peer.isprintable():
            mn, cn = packet.mn, packet.cn
            key = packet_key(packet) if packet.qn else packet_key(packet, segment_of(raw))
            received = pg_time(item.received_at)
            written = measurement_lines(raw, f"{mn}\t{cn}\t{data_time}\t", f"\t{key}\t{received}\n")
        if written is None:  # the general way
            packets, measurements, split = batch_rows([item], pg_time, lines)
            packet_text, measurement_text = copy_text([item], packets, measurements)
            packet_lines.append(packet_text)
            lines.append(measurement_text)
            splits += split
            continue
        lines += written
        unknown = packet.unknown_codes
        packet_lines.append(
            f"{key}\t{mn}\t{packet.st}\t{cn}\t{packet.qn or ''}\t\\N\t\\N\t{data_time}\t{received}\t"
            f"{peer[:64]}\t{mask_password(raw)[:RAW_LIMIT]}\taccepted\t\t\t"
            f"{packet.version_label[:20]}\t{','.join(unknown)[:300] if unknown else ''}\n"
        )
    return "".join(packet_lines), "".join(lines), splits
