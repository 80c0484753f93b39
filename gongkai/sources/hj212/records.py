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
    return _PASSWORD.sub(r"\1******", head, count=1) + sep + tail


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
