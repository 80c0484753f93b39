"""HJ 212-2017 codec against the real packets of hj212_samples.md and the standard's rules."""

from __future__ import annotations

from datetime import datetime

import pytest

from gongkai.sources.hj212 import codec
from gongkai.sources.hj212.codec import Hj212Error, Packet, decode, frame
from gongkai.sources.hj212.tables import DATA_FLAGS, OLD_CODES, POLLUTANTS, QN_RTN
from tests.sources import samples


def reject_code(packet) -> str:
    with pytest.raises(Hj212Error) as caught:
        decode(packet)
    assert caught.value.message.startswith(codec.REASONS[caught.value.code])
    return caught.value.code


# ---------------------------------------------------------------- Appendix A CRC
@pytest.mark.parametrize("name", sorted(samples.VALID))
def test_crc_of_every_valid_sample_matches_appendix_a(name):
    packet = samples.VALID[name]
    assert codec.crc_text(packet[6:-4].encode()) == packet[-4:].upper()


def test_standard_example_crc_is_1c80_not_the_prose_typo():
    assert codec.crc16(samples.S0[6:-4].encode()) == 0x1C80


def test_modbus_crc_would_reject_the_standard_example():
    def modbus(data: bytes) -> int:
        register = 0xFFFF
        for byte in data:
            register ^= byte
            for _ in range(8):
                register = (register >> 1) ^ 0xA001 if register & 1 else register >> 1
        return register

    assert modbus(samples.S0[6:-4].encode()) != 0x1C80


@pytest.mark.parametrize(("name", "expected"), [(k, v[1]) for k, v in sorted(samples.BAD_CRC.items())])
def test_samples_with_a_wrong_crc_are_rejected_naming_the_computed_value(name, expected):
    with pytest.raises(Hj212Error) as caught:
        decode(samples.BAD_CRC[name][0])
    assert caught.value.code == "crc"
    assert expected in caught.value.message
    assert "CRC校验错误" in caught.value.message


def test_lower_case_crc_is_accepted():
    assert samples.S1.endswith("cc01")
    assert decode(samples.S1).cn == "2011"


def test_crlf_terminated_packet_decodes():
    assert decode(samples.S0 + "\r\n").qn == "20160801085857223"
    assert decode((samples.S0 + "\r\n").encode()).qn == "20160801085857223"


# ---------------------------------------------------------------- samples parse
def test_s0_standard_example():
    packet = decode(samples.S0)
    assert (packet.qn, packet.st, packet.cn, packet.pw, packet.mn, packet.flag) == (
        "20160801085857223",
        "32",
        "1062",
        "100000",
        "010000A8900016F000169DC0",
        "5",
    )
    assert packet.version == codec.VERSION_2017
    assert packet.ack_requested and not packet.is_split
    assert packet.cp == {"RtdInterval": "30"}
    assert packet.values == {}


def test_s1_air_real_time_data():
    packet = decode(samples.S1)
    assert packet.st == "22" and packet.flag == "4" and not packet.ack_requested
    assert packet.data_time == datetime(2019, 10, 12, 13, 37, 10)
    assert packet.cp == {"DataTime": "20191012133710"}
    assert packet.values == {
        "a21005": {"Rtd": "0.00", "Flag": "N"},
        "a21004": {"Rtd": "0.00", "Flag": "N"},
        "a21007": {"Rtd": "0.033", "Flag": "N"},
        "a21006": {"Rtd": "0.036", "Flag": "N"},
        "a21001": {"Rtd": "25.40", "Flag": "N"},
        "a21003": {"Rtd": "101.94", "Flag": "N"},
        "a21002": {"Rtd": "49.20", "Flag": "N"},
    }
    assert packet.unknown_codes == ["a21007", "a21006"]  # not in Table B.2
    assert packet.normalized_codes == {}


def test_s5_and_s6_nonstandard_codes_pass_through_flagged_as_unknown():
    five, four = decode(samples.S5), decode(samples.S6)
    assert five.values["a2106"] == {"Rtd": "0.036", "Flag": "N"}
    assert four.values["a213"] == {"Rtd": "101.94", "Flag": "N"}
    assert set(five.unknown_codes) == set(five.values)
    assert set(four.unknown_codes) == set(four.values)


