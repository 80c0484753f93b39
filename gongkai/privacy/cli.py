"""`gongkai privacy scan FILE...`: the privacy gate from the command line.

Mounted by the project CLI as `gongkai privacy`; `python -m gongkai.privacy.cli scan FILE...` works too.
"""

from __future__ import annotations

import re

import click

from gongkai.privacy.extract import ExtractionError, scan_file
from gongkai.privacy.scanner import redact_text, scan_text

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_UNREADABLE = 2


def _field(text: str) -> str:
    """One tab-separated field: no tabs or line breaks, and nothing unmasked (a path or a sheet name can
    hold a phone number)."""
    text = re.sub(r"[\t\r\n]", " ", text)
    return redact_text(text, scan_text(text))


@click.group(name="privacy", help="隐私审查：发布前检查文件中的个人信息。")
def privacy() -> None:
    pass


@privacy.command(
    name="scan",
    help=(
        "检查 FILE 中的个人信息（PDF、DOCX、XLSX、纯文本、CSV、HTML，按内容识别类型）。\n\n"
        "每处命中输出一行，字段以制表符（TAB）分隔：\n\n"
        "    文件<TAB>位置<TAB>类型<TAB>脱敏值\n\n"
        "类型为 resident_id（居民身份证号码）、mobile（手机号码）、bank_card（银行卡号）、email（电子邮箱）、"
        "plate（机动车号牌）、address（详细住址）；只输出脱敏后的值，文件名和位置中的个人信息同样脱敏；"
        "文件名本身含个人信息时报告为位置“文件名”。\n\n"
        "退出码：0 未发现个人信息；1 发现个人信息；2 有文件无法读取或格式不支持（错误信息写到标准错误，"
        "其余文件照常检查；2 优先于 1）。"
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.pass_context
def scan(ctx: click.Context, files: tuple[str, ...]) -> None:
    found = unreadable = 0
    for name in files:
        try:
            hits = scan_file(name)
        except ExtractionError as error:
            unreadable += 1
            click.echo(f"{_field(name)}：{error.message}", err=True)
            continue
        for file_hit in hits:
            fields = (_field(name), _field(file_hit.location), file_hit.kind.value, _field(file_hit.masked))
            click.echo("\t".join(fields))
        found += len(hits)
    if found or unreadable:
        click.echo(
            f"共检查 {len(files)} 个文件，发现 {found} 处个人信息，{unreadable} 个文件无法检查。", err=True
        )
    ctx.exit(EXIT_UNREADABLE if unreadable else EXIT_FOUND if found else EXIT_CLEAN)


if __name__ == "__main__":
    privacy(prog_name="python -m gongkai.privacy.cli")
