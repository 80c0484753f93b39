"""`gongkai audit verify`: check the audit trail's hash chain from the command line.

Declared in `AuditConfig.cli_groups`; the project CLI mounts it as `gongkai audit`."""

from __future__ import annotations

import click

from gongkai.cli import ensure_migrated, fail, setup_django


@click.group(name="audit")
def audit() -> None:
    """审计日志。"""


@audit.command("verify")
@click.option(
    "--heads",
    "heads_file",
    type=click.Path(exists=True, dir_okay=False),
    help="另行保存的链头文件（audit-chain-heads.jsonl），逐条比对。",
)
def audit_verify(heads_file: str | None) -> None:
    """校验审计日志哈希链，报告第一处断裂和密钥保护的起点。"""
    setup_django()
    ensure_migrated()
    from gongkai.audit.services import verify, verify_heads

    result = verify()
    if not result.ok:
        fail(f"审计日志校验失败：{result.reason}（此前{result.checked}条记录完好）", 1)
    if heads_file:
        with open(heads_file, encoding="utf-8") as heads:
            problems = verify_heads(heads.readlines())
        if problems:
            fail("审计日志与另存的链头不符：" + "；".join(problems), 1)
    click.echo(f"审计日志完好：共{result.checked}条记录，哈希链连续。")
    if result.keyed_since is None:
        click.echo("尚无密钥保护（HMAC）的记录：全部为旧的无密钥哈希。")
    elif result.keyed_since == 1:
        click.echo("全部记录都有密钥保护（HMAC）。")
    else:
        click.echo(
            f"第1至{result.keyed_since - 1}条为启用密钥前的无密钥哈希；"
            f"自第{result.keyed_since}条起有密钥保护（HMAC）。"
        )


@audit.command("export-head")
def audit_export_head() -> None:
    """把链头（序号、哈希、时间）追加到数据目录的 audit-chain-heads.jsonl，供另行存档。"""
    setup_django()
    ensure_migrated()
    from gongkai.audit.services import export_head

    line = export_head()
    click.echo(f"已导出链头：第{line['seq']}条 {line['hash']}（{line['exported_at']}）")
