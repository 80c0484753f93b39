"""`gongkai annual-report --year Y --format json|docx|pdf`: the exact JSON contract, the documents, and
exit 2 with a Chinese message for a bad year or a year before any record."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.annual import format as fmt
from gongkai.cli import main

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def run(*args):
    return CliRunner().invoke(main, ["annual-report", *args])


def test_json_contract(fake_yearly):
    result = run("--year", "2026", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["year"] == 2026
    assert data["table3"]["columns"] == COLUMNS
    assert data["table3"]["new"] == [10, 2, 0, 0, 0, 0, 12]
    assert data["table3"]["carried_in"] == [3, 0, 0, 0, 0, 0, 3]
    assert data["table3"]["outcomes_total"] == [11, 2, 0, 0, 0, 0, 13]
    assert data["table3"]["carried_out"] == [2, 0, 0, 0, 0, 0, 2]
    for key in ("new", "carried_in", "outcomes_total", "carried_out"):
        assert all(type(value) is int for value in data["table3"][key])
    assert data["table2"]["行政规范性文件"] == {"本年制发件数": 3, "本年废止件数": 1, "现行有效件数": 12}
    assert data["table2"]["行政处罚"] == {"本年处理决定数量": 37}
    assert data["table2"]["行政许可"] == {"本年处理决定数量": 0}
    assert data["table2"]["行政事业性收费"] == {"本年收费金额（单位：万元）": 1.25}
    assert data["table4"]["行政复议"]["结果维持"] == 1
    assert data["table4"]["行政诉讼"]["复议后起诉"]["总计"] == 0
    assert fmt.cross_checks(fmt.from_json(data)) == []  # the JSON reads back and checks


def test_the_default_format_is_json_and_failing_checks_go_to_stderr(fake_yearly):
    from gongkai.core.outcomes import build_table_three

    fake_yearly(
        table3=build_table_three(
            received={fmt.ApplicantColumn.NATURAL_PERSON: 4}, carried_over={}, outcomes={}, carried_forward={}
        )
    )
    result = run("--year", "2026")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["table3"]["new"][0] == 4
    assert "勾稽关系校验不通过：表三" in result.stderr


@pytest.mark.parametrize(
    ("year", "message"),
    [("abc", "不是有效的年份"), ("2023", "早于系统中最早的业务记录"), ("2999", "尚未开始")],
)
def test_bad_years_exit_2_in_chinese(fake_yearly, year, message):
    result = run("--year", year, "--format", "json")
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_docx_and_pdf_are_written(fake_yearly, tmp_path):
    import docx

    out = tmp_path / "report.docx"
    result = run("--year", "2026", "--format", "docx", "--output", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    for title in fmt.SECTION_TITLES:
        assert title in text
    assert len(document.tables) == 3
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"第二十条第（一）项", "行政规范性文件", "12", "（七）总计", "复议后起诉"} <= cells
    pdf = tmp_path / "report.pdf"
    assert run("--year", "2026", "--format", "pdf", "--output", str(pdf)).exit_code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert run("--year", "2026", "--format", "pdf").exit_code == 2  # --output required


def test_a_cell_given_twice_exits_1(fake_yearly):
    fake_yearly(penalty_twice=True)
    result = run("--year", "2026")
    assert result.exit_code == 1
    assert "重复提供" in result.stderr


def test_the_console_script_exits_2_on_a_fresh_install(tmp_path):
    """A real process on an empty database: no records at all, and a year that is not one."""
    env = {**os.environ, "GONGKAI_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    for year, message in (("2026", "还没有任何业务记录"), ("twenty", "不是有效的年份")):
        done = subprocess.run(
            [sys.executable, "-m", "gongkai.cli", "annual-report", "--year", year, "--format", "json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 2, done.stderr
        assert message in done.stderr
        assert done.stdout == ""
