"""`gongkai audit verify`: check the audit trail's hash chain from the command line.

Declared in `AuditConfig.cli_groups`; the project CLI mounts it as `gongkai audit`."""

from __future__ import annotations

import click

from gongkai.cli import ensure_migrated, fail, setup_django


@click.group(name="audit")
def audit() -> None:
    """审计日志。"""


@audit.command("verify")
def audit_verify() -> None:
    """校验审计日志哈希链，报告第一处断裂。"""
    setup_django()
    ensure_migrated()
    from gongkai.audit.services import verify

    result = verify()
    if not result.ok:
        fail(f"审计日志校验失败：{result.reason}（此前{result.checked}条记录完好）", 1)
    click.echo(f"审计日志完好：共{result.checked}条记录，哈希链连续。")