def test_s8_surface_water_with_undefined_version_bits_is_accepted():
    packet = decode(samples.S8)
    assert packet.flag == "8" and packet.version == 2 and packet.version_label == "未定义版本2"
    assert not packet.ack_requested
    assert packet.values["w21003"] == {"Rtd": "0.09055002", "Flag": "N"}
    assert packet.values["w01014"]["Rtd"] == "1425"
    assert len(packet.values) == 11
    assert packet.unknown_codes == ["w01003", "w01008"]


def test_s3_2005_packet_behind_its_bad_crc_normalises_old_codes():
    packet = decode(samples.with_crc(samples.S3))
    assert packet.qn is None and packet.flag is None
    assert packet.version == codec.VERSION_2005 and packet.version_label == "HJ/T 212-2005"
    assert packet.values == {
        "B01": {"Rtd": "36.91"},
        "011": {"Rtd": "231.0", "Flag": "N"},
        "060": {"Rtd": "1.803", "Flag": "N"},
    }
    assert packet.normalized_codes == {"B01": "w00000", "011": "w01018", "060": "w21003"}
    assert packet.normalized_values() == {
        "w00000": {"Rtd": "36.91"},
        "w01018": {"Rtd": "231.0", "Flag": "N"},
        "w21003": {"Rtd": "1.803", "Flag": "N"},
    }
    assert packet.unknown_codes == []


def test_s7_split_minute_data_behind_its_bad_crc():
    packet = decode(samples.with_crc(samples.S7))
    assert (packet.pnum, packet.pno, packet.flag) == ("0002", "0002", None)
    assert packet.is_split
    assert packet.values["a01006"] == {
        "Avg": "101.85",
        "Min": "101.84",
        "Max": "101.87",
        "ValidNum": "10",
        "TotalNum": "10",
    }


def test_s4_duplicate_pollutant_field_is_refused_behind_its_bad_crc():
    assert reject_code(samples.with_crc(samples.S4)) == "duplicate_field"


def test_s2_behind_its_bad_crc_parses_the_nonstandard_o3_code():
    packet = decode(samples.with_crc(samples.S2))
    assert packet.values["O3"] == {"Rtd": "63.400", "Flag": "N"}
    assert "O3" in packet.unknown_codes


def test_appendix_c_replies_parse():
    assert decode(samples.C9011).cp == {"QnRtn": "1"}
    assert decode(samples.C9012).cp == {"ExeRtn": "1"}
    reply = decode(samples.C9014)
    assert reply.cp == {} and reply.values == {} and reply.st == "91"


# ---------------------------------------------------------------- replies
def _request(qn: str, flag: str = "5") -> Packet:
    return Packet(qn=qn, st="32", cn="2011", pw="123456", mn="010000A8900016F000169DC0", flag=flag)


def test_data_reply_9014_equals_appendix_c_frame():
    reply = codec.reply_data(_request("20160801090000001"))
    assert reply == (samples.C9014 + "\r\n").encode()


def test_request_reply_9011_and_execution_reply_9012_equal_appendix_c_frames():
    request = _request("20160801085857223")
    assert codec.reply_request(request, 1) == (samples.C9011 + "\r\n").encode()
    assert codec.reply_execution(request, 1) == (samples.C9012 + "\r\n").encode()


def test_reply_to_2005_packet_has_no_flag_and_no_qn():
    request = Packet(st="32", cn="2011", pw="123456", mn="LD130133000015")
    reply = decode(codec.reply_data(request))
    assert reply.flag is None and reply.qn is None and reply.cn == "9014"


@pytest.mark.parametrize(
    ("reason", "rtn"),
    [("password", 3), ("unknown_mn", 4), ("st", 5), ("flag", 6), ("qn", 7), ("cn", 8), ("crc", 9)],
)
def test_refusal_reason_maps_to_table_7_return_code(reason, rtn):
    assert codec.QN_RTN_FOR_REASON[reason] == rtn
    assert rtn in QN_RTN


# ---------------------------------------------------------------- flag bits
@pytest.mark.parametrize(
    ("flag", "version", "split", "ack"),
    [
        ("0", 0, False, False),
        ("1", 0, False, True),
        ("4", 1, False, False),
        ("5", 1, False, True),
        ("6", 1, True, False),
        ("7", 1, True, True),
        ("8", 2, False, False),
        ("255", 63, True, True),
    ],
)
def test_flag_bits_version_split_ack(flag, version, split, ack):
    extra = "PNUM=2;PNO=1;" if split else ""
    packet = decode(frame(f"QN=20200101000000000;ST=32;CN=2011;PW=1;MN=M1;Flag={flag};{extra}CP=&&&&"))
    assert (packet.version, packet.is_split, packet.ack_requested) == (version, split, ack)


