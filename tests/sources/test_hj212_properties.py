"""Properties of the codec: encode/decode round-trip, and no input makes the decoder raise anything
but Hj212Error (issue 16: fuzzed, each bad frame rejected with a reason)."""

from __future__ import annotations

from datetime import datetime

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Frame, FrameError, FrameReader, Hj212Error, Packet
from tests.sources import samples

SAFE = st.text(
    alphabet=st.characters(
        min_codepoint=0x20,
        max_codepoint=0x9FFF,
        blacklist_characters=";,=&-\x7f",
        blacklist_categories=("Cs",),
    ),
    min_size=1,
    max_size=12,
)
NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True)
CODE = st.from_regex(r"[A-Za-z0-9_]{1,7}", fullmatch=True)
NUMBER = st.from_regex(r"[+-]?[0-9]{1,6}(\.[0-9]{0,4})?", fullmatch=True)
TIME = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda moment: moment.strftime("%Y%m%d%H%M%S")
)


@st.composite
def packets(draw) -> Packet:
    split = draw(st.booleans())
    pnum = draw(st.integers(1, 9999)) if split else None
    flag = draw(st.none() | st.integers(0, 255).map(lambda f: f | 2 if split else f & ~2))
    cp = draw(st.dictionaries(NAME.filter(lambda n: n not in codec.TIME_FIELDS), SAFE, max_size=3))
    if draw(st.booleans()):
        cp["DataTime"] = draw(TIME)
    values = draw(
        st.dictionaries(
            CODE,
            st.dictionaries(
                st.sampled_from(["Rtd", "Avg", "Min", "Max", "Cou", "ZsAvg"]), NUMBER, min_size=1
            ).flatmap(lambda fields: st.just(fields) | st.just({**fields, "Flag": "N"})),
            max_size=6,
        )
    )
    return Packet(
        qn=draw(st.none() | TIME.map(lambda t: t + "123")),
        st=draw(st.from_regex(r"[0-9A-Z]{2}", fullmatch=True)),
        cn=draw(st.from_regex(r"[0-9]{4}", fullmatch=True)),
        pw=draw(SAFE),
        mn=draw(st.from_regex(r"[0-9A-Za-z_.\-]{1,24}", fullmatch=True)),
        flag=None if flag is None else str(flag),
        pnum=None if pnum is None else str(pnum),
        pno=None if pnum is None else str(draw(st.integers(1, pnum))),
        cp=cp,
        values=values,
    )


@settings(max_examples=300, deadline=None)
@given(packets())
def test_decode_of_encode_is_identity(packet):
    try:
        wire = codec.encode(packet)
    except Hj212Error as error:
        assume(error.code != "too_long")
        raise
    assert codec.decode(wire) == packet
    assert codec.decode(wire.decode("utf-8")) == packet
    reader = FrameReader()
    (event,) = reader.feed(wire)
    assert isinstance(event, Frame) and codec.parse_segment(event.segment) == packet


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=1200))
def test_arbitrary_bytes_never_raise_anything_but_the_codec_error(data):
    try:
        codec.decode(data)
    except Hj212Error as error:
        assert error.code in codec.REASONS and error.message


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted(samples.VALID.values())), st.data())
def test_mutated_real_packets_decode_or_are_rejected_with_a_reason(packet, data):
    raw = bytearray(packet.encode())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    try:
        codec.decode(bytes(raw))
    except Hj212Error as error:
        assert error.code in codec.REASONS


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_segments_parse_or_are_rejected_with_a_reason(segment):
    try:
        codec.parse_segment(segment)
    except Hj212Error as error:
        assert error.code in codec.REASONS


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=20))
def test_frame_reader_never_raises_on_arbitrary_chunks(chunks):
    reader = FrameReader()
    for chunk in chunks:
        for event in reader.feed(chunk):
            assert isinstance(event, Frame | FrameError)
        assert reader.pending <= codec.MAX_FRAME_LENGTH + 300


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(sorted(samples.VALID.values())), st.binary(max_size=20)), max_size=8),
    st.integers(1, 97),
)
def test_every_frame_survives_garbage_without_hashes_and_any_chunking(items, size):
    stream = b"".join(garbage.replace(b"#", b"") + (packet + "\r\n").encode() for packet, garbage in items)
    reader = FrameReader()
    got = []
    for start in range(0, len(stream), size):
        got += [event.raw for event in reader.feed(stream[start : start + size]) if isinstance(event, Frame)]
    assert got == [(packet + "\r\n").encode() for packet, _garbage in items]


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=1100))
def test_table_crc_equals_the_appendix_a_bitwise_algorithm(data):
    assert codec.crc16(data) == codec.crc16_bitwise(data)
