"""`gongkai air aqi`: the CSV contract (exact output) and bad input (exit code 2, Chinese message per row)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gongkai.air.cli import air

HOURLY_HEADER = "station,time,so2,no2,co,o3,pm10,pm2_5,o3_8h"
APPENDED = "aqi,level,category,primary_pollutants,exceeding_pollutants"


@pytest.fixture
def run(tmp_path: Path):
    """run(csv_text, *options) → click Result; the CSV is written to a file (UTF-8) first."""

    def invoke(text: str | bytes, *options: str):
        path = tmp_path / "input.csv"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return CliRunner().invoke(air, ["aqi", *options, str(path)])

    return invoke


def test_hourly_rows_get_five_columns_and_the_standard_follows_the_time_column(run):
    result = run(
        f"{HOURLY_HEADER}\n"
        "城东,2026-02-28T23:00,5,20,0.5,30,80,75,40\n"
        "城东,2026-03-01T00:00,5,20,0.5,30,80,75,40\n"
        "城西,2026-03-01T00:00,,,,,,,\n"
        "城南,2026-03-01T00:00,5,,0.5,30,80,75,\n"
        "城北,2026-03-01 01:00,5,20,0.5,30,150,110,300\n",
        "--kind",
        "hourly",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{HOURLY_HEADER},{APPENDED}\n"
        "城东,2026-02-28T23:00,5,20,0.5,30,80,75,40,100,2,良,PM2.5,\n"  # HJ 633-2012: PM2.5 75 → 100
        "城东,2026-03-01T00:00,5,20,0.5,30,80,75,40,114,3,轻度污染,PM2.5,\n"  # HJ 633-2026: 114
        "城西,2026-03-01T00:00,,,,,,,,,,,,\n"  # nothing measured
        "城南,2026-03-01T00:00,5,,0.5,30,80,75,,114,3,轻度污染,PM2.5,\n"  # NO2 missing, AQI > 100: published
        "城北,2026-03-01 01:00,5,20,0.5,30,150,110,300,146,3,轻度污染,PM2.5,\n"  # o3_8h 300 is not in the AQI
    )
    assert result.stderr == ""


def test_2026_row_with_a_missing_indicator_and_aqi_up_to_100_has_empty_cells(run):
    result = run("so2,no2,co,o3,pm10,pm2_5\n5,,0.5,30,80,60\n5,20,0.5,30,80,60\n", "--kind", "hourly")
    assert result.stdout.splitlines()[1:] == ["5,,0.5,30,80,60,,,,,", "5,20,0.5,30,80,60,100,2,良,PM2.5,"]


def test_daily_2012_reports_exceeding_pollutants_and_uses_both_o3_indicators(run):
    result = run(
        "date,so2,no2,co,o3,pm10,pm2_5,o3_8h,o3_1h_max\n"
        "2025-12-01,10,30,0.8,,160,80,170,320\n"
        "2025-12-02,10,30,0.8,,60,30,90,150\n",
        "--kind",
        "daily",
        "--standard",
        "2012",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "2025-12-01,10,30,0.8,,160,80,170,320,160,4,中度污染,O3,O3;O3_8h;PM10;PM2.5",
        "2025-12-02,10,30,0.8,,60,30,90,150,55,2,良,PM10,",
    ]


def test_daily_2026_rounds_first_and_has_no_exceeding_pollutants(run):
    result = run(
        "time,so2,no2,co,pm10,pm2_5,o3_8h\n2026-06-01,10,30,2.45,60,34.5,90\n2026-06-02,10,30,0.8,200,120,90\n",
        "--kind",
        "daily",
    )
    assert result.stdout.splitlines()[1:] == [
        "2026-06-01,10,30,2.45,60,34.5,90,60,2,良,CO,",  # CO 2.45 → 2.4 → 60; PM2.5 34.5 → 34 → 49
        "2026-06-02,10,30,0.8,200,120,90,158,4,中度污染,PM2.5,",  # 150 + 50 × 5/35
    ]


def test_without_time_or_standard_hj_633_2026_applies(run):
    text = "pm2_5,so2,no2,co,o3,pm10\n75,5,20,0.5,30,80\n"
    assert run(text, "--kind", "hourly").stdout.splitlines()[1] == "75,5,20,0.5,30,80,114,3,轻度污染,PM2.5,"
    old = run(text, "--kind", "hourly", "--standard", "2012").stdout.splitlines()[1]
    assert old == "75,5,20,0.5,30,80,100,2,良,PM2.5,"


def test_an_hour_labelled_24_00_belongs_to_its_own_day(run):
    # ISO 8601 end of day: the hour ending 2026-02-28 24:00 is evaluated under HJ 633-2012.
    text = (
        "time,so2,no2,co,o3,pm10,pm2_5\n"
        "2026-02-28 24:00,5,20,0.5,30,80,75\n"
        "2026-02-28T24:00:00+08:00,5,20,0.5,30,80,75\n"
    )
    lines = run(text, "--kind", "hourly").stdout.splitlines()
    assert [line.rsplit(",", 5)[1] for line in lines[1:]] == ["100", "100"]


def test_with_the_standard_option_the_time_column_passes_through_unread(run):
    result = run(
        "time,so2,no2,co,o3,pm10,pm2_5\n2026/05/01,5,20,0.5,30,80,75\n",
        "--kind",
        "hourly",
        "--standard",
        "2026",
    )
    assert (
        result.exit_code == 0
        and result.stdout.splitlines()[1] == "2026/05/01,5,20,0.5,30,80,75,114,3,轻度污染,PM2.5,"
    )


def test_standard_option_wins_over_the_time_column(run):
    result = run(
        "time,so2,no2,co,o3,pm10,pm2_5\n2026-05-01,5,20,0.5,30,80,75\n",
        "--kind",
        "hourly",
        "--standard",
        "2012",
    )
    assert result.stdout.splitlines()[1].endswith(",100,2,良,PM2.5,")


def test_hourly_so2_above_800_under_2012_uses_the_optional_24h_column(run):
    header = "so2,no2,co,o3,pm10,pm2_5,so2_24h\n"
    with_24h = run(header + "900,20,0.5,30,40,20,475\n", "--kind", "hourly", "--standard", "2012")
    assert with_24h.stdout.splitlines()[1] == "900,20,0.5,30,40,20,475,150,3,轻度污染,SO2,SO2"
    without = run(header + "900,20,0.5,30,40,20,\n", "--kind", "hourly", "--standard", "2012")
    assert without.stdout.splitlines()[1] == "900,20,0.5,30,40,20,,40,1,优,,"
    new = run(header + "900,20,0.5,30,40,20,\n", "--kind", "hourly", "--standard", "2026")
    assert new.stdout.splitlines()[1] == "900,20,0.5,30,40,20,,200,4,中度污染,SO2,"


def test_other_columns_pass_through_unchanged_in_order_and_a_bom_is_tolerated(run):
    text = '\ufeff备注,pm10,so2,no2,co,o3,pm2_5,extra\n"含,逗号",20,1,2,0.1,3,4,"x""y"\n'
    result = run(text.encode("utf-8"), "--kind", "hourly")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f'备注,pm10,so2,no2,co,o3,pm2_5,extra,{APPENDED}\n"含,逗号",20,1,2,0.1,3,4,"x""y",20,1,优,,\n'
    )


def test_blank_cells_with_spaces_are_missing_and_padded_numbers_are_read(run):
    result = run("so2,no2,co,o3,pm10,pm2_5\n 5 , ,0.5,30,80,1e2\n", "--kind", "hourly", "--standard", "2012")
    assert result.stdout.splitlines()[1] == " 5 , ,0.5,30,80,1e2,132,3,轻度污染,PM2.5,PM2.5"


def test_reads_standard_input(tmp_path):
    result = CliRunner().invoke(
        air, ["aqi", "--kind", "hourly", "-"], input="so2,no2,co,o3,pm10,pm2_5\n1,2,0.1,3,4,5\n"
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "1,2,0.1,3,4,5,8,1,优,,"


def test_mounts_under_the_gongkai_group():
    gongkai = click.Group("gongkai")
    gongkai.add_command(air)
    result = CliRunner().invoke(gongkai, ["air", "aqi", "--help"])
    assert result.exit_code == 0 and "HJ 633-2026" in result.output


def test_runs_as_a_module(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("so2,no2,co,o3,pm10,pm2_5\n1,2,0.1,3,4,5\n", encoding="utf-8")
    command = [sys.executable, "-m", "gongkai.air.cli", "aqi", "--kind", "hourly", str(path)]
    done = subprocess.run(command, capture_output=True, check=False, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8").splitlines()[1] == "1,2,0.1,3,4,5,8,1,优,,"


# ---- bad input: exit code 2, a Chinese message naming the row, nothing on stdout
GOOD_HEADER = "so2,no2,co,o3,pm10,pm2_5"


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        (f"{GOOD_HEADER}\n1,2,0.1,3,4,5\n1,abc,0.1,3,4,5\n", (), "第3行：no2 的值“abc”不是数字"),
        (f"{GOOD_HEADER}\n1,2,0.1,3,4,nan\n", (), "第2行：pm2_5 的值“nan”不是数字"),
        (f"{GOOD_HEADER}\n1,2,0.1,3,inf,5\n", (), "第2行：pm10 的值“inf”不是数字"),
        (f"{GOOD_HEADER}\n1,2,0.1,3,4,5.5.5\n", (), "第2行：pm2_5 的值“5.5.5”不是数字"),
        (f"{GOOD_HEADER}\n1,2,0.1,3,4,1e400\n", (), "第2行：pm2_5 的值“1e400”超出数值范围"),
        (f"{GOOD_HEADER}\n1,2,-0.1,3,4,5\n", (), "第2行：co 为负数（-0.1），浓度不能为负"),
        (f"{GOOD_HEADER},o3_8h\n1,2,0.1,3,4,5,-8\n", (), "第2行：o3_8h 为负数（-8）"),
        (f"time,{GOOD_HEADER}\n2026/03/01,1,2,0.1,3,4,5\n", (), "第2行：time 的值“2026/03/01”不是 ISO 日期"),
        (f"time,{GOOD_HEADER}\n,1,2,0.1,3,4,5\n", (), "第2行：time 的值“”不是 ISO 日期"),
        ("so2,no2,co,o3,pm10\n1,2,0.1,3,4\n", (), "第1行：缺少必需的列：pm2_5（hourly 模式）"),
        ("SO2,no2,co,o3,pm10,pm2_5\n1,2,0.1,3,4,5\n", (), "缺少必需的列：so2"),
        (f"{GOOD_HEADER}\n1,2,0.1\n", (), "第2行：有 3 个字段，表头有 6 个"),
        (f"{GOOD_HEADER},pm2_5\n1,2,0.1,3,4,5,6\n", (), "第1行：列名重复：pm2_5"),
        ("", (), "文件为空，缺少表头"),
        (
            "so2,no2,co,pm10,pm2_5,o3_8h\n1,2,0.1,4,5,6\n",
            ("--standard", "2012"),
            "第2行：按 HJ 633-2012 计算日报需要 o3_1h_max 列",
        ),
        (
            f"{GOOD_HEADER}\n1,2,0.1,3,4,5\n",
            ("--standard", "2020"),
            "--standard 应为 2012 或 2026，而不是“2020”",
        ),
    ],
)
def test_bad_input_exits_2_with_the_row_and_reason(run, text, options, message):
    kind = "daily" if "o3_8h\n" in text and "o3," not in text else "hourly"
    result = run(text, "--kind", kind, *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_unknown_or_missing_kind_exits_2(run):
    unknown = run(f"{GOOD_HEADER}\n1,2,0.1,3,4,5\n", "--kind", "weekly")
    assert (unknown.exit_code, unknown.stderr.strip()) == (2, "--kind 应为 hourly 或 daily，而不是“weekly”")
    missing = run(f"{GOOD_HEADER}\n1,2,0.1,3,4,5\n")
    assert (missing.exit_code, missing.stderr.strip()) == (2, "缺少 --kind 选项，应为 hourly 或 daily")


def test_file_problems_exit_2(run, tmp_path):
    gbk = run("so2,no2,co,o3,pm10,pm2_5,站点\n1,2,0.1,3,4,5,城东\n".encode("gbk"), "--kind", "hourly")
    assert (gbk.exit_code, gbk.stderr.strip()) == (2, "文件不是 UTF-8 编码，请另存为 UTF-8 后重试")
    absent = CliRunner().invoke(air, ["aqi", "--kind", "hourly", str(tmp_path / "none.csv")])
    assert absent.exit_code == 2 and "文件不存在" in absent.stderr


def test_every_bad_row_is_counted_and_the_first_twenty_are_listed_in_line_order(run):
    rows = "".join(f"{i},x,0.1,3,4,{'-1' if i % 2 else '5'}\n" for i in range(30))
    result = run(f"{GOOD_HEADER}\n{rows}", "--kind", "hourly")
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and len(lines) == 21
    assert lines[0] == "第2行：no2 的值“x”不是数字"
    assert lines[1] == "第3行：no2 的值“x”不是数字"
    assert lines[2] == "第3行：pm2_5 为负数（-1），浓度不能为负"
    assert lines[-1] == "……共 45 处错误，仅列出前 20 处"


def test_a_record_spanning_lines_is_named_by_its_first_line(run):
    result = run(f'note,{GOOD_HEADER}\n"a\nb",1,2,0.1,3,4,5\n"c",1,2,0.1,3,4,y\n', "--kind", "hourly")
    assert result.stderr.strip() == "第4行：pm2_5 的值“y”不是数字"


def test_rows_pass_through_as_read_with_crlf_and_quoted_line_breaks(run):
    text = 'note,so2,no2,co,o3,pm10,pm2_5\r\n"a\r\nb",1,2,0.1,3,4,75\r\n\r\n x ,1,2,0.1,3,4,5'
    result = run(text, "--kind", "hourly")
    assert result.stdout_bytes.decode("utf-8") == (  # .stdout would turn \r\n into \n
        f"note,so2,no2,co,o3,pm10,pm2_5,{APPENDED}\n"
        '"a\r\nb",1,2,0.1,3,4,75,114,3,轻度污染,PM2.5,\n'  # the quoted line break is data and stays
        " x ,1,2,0.1,3,4,5,8,1,优,,\n"  # the blank line is dropped; the last row gets its line end
    )