def test_data_flags_table_8():
    assert set(DATA_FLAGS) == set("NFMSDCTB")
    assert codec.describe_flag("N") == "正常"
    assert codec.describe_flag("D") == "故障"
    assert codec.describe_flag("Z") == "未定义标记Z"


# ---------------------------------------------------------------- rejects, one per rule
GOOD = (
    "QN=20200101120000000;ST=32;CN=2011;PW=123456;MN=MN0001;Flag=4;"
    "CP=&&DataTime=20200101120000;w01018-Rtd=12.5,w01018-Flag=N&&"
)


@pytest.mark.parametrize(
    ("segment", "code"),
    [
        (GOOD.replace("QN=20200101120000000", "QN=2020010112000000"), "qn"),
        (GOOD.replace("QN=20200101120000000", "QN=2020010112000000a"), "qn"),
        (GOOD.replace("ST=32", "ST=3"), "st"),
        (GOOD.replace("ST=32", "ST=3a"), "st"),
        (GOOD.replace("CN=2011", "CN=201"), "cn"),
        (GOOD.replace("CN=2011", "CN=20x1"), "cn"),
        (GOOD.replace("PW=123456", "PW="), "pw"),
        (GOOD.replace("MN=MN0001", "MN="), "mn"),
        (GOOD.replace("MN=MN0001", "MN=" + "A" * 25), "mn"),
        (GOOD.replace("MN=MN0001", "MN=设备1"), "mn"),
        (GOOD.replace("Flag=4", "Flag=256"), "flag"),
        (GOOD.replace("Flag=4", "Flag=-1"), "flag"),
        (GOOD.replace("Flag=4", "Flag=6"), "split"),
        (GOOD.replace("Flag=4", "Flag=6;PNUM=2;PNO=3"), "split"),
        (GOOD.replace("Flag=4", "Flag=6;PNUM=2;PNO=0"), "split"),
        (GOOD.replace("Flag=4", "Flag=6;PNUM=2"), "split"),
        (GOOD.replace("Flag=4", "Flag=6;PNUM=x;PNO=1"), "split"),
        (GOOD.replace("ST=32;", ""), "missing_field"),
        (GOOD.replace("PW=123456;", ""), "missing_field"),
        (GOOD.replace("CN=2011", "CN=2011;CN=2011"), "duplicate_field"),
        (GOOD.replace("Flag=4", "Flag=4;XX=1"), "unknown_field"),
        (GOOD.replace("Flag=4;", "Flag4;"), "format"),
        (GOOD.replace("Flag=4;CP", "Flag=4 CP"), "cp"),
        (GOOD.replace(";CP=&&", ";CP=&"), "cp"),
        (GOOD[:-2], "cp"),
        (GOOD.replace("DataTime=20200101120000", "DataTime=2020010112000"), "time"),
        (GOOD.replace("DataTime=20200101120000", "DataTime=20200230120000"), "time"),
        (GOOD.replace("w01018-Rtd=12.5", "w01018-Rtd=12,5"), "cp_field"),
        (GOOD.replace("w01018-Rtd=12.5", "w01018-Rtd=abc"), "value"),
        (GOOD.replace("w01018-Rtd=12.5", "w01018-Rtd=-"), "value"),
        (GOOD.replace("w01018-Rtd=12.5", "w01018-Rtd=NaN"), "value"),
        (GOOD.replace("w01018-Rtd=12.5", "-Rtd=12.5"), "cp_field"),
        (GOOD.replace("w01018-Rtd=12.5", "w01018-=12.5"), "cp_field"),
        (GOOD.replace("w01018-Flag=N", "w01018-Rtd=1"), "duplicate_field"),
        (
            GOOD.replace("DataTime=20200101120000", "DataTime=20200101120000;DataTime=20200101120000"),
            "duplicate_field",
        ),
        (GOOD.replace("DataTime", "Data Time"), "cp_field"),
        (GOOD.replace("MN0001", "MN\x000001"), "control_char"),
        (GOOD.replace("w01018-Flag=N", "w01018-SampleTime=2020"), "time"),
    ],
)
def test_each_rule_has_its_reject_reason(segment, code):
    assert reject_code(frame(segment)) == code


def test_good_segment_decodes():
    packet = decode(frame(GOOD))
    assert packet.values == {"w01018": {"Rtd": "12.5", "Flag": "N"}}


