"""`gongkai hj212 decode|encode` contract (issue 16)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from gongkai.sources.apps import SourcesConfig
from gongkai.sources.cli import hj212
from tests.sources import samples

KEYS = {
    "ok",
    "error",
    "qn",
    "st",
    "cn",
    "pw",
    "mn",
    "flag",
    "pnum",
    "pno",
    "cp",
    "values",
    "normalized_codes",
}


def run(args, stdin: bytes = b""):
    return CliRunner().invoke(hj212, args, input=stdin)


def test_decode_every_valid_sample_from_stdin_exits_0():
    lines = "\r\n".join(samples.VALID.values()) + "\r\n"
    result = run(["decode"], lines.encode())
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert len(objects) == len(samples.VALID)
    assert all(set(obj) == KEYS and obj["ok"] and obj["error"] is None for obj in objects)
    s1 = objects[list(samples.VALID).index("S1")]
    assert s1["values"]["a21005"] == {"Rtd": "0.00", "Flag": "N"}
    assert s1["cp"] == {"DataTime": "20191012133710"}
    assert (s1["qn"], s1["st"], s1["cn"], s1["pw"], s1["mn"], s1["flag"], s1["pnum"], s1["pno"]) == (
        "20191012133710130",
        "22",
        "2011",
        "123456",
        "Y80110010000010",
        "4",
        None,
        None,
    )
    assert s1["normalized_codes"] == {}


def test_decode_a_bad_packet_reports_its_reason_and_exits_1(tmp_path):
    path = tmp_path / "packets.txt"
    path.write_text(
        samples.S0 + "\n\n" + samples.S2 + "\n" + samples.with_crc(samples.S3) + "\n", encoding="utf-8"
    )
    result = run(["decode", str(path)])
    assert result.exit_code == 1
    first, second, third = (json.loads(line) for line in result.output.splitlines())
    assert first["ok"] is True
    assert second["ok"] is False and "CRC校验错误" in second["error"] and second["values"] is None
    assert third["ok"] is True and third["qn"] is None and third["flag"] is None
    assert third["normalized_codes"] == {"B01": "w00000", "011": "w01018", "060": "w21003"}


def test_decode_survives_invalid_utf8_and_binary_lines():
    result = run(["decode"], b"\xff\xfe##0001\x00\n" + samples.S0.encode() + b"\n")
    assert result.exit_code == 1
    bad, good = (json.loads(line) for line in result.output.splitlines())
    assert bad["ok"] is False and bad["error"]
    assert good["ok"] is True


def test_encode_from_options_decodes_back():
    result = run(
        [
            "encode",
            "--qn",
            "20240101120000000",
            "--st",
            "32",
            "--cn",
            "2061",
            "--mn",
            "MN01",
            "--flag",
            "5",
            "--cp",
            "DataTime=20240101110000;w01018-Avg=25.1,w01018-Flag=N",
        ]
    )
    assert result.exit_code == 0, result.output
    decoded = json.loads(run(["decode"], result.output.encode()).output)
    assert decoded["values"] == {"w01018": {"Avg": "25.1", "Flag": "N"}}
    assert decoded["cn"] == "2061" and decoded["flag"] == "5"


def test_encode_json_round_trips_decode_output():
    lines = "\n".join(samples.VALID.values()) + "\n"
    decoded = run(["decode"], lines.encode()).output
    encoded = run(["encode", "--json", "-"], decoded.encode())
    assert encoded.exit_code == 0, encoded.output
    assert [line.upper() for line in encoded.output.splitlines()] == [
        p.upper() for p in samples.VALID.values()
    ]


def test_encode_refuses_an_invalid_packet_in_chinese():
    result = run(["encode", "--mn", "MN01", "--st", "320"])
    assert result.exit_code == 2
    assert "无法生成报文" in result.output


def test_cli_group_is_declared_and_mounted():
    from gongkai.cli import main, registered_groups

    assert SourcesConfig.cli_groups == {"hj212": "gongkai.sources.cli:hj212"}
    assert registered_groups()["hj212"] == SourcesConfig.cli_groups["hj212"]
    result = CliRunner().invoke(main, ["hj212", "decode"], input=samples.S0)
    assert result.exit_code == 0 and json.loads(result.output)["cn"] == "1062"
