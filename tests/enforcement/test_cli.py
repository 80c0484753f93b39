"""`gongkai inspections draw --pool POOL.csv --count K --seed HEX` (issue 17): the drawn rows in rank
order with the pool's header; every bad input exits 2 with a Chinese message and prints nothing."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.enforcement.cli import inspections

SEED = "c0ffee00112233445566778899aabbccddeeff0123456789abcdef0123456789"
CJK = re.compile(r"[\u4e00-\u9fff]")
HEADER = "category,id,name,district"
ROWS = [
    "重点,U01,示例市热电有限公司,城东区",
    '重点,U02,"示例市化工厂, 二分厂",城西区',
    "一般,U03,示例市污水处理厂,城南区",
    "一般,U04,示例市印染有限公司,城北区",
    "特殊,U05,示例市医疗废物处置中心,城东区",
    '一般,U06,"带""引号""的公司",城西区',
]


def expected_order(ids: list[str], seed_hex: str = SEED) -> list[str]:
    key = bytes.fromhex(seed_hex)
    return sorted(ids, key=lambda i: hmac.new(key, i.encode("utf-8"), hashlib.sha256).hexdigest())


@pytest.fixture
def run(tmp_path: Path):
    def invoke(text: str | bytes, *options: str):
        path = tmp_path / "pool.csv"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return CliRunner().invoke(inspections, ["draw", "--pool", str(path), *options])

    return invoke


def pool_text(rows=ROWS, header=HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_drawn_rows_come_in_rank_order_with_the_same_header_and_every_column():
    order = expected_order([f"U0{n}" for n in range(1, 7)])
    by_id = {row.split(",")[1]: row for row in ROWS}
    result = CliRunner().invoke(
        inspections, ["draw", "--pool", "-", "--count", "3", "--seed", SEED], input=pool_text()
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == pool_text([by_id[i] for i in order[:3]])
    assert result.stderr == ""


def test_rank_order_does_not_depend_on_the_row_order(run):
    forward = run(pool_text(), "--count", "6", "--seed", SEED)
    backward = run(pool_text(list(reversed(ROWS))), "--count", "6", "--seed", SEED)
    assert forward.exit_code == backward.exit_code == 0
    assert forward.stdout == backward.stdout


def test_re_running_a_draw_from_its_seed_gives_the_same_rows(run):
    first = run(pool_text(), "--count", "4", "--seed", SEED)
    again = run(pool_text(), "--count", "4", "--seed", SEED.upper())
    other = run(pool_text(), "--count", "4", "--seed", "00" * 32)
    assert first.stdout == again.stdout
    assert first.stdout != other.stdout


@pytest.mark.parametrize("count", ["0", "6"])
def test_count_edges_none_and_the_whole_pool(run, count):
    result = run(pool_text(), "--count", count, "--seed", SEED)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + int(count)
    assert result.stdout.splitlines()[0] == HEADER


def test_bom_is_accepted_and_not_written(run):
    result = run(b"\xef\xbb\xbf" + pool_text().encode("utf-8"), "--count", "1", "--seed", SEED)
    assert result.exit_code == 0
    assert result.stdout.startswith(HEADER + "\n")


def test_id_only_pool_and_crlf_input(run):
    result = run("id\r\nb\r\na\r\n\r\nc\r\n", "--count", "3", "--seed", SEED)
    assert result.exit_code == 0
    assert result.stdout == "id\n" + "".join(f"{i}\n" for i in expected_order(["a", "b", "c"]))


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        (pool_text([*ROWS, "一般,U03,重复的公司,城南区"]), ("--count", "1"), "第8行的id“U03”与第4行重复"),
        (pool_text(), ("--count", "7"), "抽取数量7大于名录中的对象数6"),
        (pool_text(), ("--count", "-1"), "抽取数量“-1”无效"),
        (pool_text(), ("--count", "two"), "抽取数量“two”无效"),
        (pool_text(header="category,编号,name,district"), ("--count", "1"), "表头缺少“id”列"),
        (pool_text(header="id,id,name,district"), ("--count", "1"), "多个“id”列"),
        (pool_text([*ROWS, "一般,,无编号公司,城南区"]), ("--count", "1"), "第8行的id为空"),
        (pool_text([*ROWS, "一般, ,空白编号,城南区"]), ("--count", "1"), "第8行的id为空"),
        (pool_text([*ROWS, "一般,U09,多一列,城南区,x"]), ("--count", "1"), "第8行有5列"),
        ("", ("--count", "0"), "为空，缺少表头"),
        (b"id\n\xff\xfe\n", ("--count", "1"), "不是UTF-8编码"),
    ],
)
def test_bad_pool_or_count_exits_2_in_chinese_with_nothing_on_stdout(run, text, options, message):
    result = run(text, *options, "--seed", SEED)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and CJK.search(result.stderr)


@pytest.mark.parametrize("seed", ["xyz", "abc", "0xabcd", "ab cd", "ＡＢ"])
def test_a_seed_that_is_not_hex_exits_2(run, seed):
    result = run(pool_text(), "--count", "1", "--seed", seed)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "随机种子" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["draw", "--count", "1", "--seed", SEED], "--pool"),
        (["draw", "--pool", "/nonexistent/pool.csv", "--count", "1", "--seed", SEED], "无法读取名录文件"),
        (["draw", "--pool", "-", "--seed", SEED], "--count"),
        (["draw", "--pool", "-", "--count", "1"], "--seed"),
    ],
)
def test_missing_options_and_files_exit_2_in_chinese(arguments, message):
    result = CliRunner().invoke(inspections, arguments, input=pool_text())
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and CJK.search(result.stderr)


def test_commit_prints_the_pool_digest_and_the_seed_commitment(run, tmp_path):
    (tmp_path / "pool.csv").write_text(pool_text(list(reversed(ROWS))), encoding="utf-8")
    result = CliRunner().invoke(inspections, ["commit", "--pool", str(tmp_path / "pool.csv"), "--seed", SEED])
    ids = sorted(f"U0{n}" for n in range(1, 7))
    assert result.exit_code == 0
    assert result.stdout == (
        f"pool_sha256={hashlib.sha256(''.join(i + chr(10) for i in ids).encode()).hexdigest()}\n"
        f"seed_sha256={hashlib.sha256(bytes.fromhex(SEED)).hexdigest()}\n"
    )


def test_the_gongkai_command_mounts_the_group():
    from gongkai.cli import main

    result = CliRunner().invoke(
        main, ["inspections", "draw", "--pool", "-", "--count", "1", "--seed", SEED], input="id\nA\n"
    )
    assert result.exit_code == 0
    assert result.stdout == "id\nA\n"


def test_the_app_declares_its_command_group_where_gongkai_cli_finds_it():
    import importlib

    from gongkai.cli import registered_groups
    from gongkai.enforcement.apps import EnforcementConfig

    assert EnforcementConfig.cli_groups == {"inspections": "gongkai.enforcement.cli:inspections"}
    assert registered_groups()["inspections"] == EnforcementConfig.cli_groups["inspections"]
    module_name, attribute = EnforcementConfig.cli_groups["inspections"].split(":")
    assert getattr(importlib.import_module(module_name), attribute) is inspections
