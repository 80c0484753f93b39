"""FrameReader over a TCP byte stream and the split-packet Reassembler."""

from __future__ import annotations

import pytest

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Frame, FrameError, FrameReader, Packet, Reassembler, decode
from tests.sources import samples

WIRE = [(samples.VALID[name] + "\r\n").encode() for name in ("S0", "S1", "S5", "S8")]


def frames(events):
    return [event.raw for event in events if isinstance(event, Frame)]


def errors(events):
    return [event.error.code for event in events if isinstance(event, FrameError)]


def test_pipelined_packets_in_one_read():
    reader = FrameReader()
    assert frames(reader.feed(b"".join(WIRE))) == WIRE
    assert reader.pending == 0


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, 500])
def test_packets_split_over_reads_of_any_size(size):
    stream = b"".join(WIRE)
    reader = FrameReader()
    got = []
    for start in range(0, len(stream), size):
        events = reader.feed(stream[start : start + size])
        assert not errors(events)
        got += frames(events)
    assert got == WIRE


def test_garbage_before_a_header_is_skipped_and_reported_once():
    reader = FrameReader()
    events = reader.feed(b"hello\x00world" + WIRE[0] + b"\r\n\r\n" + WIRE[1])
    assert frames(events) == WIRE[:2]
    assert errors(events) == ["garbage"]


def test_a_lone_hash_at_the_end_waits_for_the_rest_of_the_header():
    reader = FrameReader()
    assert frames(reader.feed(b"junk#")) == []
    assert frames(reader.feed(WIRE[0][1:])) == [WIRE[0]]


def test_bad_crc_drops_only_that_packet_and_keeps_its_segment_for_the_reply():
    reader = FrameReader()
    bad = (samples.S2 + "\r\n").encode()
    events = reader.feed(WIRE[0] + bad + WIRE[1])
    assert frames(events) == [WIRE[0], WIRE[1]]
    (error,) = [event for event in events if isinstance(event, FrameError)]
    assert error.error.code == "crc" and "2D00" in error.error.message
    assert codec.parse_segment(error.segment).mn == "Y80110010000010"


def test_declared_length_over_1024_is_refused_and_reading_resumes():
    reader = FrameReader()
    events = reader.feed(b"##1025" + b"A" * 50 + WIRE[0])
    assert errors(events)[0] == "too_long"
    assert frames(events) == [WIRE[0]]


def test_non_digit_length_resyncs():
    reader = FrameReader()
    events = reader.feed(b"##12x4QN=1" + WIRE[1])
    assert errors(events)[0] == "length_field"
    assert frames(events) == [WIRE[1]]


def test_declared_length_too_short_misses_the_crlf_and_resyncs():
    wrong = WIRE[0].replace(b"##0101", b"##0090", 1)
    reader = FrameReader()
    events = reader.feed(wrong + WIRE[1])
    assert errors(events) == ["trailer"]
    assert frames(events) == [WIRE[1]]


def test_declared_length_too_long_is_noticed_when_the_next_packet_arrives():
    wrong = WIRE[0].replace(b"##0101", b"##0500", 1)
    reader = FrameReader()
    events = reader.feed(wrong + WIRE[1])
    assert errors(events) == ["length_mismatch"]
    assert frames(events) == [WIRE[1]]


def test_memory_stays_bounded_under_endless_garbage():
    reader = FrameReader()
    for _ in range(1000):
        reader.feed(b"x" * 4096)
        assert reader.pending <= 1
    for _ in range(10):
        reader.feed(b"##1000" + b"y" * 100)
    assert reader.pending <= codec.MAX_FRAME_LENGTH + 4096


# ---------------------------------------------------------------- reassembly
def part(pno: int, pnum: int = 3, **values) -> Packet:
    return Packet(
        qn="20200101120000000",
        st="31",
        cn="2051",
        pw="123456",
        mn="MN1",
        flag="7",
        pnum=str(pnum),
        pno=str(pno),
        cp={"DataTime": "20200101120000"},
        values={code: {"Avg": str(value), "Flag": "N"} for code, value in values.items()},
    )


def test_parts_in_any_order_join_into_one_packet():
    reassembler = Reassembler()
    assert reassembler.add(part(3, a21026=3)) is None
    assert reassembler.add(part(1, a21002=1)) is None
    assert reassembler.add(part(1, a21002=1)) is None  # a resent part changes nothing
    whole = reassembler.add(part(2, a34013=2))
    assert whole is not None and len(reassembler) == 0
    assert (whole.pnum, whole.pno, whole.flag) == (None, None, "5")
    assert list(whole.values) == ["a21002", "a34013", "a21026"]
    assert whole.cp == {"DataTime": "20200101120000"}
    assert decode(codec.encode(whole)) == whole


def test_unsplit_packets_pass_through():
    packet = decode(samples.S1)
    assert Reassembler().add(packet) is packet


def test_incomplete_groups_expire_and_the_group_count_is_capped():
    reassembler = Reassembler(max_groups=2, max_age=10)
    reassembler.add(part(1), now=0)
    reassembler.add(Packet(**{**part(1).__dict__, "qn": "20200101120000001"}), now=5)
    reassembler.add(Packet(**{**part(1).__dict__, "qn": "20200101120000002"}), now=6)
    assert len(reassembler) == 2
    assert reassembler.expire(now=16) == 1
    assert len(reassembler) == 1


def test_join_parts_refuses_a_gap():
    with pytest.raises(codec.Hj212Error) as caught:
        codec.join_parts([part(1), part(3)])
    assert caught.value.code == "reassembly"
