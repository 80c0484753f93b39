"""`gongkai applications …`: recompute the clocks, send the reminders now, print Table 三 of a year."""

from __future__ import annotations

import click


@click.group()
def applications() -> None:
    """依申请公开：期限重算、办理提醒、年度统计。"""


def _setup() -> None:
    from gongkai.cli import ensure_migrated, setup_django

    setup_django()
    ensure_migrated()


@applications.command("recompute")
def recompute() -> None:
    """按当前工作日历重新计算所有案件的状态和答复期限。"""
    _setup()
    from gongkai.applications.services import recompute_all

    click.echo(f"已重新计算：{recompute_all()}件。")


@applications.command("remind")
def remind() -> None:
    """立即向经办人发送到期和逾期提醒邮件。"""
    _setup()
    from gongkai.applications.tasks import send_reminders

    click.echo(f"已发送提醒邮件：{send_reminders()}封。")


@applications.command("stats")
@click.option("--year", type=int, required=True, help="年度")
def stats(year: int) -> None:
    """打印年度报告表三（收到和处理政府信息公开申请情况）并校验勾稽关系；校验不通过时以非零状态退出。"""
    _setup()
    from gongkai.applications.outcomes import TABLE_THREE_ROWS, ApplicantColumn
    from gongkai.applications.statistics import table_three

    table = table_three(year)
    click.echo("\t".join(["项目", *(column.label for column in ApplicantColumn)]))
    for row in TABLE_THREE_ROWS:
        click.echo("\t".join([row.row_label, *(str(table.cell(row, column)) for column in ApplicantColumn)]))
    if table.violations:
        for violation in table.violations:
            click.echo(f"✗ {violation.message}", err=True)
        raise SystemExit(1)
    click.echo("✓ 勾稽关系校验通过。")
