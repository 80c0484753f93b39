"""The receiver's fast paths give what the general code gives: the parser's regular-expression path
(``codec._parse_fast``) against ``parse_segment_general``, and the COPY text of a batch against its
rows (issue 16 throughput work; bench/bench_hj212.py)."""

from __future__ import annotations

import random
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
    pg_time,
    received,
)
from gongkai.sources.hj212.simulate import Fleet
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
        assert fast == codec.parse_segment_general(segment)
        assert fast.values == codec.parse_segment_general(segment).values


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
    for segment in (duplicate, not_a_number, bad_time):
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
