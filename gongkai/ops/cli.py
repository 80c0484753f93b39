"""`gongkai ops …`: backup, restore and the other operator commands.

Declared in `OpsConfig.cli_groups`; the project CLI mounts it as `gongkai ops`."""

from __future__ import annotations

from pathlib import Path

import click

from gongkai.cli import ensure_migrated, fail, setup_django


@click.group(name="ops")
def ops() -> None:
    """运行维护：备份、恢复、健康检查、数据库角色。"""


@ops.command("backup")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="备份文件路径（默认：当前目录下 gongkai-backup-日期-时间.tar.gz），或已有的目录",
)
def backup(output: Path | None) -> None:
    """备份数据库和数据目录中的全部文件（静态文件除外），生成仅本人可读的归档。"""
    setup_django()
    from django.db import DatabaseError

    from gongkai.ops.backup import BackupError, create_backup, default_archive_name, secrets_to_keep

    if output is None:
        output = Path(default_archive_name())
    elif output.is_dir():
        output = output / default_archive_name()
    if output.exists():
        fail(f"备份失败：{output} 已存在，备份不会覆盖已有文件。", 1)
    try:
        ensure_migrated()
        manifest = create_backup(output)
    except BackupError as error:
        fail(f"备份失败：{error}", 1)
    except DatabaseError as error:
        fail(f"备份失败：无法读取数据库（{error}）。", 1)
    files = sum(1 for name in manifest["members"] if name.startswith("files/"))
    click.echo(f"✓ 已备份到 {output}（数据库 {manifest['database']['vendor']}，文件{files}个，权限 0600）。")
    click.echo("以下密钥不在备份中，请另行妥善保管（例如离线保存环境配置文件）：")
    for name, why in secrets_to_keep():
        click.echo(f"  {name}：{why}")


@ops.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="目标数据库已有数据时先清空（危险）")
def restore(archive: Path, force: bool) -> None:
    """把备份恢复到本服务器（空数据库），然后迁移并核对文件和审计日志。"""
    setup_django()
    from django.db import DatabaseError

    from gongkai.ops.backup import BackupError, restore_backup

    try:
        report = restore_backup(archive, force=force)
    except BackupError as error:
        fail(f"恢复失败：{error}", 1)
    except DatabaseError as error:
        fail(f"恢复失败：数据库出错（{error}）。", 1)
    click.echo(
        f"已恢复数据库和{report.files}个文件（备份时间 {report.manifest['created_at']}），并完成迁移。"
    )
    for warning in report.warnings:
        click.echo(f"! {warning}", err=True)
    for missing in report.missing_files[:20]:
        click.echo(f"✗ 数据库引用的文件不存在：{missing}", err=True)
    click.echo(("✓ " if report.audit_ok else "✗ ") + report.audit_message, err=not report.audit_ok)
    if not report.ok:
        audit_state = "完好" if report.audit_ok else "有误"
        fail(f"恢复后的核对未通过：缺少{len(report.missing_files)}个文件，审计日志{audit_state}。", 1)
    click.echo("✓ 恢复完成：数据库引用的文件全部存在，审计日志哈希链完好。")


@ops.command("healthcheck")
@click.option("--strict", is_flag=True, help="后台任务进程停止也算不健康")
def healthcheck(strict: bool) -> None:
    """输出与 /healthz 相同的健康状况（JSON）；不健康时以非零状态退出。"""
    setup_django()
    import json

    from gongkai.ops.health import report

    healthy, body = report(strict=strict)
    click.echo(json.dumps(body, ensure_ascii=False, indent=2))
    if not healthy:
        fail("✗ 服务器不健康：见上面 ok 为 false 的项目。", 1)


@ops.command("db-roles")
@click.option(
    "--admin-url",
    envvar="GONGKAI_DB_ADMIN_URL",
    required=True,
    help="超级用户（或有 CREATEROLE、CREATEDB 权限的角色）的连接地址，如 postgres://postgres@127.0.0.1/postgres",
)
@click.option("--database", "database", default="gongkai", show_default=True, help="数据库名")
@click.option("--owner", default="gongkai_owner", show_default=True, help="属主角色（执行迁移）")
@click.option("--app", default="gongkai", show_default=True, help="应用角色（网站和后台任务使用）")
@click.option(
    "--owner-password",
    envvar="GONGKAI_DB_OWNER_PASSWORD",
    default="",
    help="属主角色的新密码（可用环境变量）",
)
@click.option(
    "--app-password", envvar="GONGKAI_DB_APP_PASSWORD", default="", help="应用角色的新密码（可用环境变量）"
)
@click.option(
    "--script", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="默认：deploy/roles.sql"
)
def db_roles(
    admin_url: str,
    database: str,
    owner: str,
    app: str,
    owner_password: str,
    app_password: str,
    script: Path | None,
) -> None:
    """按 deploy/roles.sql 创建或更新 PostgreSQL 属主角色和应用角色（审计表只读、只追加）。

    新服务器上执行两次：第一次迁移之前（建角色和数据库）、之后（给新表授权）；每次升级迁移后再执行一次。"""
    import psycopg

    from gongkai.ops import roles

    if owner == app:
        fail("属主角色和应用角色必须不同。", 2)
    variables = {
        "db": database,
        "owner": owner,
        "app": app,
        "owner_password": owner_password,
        "app_password": app_password,
    }
    try:
        executed = roles.apply(admin_url, variables, script or roles.ROLES_SQL)
    except (psycopg.Error, roles.RolesError, OSError) as error:
        fail(f"设置数据库角色失败：{error}", 1)
    click.echo(f"✓ 已执行{len(executed)}条语句：数据库 {database}，属主 {owner}，应用角色 {app}。")
    click.echo("  应用角色对审计表只有查询和追加权限（不能修改、删除、清空）。")
