"""`gongkai disclosure …`: rebuild the search index, publish due documents now, print table 二,
recompute timeliness, and move the 基本目录 and legacy content in and out as spreadsheets."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def disclosure() -> None:
    """主动公开：检索索引、定时发布、年报表二、基本目录和历史信息导入导出。"""


def _setup() -> None:
    from gongkai.cli import ensure_migrated, setup_django

    setup_django()
    ensure_migrated()


def _user(username: str):
    from gongkai.core.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        click.echo(f"用户“{username}”不存在或已停用。", err=True)
        sys.exit(2)
    return user


def _report(report) -> None:
    for row in report.rows:
        click.echo(f"第{row.row}行\t{row.key}\t{row.result}")
    if not report.applied:
        click.echo(f"有{len(report.errors)}行错误，未导入任何内容。", err=True)
        sys.exit(1)
    click.echo(f"已导入{len(report.rows)}行。")


@disclosure.command("reindex")
def reindex() -> None:
    """按已发布文件重建全文检索索引。"""
    _setup()
    from gongkai.disclosure.search.service import rebuild

    click.echo(f"已重建检索索引：{rebuild()}份文件。")


@disclosure.command("publish-due")
def publish_due() -> None:
    """立即发布已到定时发布时间的文件（后台任务每分钟执行一次）。"""
    _setup()
    from gongkai.disclosure.services import publish_due as publish

    published = publish()
    for document in published:
        click.echo(f"{document.index_number}\t{document.title}")
    click.echo(f"已发布：{len(published)}份。")


@disclosure.command("timeliness")
def timeliness() -> None:
    """按当前工作日历重新计算所有文件的公开期限和是否逾期。"""
    _setup()
    from gongkai.disclosure.services import recompute_timeliness

    click.echo(f"已重新计算，变化的文件：{recompute_timeliness()}份。")


@disclosure.command("figures")
@click.option("--year", type=int, required=True, help="年度")
def figures(year: int) -> None:
    """打印年度报告表二第二十条第（一）项（规章和行政规范性文件）。"""
    _setup()
    from gongkai.disclosure.queries import table2

    click.echo("信息内容\t本年制发件数\t本年废止件数\t现行有效件数")
    for row in table2(year=year):
        click.echo(f"{row.label}\t{row.issued}\t{row.repealed}\t{row.in_force}")


@disclosure.command("export-catalogue")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_catalogue(path: str) -> None:
    """把基本目录导出为 Excel 文件。"""
    _setup()
    from gongkai.disclosure.importing import export_catalogue_xlsx

    Path(path).write_bytes(export_catalogue_xlsx())
    click.echo(f"已导出到 {path}")


@disclosure.command("import-catalogue")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", required=True, help="以该用户的身份导入（须有导入基本目录的权限）")
def import_catalogue(path: str, username: str) -> None:
    """从 Excel 文件导入基本目录（按编码新增或更新；任一行有错误时不导入）。"""
    _setup()
    from django.core.exceptions import PermissionDenied

    from gongkai.core.errors import DomainError
    from gongkai.disclosure.importing import import_catalogue as run

    try:
        report = run(actor=_user(username), data=Path(path).read_bytes(), file_name=Path(path).name)
    except PermissionDenied:
        click.echo(f"用户“{username}”没有导入基本目录的权限。", err=True)
        sys.exit(2)
    except DomainError as error:
        click.echo(error.message, err=True)
        sys.exit(2)
    _report(report)


@disclosure.command("import-legacy")
@click.argument("metadata", type=click.Path(exists=True, dir_okay=False))
@click.argument("archive", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option("--user", "username", required=True, help="以该用户的身份导入（须有批量导入的权限）")
def import_legacy(metadata: str, archive: str | None, username: str) -> None:
    """导入历史信息：METADATA 为元数据表（.xlsx），ARCHIVE 为附件压缩包（.zip，可省略）。"""
    _setup()
    from django.core.exceptions import PermissionDenied

    from gongkai.core.errors import DomainError
    from gongkai.disclosure.importing import import_legacy as run

    try:
        report = run(
            actor=_user(username),
            data=Path(metadata).read_bytes(),
            archive=Path(archive).read_bytes() if archive else None,
            file_name=Path(metadata).name,
        )
    except PermissionDenied:
        click.echo(f"用户“{username}”没有批量导入的权限。", err=True)
        sys.exit(2)
    except DomainError as error:
        click.echo(error.message, err=True)
        sys.exit(2)
    _report(report)
    if report.batch is not None:
        click.echo(
            f"批次 #{report.batch.pk}：须由导入人以外的保密审查员在控制台“历史信息批量审查”中审查后发布。"
        )