@pytest.mark.parametrize("value", ["0", "-1.5", "+3", "1.", ".5", "1e-3", "2.5E+4", "00012"])
def test_numbers_as_devices_write_them_are_accepted(value):
    assert decode(frame(GOOD.replace("12.5", value))).values["w01018"]["Rtd"] == value


def test_empty_value_of_a_faulty_instrument_is_accepted():
    packet = decode(frame(GOOD.replace("w01018-Rtd=12.5,w01018-Flag=N", "w01018-Rtd=,w01018-Flag=D")))
    assert packet.values["w01018"] == {"Rtd": "", "Flag": "D"}


def test_qn_of_a_logger_with_a_wrong_clock_is_accepted():
    assert decode(frame(GOOD.replace("QN=20200101120000000", "QN=00000000000000000"))).qn == "0" * 17


def test_empty_cp_items_are_tolerated():
    packet = decode(frame(GOOD.replace("&&DataTime", "&&;DataTime").replace("=N&&", "=N;&&")))
    assert packet.values["w01018"]["Flag"] == "N"


def test_fields_in_any_order_and_chinese_text_in_cp():
    segment = "MN=M1;PW=p;CN=3020;ST=32;CP=&&DataTime=20200101120000;PolId=w01018;i13001-Info=南门排口&&"
    packet = decode(frame(segment))
    assert packet.values["i13001"] == {"Info": "南门排口"}
    assert packet.cp["PolId"] == "w01018"


@pytest.mark.parametrize(
    ("packet", "code"),
    [
        ("", "header"),
        ("#0101" + samples.S0[6:], "header"),
        ("##01a1" + samples.S0[6:], "length_field"),
        ("##0102" + samples.S0[6:], "length_mismatch"),
        ("##0100" + samples.S0[6:], "length_mismatch"),
        ("##01", "length_field"),
        ("##0101", "length_mismatch"),
        ("##0101QN", "length_mismatch"),
        ("##9999" + "x" * 9999 + "0000", "too_long"),
        (samples.S0[:-4] + "1C8G", "crc"),
        (samples.S0[:-4] + "1C81", "crc"),
    ],
)
def test_framing_rejects(packet, code):
    assert reject_code(packet) == code


def test_length_counts_utf8_bytes_not_characters():
    segment = GOOD.replace("CP=&&", "CP=&&Info=排口;")
    packet = frame(segment)
    assert int(packet[2:6]) == len(segment.encode("utf-8")) > len(segment)
    assert decode(packet).cp["Info"] == "排口"


def test_segment_of_1024_bytes_frames_and_1025_does_not():
    base = frame(GOOD)
    pad = 1024 - (len(base) - codec.OVERHEAD) - len(";X=")
    segment = GOOD.replace("CP=&&", f"CP=&&X={'1' * pad};")
    assert len(segment.encode()) == 1024
    assert decode(frame(segment)).cp["X"] == "1" * pad
    with pytest.raises(Hj212Error) as caught:
        frame(segment.replace("X=", "X=1"))
    assert caught.value.code == "too_long"


def test_invalid_utf8_is_rejected():
    body = b"QN=20200101120000000;ST=32;CN=2011;PW=1;MN=M1;CP=&&X=\xff&&"
    packet = b"##%04d%s%s" % (len(body), body, codec.crc_text(body).encode())
    assert reject_code(packet) == "encoding"


# ---------------------------------------------------------------- encoder
def test_encode_builds_the_standard_order_and_round_trips():
    packet = decode(samples.S1)
    assert codec.encode(packet).decode().rstrip("\r\n") == samples.S1[:-4] + "CC01"


def test_encode_refuses_an_invalid_packet():
    with pytest.raises(Hj212Error):
        codec.encode(Packet(st="320", cn="2011", pw="1", mn="M"))


def test_tables_old_codes_map_into_the_2017_table():
    assert set(OLD_CODES.values()) <= set(POLLUTANTS)
    assert len(set(OLD_CODES.values())) == len(OLD_CODES)
    assert OLD_CODES["011"] == "w01018" and OLD_CODES["060"] == "w21003" and OLD_CODES["B01"] == "w00000"
    assert OLD_CODES["02"] == "a21026" and OLD_CODES["01"] == "a34013"


def test_data_reply_is_the_generic_reply():
    for wire in (samples.S1, samples.with_crc(samples.S3)):
        packet = codec.decode(wire)
        assert codec.reply_data(packet) == codec._reply(packet, "9014", {})
