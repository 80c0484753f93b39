"""`gongkai water classify FILE.csv` (issue 14 contract): every row with water_class, status, main_pollutants
and meets_target appended; bad input exits 2 with Chinese messages by line and nothing on stdout."""

from __future__ import annotations

import csv
import io
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.water import gb3838
from gongkai.water.cli import water
from gongkai.water.gb3838 import WaterBody, WaterClass

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def run(tmp_path: Path):
    def invoke(text: str | bytes, *options: str):
        path = tmp_path / "samples.csv"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return CliRunner().invoke(water, ["classify", *options, str(path)])

    return invoke


def rows_of(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_contract_columns_and_values(run):
    result = run(
        "section,ph,do,codmn,cod,nh3_n,tp,tn,fecal_coliform,water_body,target_class\n"
        "S1,7.2,6.5,5.1,25,1.2,0.32,3.1,50000,river,III\n"
        "S2,7.8,8.1,2.0,<10,0.05L,0.03,0.9,,lake,II\n"
        "S3,7.0,7.6,1.8,,,,,,,\n"
    )
    assert result.exit_code == 0, result.output
    first, second, third = rows_of(result.stdout)
    assert (first["water_class"], first["status"], first["meets_target"]) == ("V", "中度污染", "否")
    assert first["main_pollutants"] == "总磷(0.6);化学需氧量(0.2);氨氮(0.2)"
    # Lake: TP 0.03 is Class III under the lake limits (0.025 < 0.03 ≤ 0.05); TN is not in the class.
    assert (second["water_class"], second["status"], second["main_pollutants"]) == ("III", "良好", "")
    assert second["meets_target"] == "否"
    assert (third["water_class"], third["status"], third["meets_target"]) == ("I", "优", "")
    assert first["section"] == "S1" and first["fecal_coliform"] == "50000"  # passes through
    assert result.stdout.splitlines()[0].endswith(",water_class,status,main_pollutants,meets_target")


def test_chinese_headers_and_aliases(run):
    result = run("断面名称,pH值,溶解氧,高锰酸盐指数,NH3-N,总磷,water_body\n甲,9.5,1.5,7,,,湖库\n")
    assert result.exit_code == 0, result.output
    (row,) = rows_of(result.stdout)
    assert (row["water_class"], row["main_pollutants"]) == ("劣V", "高锰酸盐指数(0.2);pH值;溶解氧")


def test_row_without_evaluated_values_has_empty_results(run):
    result = run("id,tp,tn\nA,,1.0\n")
    assert result.exit_code == 0
    (row,) = rows_of(result.stdout)
    assert [row[c] for c in ("water_class", "status", "main_pollutants", "meets_target")] == ["", "", "", ""]


def test_below_detection_factor_option(run):
    text = "id,petroleum\nA,<0.06\n"
    assert rows_of(run(text).stdout)[0]["water_class"] == "I"
    assert rows_of(run(text, "--below-detection-factor", "1").stdout)[0]["water_class"] == "IV"
    bad = run(text, "--below-detection-factor", "2")
    assert bad.exit_code == 2 and bad.stdout == "" and CJK.search(bad.stderr)


def test_quoted_cells_bom_and_blank_lines(run):
    result = run('\ufeffname,tp\n"下游, 右岸",0.1\n\n"B ""桥""",0.5\n')
    assert result.exit_code == 0, result.output
    rows = rows_of(result.stdout)
    assert [r["name"] for r in rows] == ["下游, 右岸", 'B "桥"']
    assert [r["water_class"] for r in rows] == ["II", "劣V"]


def test_gb18030_file_from_excel(run):
    result = run("断面,总磷\n甲,0.15\n".encode("gb18030"))
    assert result.exit_code == 0, result.output
    assert rows_of(result.stdout)[0]["water_class"] == "III"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,tp\nA,abc\n", "第2行：tp：“abc”不是数字"),
        ("id,tp\nA,0.1\nB,-0.1\n", "第3行：tp：“-0.1”为负数"),
        ("id,tp\nA,ND\n", "第2行：tp：未检出须注明检出限"),
        ("id,ph\nA,15\n", "第2行：ph：pH值“15”超出 0～14"),
        ("id,tp,water_body\nA,0.1,sea\n", "第2行：water_body“sea”无效"),
        ("id,tp,target_class\nA,0.1,VI\n", "第2行：target_class“VI”无效"),
        ("id,tp,target_class\nA,0.1,劣V\n", "第2行：target_class 不能是劣V类"),
        ("id,tp\nA,0.1,9\n", "第2行：有3列，表头有2列"),
        ("id,tn\nA,0.1\n", "第1行：表头中没有参与类别评价的项目列"),
        ("id,tp,总磷\nA,0.1,0.1\n", "第1行：列“tp”和“总磷”是同一项目（总磷）"),
        ("id,tp,water_class\nA,0.1,I\n", "第1行：输入已有输出列“water_class”"),
        ("", "文件为空"),
        (b"id,tp\n\xff\xfe\xfa,0.1\n", "文件编码无法识别"),
    ],
)
def test_bad_input_exits_2_in_chinese_with_nothing_on_stdout(run, text, message):
    result = run(text)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_every_problem_is_counted_and_twenty_are_listed(run):
    result = run("id,tp\n" + "".join(f"R{i},x\n" for i in range(25)))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("第2行") and lines[19].startswith("第21行")
    assert "另有5处问题" in result.stderr and "共25处问题" in result.stderr


