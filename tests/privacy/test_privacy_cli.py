"""Privacy gate, command line: `gongkai privacy scan FILE...` output lines and exit codes 0/1/2."""

import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from gongkai.privacy.cli import privacy

from .privacy_samples import CARD_16, RESIDENT_ID

SECRETS = [RESIDENT_ID, "13812345678", CARD_16, "zhang.san@example.com", "京A·F0236", "3栋2单元501室"]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    clean = tmp_path / "clean.txt"
    clean.write_text(
        "示例市生态环境局2026年政府信息公开工作年度报告\n办公地址：示例市人民路1号\n", encoding="utf-8"
    )
    notice = tmp_path / "notice.txt"
    notice.write_text(
        f"当事人：张三\n身份证号：{RESIDENT_ID}\n电话：13812345678，卡号：{CARD_16}\n"
        "邮箱：zhang.san@example.com，车牌：京A·F0236\n住址：示例市人民路12号3栋2单元501室\n",
        encoding="utf-8",
    )
    decision = tmp_path / "decision.docx"
    document = docx.Document()
    document.add_paragraph("行政处罚决定书")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "13812345678"
    document.save(decision)
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return {"clean": clean, "notice": notice, "decision": decision, "image": image}


def run(*args: object):
    return CliRunner().invoke(privacy, ["scan", *map(str, args)])


def test_clean_file_exits_0_and_prints_nothing(files):
    result = run(files["clean"])
    assert result.exit_code == 0
    assert result.stdout == ""


def test_each_hit_is_one_tab_separated_line_with_the_masked_value(files):
    result = run(files["notice"])
    assert result.exit_code == 1
    name = str(files["notice"])
    assert (
        result.stdout.splitlines()
        == [
            f"{name}\t第1行\tperson_name\t张*",  # the name after 当事人
            f"{name}\t第2行\tresident_id\t1101**********002X",
            f"{name}\t第3行\tmobile\t138****5678",
            f"{name}\t第3行\tbank_card\t{CARD_16[:4]}********{CARD_16[-4:]}",
            f"{name}\t第4行\temail\tz***@example.com",
            f"{name}\t第4行\tplate\t京A·***36",
            f"{name}\t第5行\taddress\t示例市人民路************",
        ]
    )


def test_no_unmasked_value_is_ever_printed(files):
    result = run(files["notice"], files["decision"], files["image"])
    for secret in SECRETS:
        assert secret not in result.output


def test_unsupported_file_exits_2_with_a_chinese_message_and_the_others_are_still_scanned(files):
    result = run(files["image"], files["decision"], files["clean"])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [f"{files['decision']}\t表格1 第1行第2列\tmobile\t138****5678"]
    assert f"{files['image']}：图片文件没有文字层" in result.stderr


def test_missing_file_exits_2(files, tmp_path):
    result = run(tmp_path / "missing.pdf", files["clean"])
    assert result.exit_code == 2
    assert "文件不存在" in result.stderr


def test_found_in_several_files_exits_1(files):
    result = run(files["clean"], files["notice"], files["decision"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 8
    assert "发现 8 处个人信息" in result.stderr


def test_a_location_holding_personal_data_is_masked_too(tmp_path):
    path = tmp_path / "list.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "张三13812345678"
    workbook.active["A1"] = "13912345678"
    workbook.save(path)
    result = run(path)
    assert result.stdout.splitlines() == [f"{path}\t张三138****5678!A1\tmobile\t139****5678"]


def test_help_documents_the_tab_separated_format_and_exit_codes():
    result = CliRunner().invoke(privacy, ["scan", "--help"])
    assert result.exit_code == 0
    assert "制表符（TAB）" in result.output
    assert "文件<TAB>位置<TAB>类型<TAB>脱敏值" in result.output
    assert "退出码" in result.output


def test_scan_needs_at_least_one_file():
    assert CliRunner().invoke(privacy, ["scan"]).exit_code == 2


def test_module_runs_as_python_dash_m(files):
    completed = subprocess.run(
        [sys.executable, "-m", "gongkai.privacy.cli", "scan", str(files["decision"])],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == f"{files['decision']}\t表格1 第1行第2列\tmobile\t138****5678\n"


def test_personal_data_in_a_file_name_is_reported_and_masked(tmp_path):
    path = tmp_path / "张三13812345678.txt"
    path.write_text("公告", encoding="utf-8")
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout == f"{tmp_path}/张三138****5678.txt\t文件名\tmobile\t138****5678\n"
    assert "13812345678" not in result.output
