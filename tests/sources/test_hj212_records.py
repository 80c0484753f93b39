"""What is stored for a packet: idempotency key, masked raw text, measurement rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Packet
from gongkai.sources.hj212.records import Received, mask_password, measurement_rows, packet_key, raw_row
from tests.sources import samples

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_packet_key_uses_qn_then_datatime_then_crc():
    with_qn = Packet(qn="20240101120000001", st="32", cn="2011", pw="1", mn="M", pno="2", pnum="3")
    assert packet_key(with_qn) == "M|2011|20240101120000001|2"
    old = Packet(st="32", cn="2011", pw="1", mn="M", cp={"DataTime": "20160824003817"})
    assert packet_key(old) == "M|2011|T20160824003817|"
    bare = Packet(st="32", cn="2081", pw="1", mn="M")
    assert packet_key(bare, "ST=32;CN=2081;PW=1;MN=M;CP=&&&&").startswith("M|2081|C")
    assert packet_key(bare, "a") != packet_key(bare, "b")


def test_password_is_masked_in_stored_text_only_in_the_header():
    assert mask_password(samples.S1).startswith("##0317QN=20191012133710130;ST=22;CN=2011;PW=******;MN=")
    assert "PW=******" in mask_password(samples.with_crc(samples.S3))
    assert mask_password("##0010PW=1;CP=&&X=PW=2&&") == "##0010PW=******;CP=&&X=PW=2&&"


def test_measurements_normalise_codes_convert_beijing_time_and_mark_validity():
    packet = codec.decode(samples.with_crc(samples.S3))
    rows = {row["code"]: row for row in measurement_rows(packet, key="k", received_at=NOW)}
    assert set(rows) == {"w00000", "w01018", "w21003"}
    assert rows["w01018"]["sent_code"] == "011" and rows["w01018"]["rtd"] == 231.0
    assert rows["w01018"]["data_time"] == datetime(2016, 8, 23, 16, 38, 17, tzinfo=UTC)  # 00:38:17 +08:00
    assert rows["w00000"]["valid"] is True and rows["w00000"]["flag"] == ""  # no flag sent: counts as N


def test_flags_other_than_n_are_not_valid_and_empty_values_are_null():
    packet = Packet(
        st="32",
        cn="2061",
        pw="1",
        mn="M",
        cp={"DataTime": "20240101100000"},
        values={
            "w01018": {"Avg": "", "Flag": "D"},
            "w21003": {"Avg": "1.5", "Min": "1", "Max": "2", "Cou": "3", "Flag": "N"},
            "a21026": {"ZsAvg": "12", "Flag": "M"},
        },
    )
    rows = {row["code"]: row for row in measurement_rows(packet, key="k", received_at=NOW)}
    assert rows["w01018"]["avg"] is None and rows["w01018"]["valid"] is False
    assert (rows["w21003"]["avg"], rows["w21003"]["min"], rows["w21003"]["max"], rows["w21003"]["cou"]) == (
        1.5,
        1.0,
        2.0,
        3.0,
    )
    assert rows["w21003"]["valid"] is True
    assert rows["a21026"]["zs_avg"] == 12.0 and rows["a21026"]["valid"] is False


def test_no_measurements_without_datatime():
    assert measurement_rows(codec.decode(samples.S0), key="k", received_at=NOW) == []


def test_rejected_packet_row_has_no_key_and_keeps_the_reason():
    error = codec.Hj212Error("crc", "报文为1100，计算值为2D00")
    row = raw_row(Received(raw=samples.S2, peer="10.0.0.1:5000", received_at=NOW, error=error))
    assert row["key"] is None and row["status"] == "rejected" and row["reason_code"] == "crc"
    assert row["reason"] == "CRC校验错误：报文为1100，计算值为2D00"


def test_batch_rows_store_what_the_row_dictionaries_describe():
    from gongkai.sources.hj212.records import (
        MEASUREMENT_COLUMNS,
        PACKET_COLUMNS,
        batch_rows,
        sqlite_time,
    )

    error = codec.Hj212Error("crc", "x")
    split = Packet(
        qn="20240101120000001",
        st="32",
        cn="2061",
        pw="1",
        mn="M",
        flag="5",
        pnum="2",
        pno="1",
        cp={"DataTime": "20240101120000"},
        values={"w01018": {"Avg": "1"}},
    )
    quoted = Packet(
        qn="20240101120000002",
        st="32",
        cn="2011",
        pw="1",
        mn="M",
        flag="5",
        cp={"DataTime": "20240101120000"},
        values={"w01018": {"Rtd": "1", "Info": 'a"b\\c'}},
    )
    batch = [
        Received(
            raw=samples.with_crc(samples.S3),
            peer="p" * 80,
            received_at=NOW,
            packet=codec.decode(samples.with_crc(samples.S3)),
        ),
        Received(raw=samples.S1, peer="p", received_at=NOW, packet=codec.decode(samples.S1)),
        Received(raw=samples.S2, peer="p", received_at=NOW, error=error),
        Received(raw=samples.S1, peer="p", received_at=NOW, packet=codec.decode(samples.S1), error=error),
        Received(raw=codec.encode(split).decode(), peer="p", received_at=NOW, packet=split),
        Received(raw=codec.encode(quoted).decode(), peer="p", received_at=NOW, packet=quoted),
    ]
    for moment in (lambda value: value, sqlite_time):
        packets, measurements, splits = batch_rows(batch, moment)
        expected_packets, expected_measurements = [], []
        for item in batch:
            row = raw_row(item)
            row["data_time"], row["received_at"] = moment(row["data_time"]), moment(row["received_at"])
            expected_packets.append(tuple(row[column] for column in PACKET_COLUMNS))
            if item.accepted:
                for value in measurement_rows(item.packet, key=row["key"], received_at=NOW):
                    value["data_time"], value["received_at"] = moment(value["data_time"]), moment(NOW)
                    value["fields"] = json.dumps(value["fields"], separators=(",", ":"), ensure_ascii=False)
                    expected_measurements.append(tuple(value[column] for column in MEASUREMENT_COLUMNS))
        assert packets == expected_packets
        assert measurements == expected_measurements and len(measurements) > 6
        assert [item.packet for item in splits] == [split]
    assert sqlite_time(datetime(2024, 1, 1, 3, tzinfo=UTC)) == "2024-01-01 03:00:00"