def test_missing_file(tmp_path):
    result = CliRunner().invoke(water, ["classify", str(tmp_path / "none.csv")])
    assert result.exit_code == 2 and "无法读取文件" in result.stderr


def test_stdin(tmp_path):
    result = CliRunner().invoke(water, ["classify", "-"], input="id,tp\nA,0.2\n")
    assert result.exit_code == 0
    assert rows_of(result.stdout)[0]["water_class"] == "III"


def test_a_generated_file_agrees_with_evaluate_row_by_row(run):
    random_source = random.Random(3838)
    codes = [item.code for item in gb3838.EVALUATED_ITEMS] + ["tn", "fecal_coliform"]
    lines, samples = [",".join(["id", *codes, "water_body", "target_class"])], []
    for number in range(400):
        sample = {}
        for item in (gb3838.ITEMS[code] for code in random_source.sample(codes, random_source.randint(1, 4))):
            if item.code == "ph":
                sample[item.code] = Decimal(random_source.randint(500, 1000)) / 100
            else:
                top = max(item.limits) * Decimal("1.6")
                sample[item.code] = (top * random_source.randint(0, 1000) / 1000).quantize(Decimal("0.00001"))
        body = random_source.choice(list(WaterBody))
        target = random_source.choice(["", "I", "II", "III", "IV", "V"])
        samples.append((sample, body, target))
        cells = [str(sample[c]) if c in sample else "" for c in codes]
        lines.append(",".join([f"R{number}", *cells, body.value, target]))
    result = run("\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    for row, (sample, body, target) in zip(rows_of(result.stdout), samples, strict=True):
        evaluation = gb3838.evaluate(
            sample, body, target_class=gb3838.parse_class(target) if target else None
        )
        assert row["water_class"] == (evaluation.water_class.code if evaluation.water_class else "")
        assert row["main_pollutants"] == evaluation.main_pollutants_text()
        assert row["meets_target"] == {None: "", True: "是", False: "否"}[evaluation.meets_target]
    classes = {row["water_class"] for row in rows_of(result.stdout)}
    assert {c.code for c in WaterClass} <= classes  # the file exercised every class


def test_the_gongkai_command_mounts_the_group():
    from gongkai.cli import main

    result = CliRunner().invoke(main, ["water", "classify", "-"], input="id,tp\nA,0.5\n")
    assert result.exit_code == 0
    assert (
        result.stdout
        == "id,tp,water_class,status,main_pollutants,meets_target\nA,0.5,劣V,重度污染,总磷(1.5),\n"
    )


def test_the_app_declares_its_command_group_where_gongkai_cli_finds_it():
    import importlib

    from gongkai.cli import registered_groups
    from gongkai.water.apps import WaterConfig

    assert WaterConfig.cli_groups == {"water": "gongkai.water.cli:water"}
    assert registered_groups()["water"] == WaterConfig.cli_groups["water"]
    module_name, attribute = WaterConfig.cli_groups["water"].split(":")
    assert getattr(importlib.import_module(module_name), attribute) is water
