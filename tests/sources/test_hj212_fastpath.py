"""The receiver's fast paths give what the general code gives: the parser's regular-expression path
(``codec._parse_fast``) against ``parse_segment_general``, and the COPY text of a batch against its
rows (issue 16 throughput work; bench/bench_hj212.py)."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime

import pytest

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.records import (
    MEASUREMENT_COLUMNS,
    PACKET_COLUMNS,
    Received,
    batch_rows,
    copy_text,
    copy_value,
    measurement_lines,
    pg_time,
    received,
)
from gongkai.sources.hj212.simulate import Fleet
from gongkai.sources.hj212.tables import OLD_CODES
from tests.sources import samples

NOW = datetime(2026, 1, 1, 8, 30, tzinfo=UTC)


def simulator_segments(count: int = 600) -> list[str]:
    fleet = Fleet(count=3, rate=0)
    segments = []
    while len(segments) < count:
        for device in fleet.devices:
            segments.append(codec.build_segment(device.next_packet()))
    return segments


def test_fast_path_takes_the_simulators_packets_and_gives_the_general_result():
    for segment in simulator_segments():
        fast = codec._parse_fast(segment)
        assert fast is not None
        general = codec.parse_segment_general(segment)
        assert list(fast.values) == list(general.values) and len(fast.values) == len(general.values)
        assert all(code in fast.values for code in general.values)  # codes, before any fields
        assert fast == general
        assert fast.values == general.values and dict(fast.values.items()) == general.values


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_path_never_accepts_what_the_general_parser_refuses_or_reads_differently(seed):
    rng = random.Random(seed)
    base = [*simulator_segments(200), codec.unframe(samples.with_crc(samples.S3))]
    alphabet = 'QNSTCPWMFlag=;,&-.0123456789ABwaeE+"\\\x00\t\xff中 '
    taken = 0
    for _ in range(6000):
        chars = list(rng.choice(base))
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(chars))
            action = rng.randrange(3)
            if action == 0:
                chars[position] = rng.choice(alphabet)
            elif action == 1:
                chars.insert(position, rng.choice(alphabet))
            else:
                del chars[position]
        segment = "".join(chars)
        fast = codec._parse_fast(segment)
        if fast is None:
            continue
        taken += 1
        assert fast == codec.parse_segment_general(segment), segment
    assert taken > 500  # the mutations that keep a packet valid do go through the fast path


def test_what_the_fast_path_leaves_to_the_general_parser():
    upload = simulator_segments(1)[0]
    duplicate = upload.replace("&&DataTime=", "&&DataTime=20260101000000;DataTime=", 1)
    not_a_number = upload.replace("-Rtd=", "-Rtd=x", 1)
    bad_time = upload.replace("DataTime=20260101", "DataTime=20261340", 1)  # month 13
    code = next(iter(codec.parse_segment(upload).values))
    twice = upload.replace("&&", f"&&{code}-Flag=N;", 1)  # a pollutant field twice, in two items
    for segment in (duplicate, not_a_number, bad_time, twice):
        assert codec._parse_fast(segment) is None
        with pytest.raises(codec.Hj212Error):
            codec.parse_segment(segment)
    old = codec.unframe(samples.with_crc(samples.S3))  # HJ/T 212-2005: no QN, no Flag
    assert codec._parse_fast(old) is None and codec.parse_segment(old).mn


def items_of(segments: list[str]) -> list[Received]:
    out = []
    for segment in segments:
        wire = codec.frame(segment).decode().rstrip("\r\n")
        out.append(received(wire, "127.0.0.1:5000", NOW, codec.parse_segment(segment)))
    return out


def expected_text(rows: list[tuple]) -> str:
    return "".join("\t".join(map(copy_value, row)) + "\n" for row in rows)


def test_copy_text_fast_path_equals_value_by_value_formatting():
    batch = items_of(simulator_segments(50))
    packets, measurements, _splits = batch_rows(batch, pg_time)
    packet_text, measurement_text = copy_text(batch, packets, measurements)
    assert packet_text == expected_text(packets).replace("\tTrue\t", "\tt\t")
    # The fast path writes booleans as True/False (PostgreSQL reads both spellings).
    assert measurement_text.replace("\tTrue\t", "\tt\t").replace("\tFalse\t", "\tf\t") == expected_text(
        measurements
    )
    assert packet_text.count("\n") == len(packets) and all(
        line.count("\t") == len(PACKET_COLUMNS) - 1 for line in packet_text.splitlines()
    )
    assert all(line.count("\t") == len(MEASUREMENT_COLUMNS) - 1 for line in measurement_text.splitlines())


def test_copy_text_escapes_backslashes_quotes_and_refused_packets():
    segment = simulator_segments(1)[0].replace("CP=&&", 'CP=&&Info=a\\b"None";', 1)
    batch = items_of([segment])
    refused = Received(
        raw="##9999\tgarbage\\", peer="p", received_at=NOW, error=codec.Hj212Error("length_field", "x")
    )
    batch.append(refused)
    packets, measurements, _splits = batch_rows(batch, pg_time)
    packet_text, _measurement_text = copy_text(batch, packets, measurements)
    lines = packet_text.splitlines()
    assert len(lines) == 2
    assert "a\\\\b" in lines[0] and "None" in lines[0]  # a value "None" stays text, not NULL
    assert "##9999\\tgarbage\\\\" in lines[1] and lines[1].startswith("\\N\t")


def tricky_segments() -> list[str]:
    """Packets ``measurement_lines`` must leave to the tuples (or take with the same result)."""
    upload = simulator_segments(1)[0]
    spread = re.sub(r",([A-Za-z0-9]+-Flag=)", r";\1", upload, count=1)
    exponent = re.sub(r"-Rtd=[0-9.]+", "-Rtd=1.5e3", upload, count=1)
    return [
        spread,  # one pollutant's fields in two items
        exponent,
        upload.replace("CP=&&", 'CP=&&Info=a\\b"q";', 1),  # quote and backslash
        upload.replace("CP=&&", "CP=&&Note=-1;", 1),  # a hyphen in a plain field's value
        upload.replace("CP=&&", "CP=&&;", 1),  # an empty item
        codec.unframe(samples.with_crc(samples.S3)),  # HJ/T 212-2005: old codes mapped
    ]


def test_measurement_lines_give_the_fields_json_of_the_parsed_packet():
    for segment in [*simulator_segments(30), codec.unframe(samples.with_crc(samples.S3))]:
        packet = codec.parse_segment(segment)
        raw = codec.frame(segment).decode().rstrip("\r\n")
        lines = measurement_lines(raw, "P\t", "\tS\n")
        assert lines is not None
        assert len(lines) == len(packet.values)
        for line, (code, fields) in zip(lines, packet.values.items(), strict=True):
            columns = line.rstrip("\n").split("\t")
            assert (
                len(columns) == len(MEASUREMENT_COLUMNS) - 3
            )  # mn, cn, data time in "P", key and time in "S"
            assert columns[1:3] == [OLD_CODES.get(code, code), code]
            assert set(columns[3:12]) == {"\\N"}
            assert json.loads(columns[12]) == dict(fields)


def test_measurement_lines_refuse_what_they_cannot_vouch_for():
    spread, exponent, quoted, hyphen, _empty, _old = tricky_segments()
    for segment in (spread, exponent, quoted, hyphen):
        packet = codec.parse_segment(segment)  # valid packets all
        assert packet.values
        raw = codec.frame(segment).decode().rstrip("\r\n")
        assert measurement_lines(raw, "", "\n") is None, segment


@pytest.mark.django_db(transaction=True)
def test_postgresql_rows_from_measurement_lines_equal_the_rows_from_tuples():
    """The same batch stored through ``pg_copy_text`` (packet lines written directly, measurement
    value columns filled by SQL from the JSON) and through the tuples of ``batch_rows``: the same
    rows in both tables."""
    from django.db import connection

    from gongkai.sources.hj212.records import Rows
    from gongkai.sources.models import Measurement, RawPacket
    from gongkai.sources.sink import DjangoSink

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    batch = items_of([*simulator_segments(40), *tricky_segments()])
    batch.append(
        Received(raw="##0001x", peer="p", received_at=NOW, error=codec.Hj212Error("length_field", "x"))
    )

    sink = DjangoSink()

    def stored() -> list[tuple]:
        rows = sorted(Measurement.objects.values_list(*MEASUREMENT_COLUMNS))
        rows += sorted(RawPacket.objects.values_list(*PACKET_COLUMNS), key=repr)
        Measurement.objects.all().delete()
        RawPacket.objects.all().delete()
        return rows

    sink.commit(sink.prepare(batch))
    lean = stored()
    packets, measurements, splits = batch_rows(batch, pg_time)
    sink.commit(Rows([], [], splits, copy_text(batch, packets, measurements)))
    assert lean == stored()
    assert len(lean) > 200
