"""The `gongkai` command. Messages for users are in Chinese; every failure exits non-zero."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import click

HOST_DEFAULT = "127.0.0.1"
PORT_DEFAULT = 8000


def setup_django(environment: str | None = None) -> None:
    if environment:
        os.environ["GONGKAI_ENV"] = environment
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def ensure_migrated(verbosity: int = 0) -> None:
    """Commands that read the database bring it up to date first, so a fresh install works."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=verbosity)


def fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    sys.exit(code)


class LazyGroup(click.Group):
    """Domain command groups live beside their modules (gongkai/air/cli.py …) and are imported
    only when used, so `gongkai workdays …` does not pay for numpy, and one app's broken
    command cannot take the others down."""

    lazy_commands = {
        "air": "gongkai.air.cli:air",
        "privacy": "gongkai.privacy.cli:privacy",
        "applications": "gongkai.applications.cli:applications",
        "disclosure": "gongkai.disclosure.cli:disclosure",
        "inspections": "gongkai.enforcement.cli:inspections",
        "hj212": "gongkai.sources.cli:hj212",
    }

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name):
        if name in self.lazy_commands:
            import importlib

            module_name, attribute = self.lazy_commands[name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """gongkai（公开）：生态环境局政务公开平台。"""


@main.command()
@click.option("--host", default=HOST_DEFAULT, show_default=True, help="监听地址")
@click.option("--port", default=PORT_DEFAULT, show_default=True, type=int, help="监听端口")
@click.option("--no-serve", is_flag=True, help="只准备数据库和演示数据，不启动网站")
def demo(host: str, port: int, no_serve: bool) -> None:
    """迁移数据库、载入演示数据（可重复执行）并启动演示站点和后台任务。"""
    setup_django("demo")
    from django.core.management import call_command

    ensure_migrated(verbosity=1)
    call_command("collectstatic", interactive=False, verbosity=0)
    from gongkai.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_data

    load_demo_data()
    click.echo(f"\n演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）：")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.username:<10} {account.role_label}")
    click.echo(f"\n公众网站： http://{host}:{port}/")
    click.echo(f"工作台：   http://{host}:{port}/staff/\n")
    if no_serve:
        return
    env = {**os.environ, "GONGKAI_ENV": "demo"}
    worker = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "worker"], env=env)
    try:
        _run_gunicorn(f"{host}:{port}", workers=2, env=env)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def _run_gunicorn(bind: str, *, workers: int, env: dict[str, str] | None = None) -> None:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--timeout",
        "120",
    ]
    result = subprocess.run(command, env=env or os.environ.copy(), check=False)  # noqa: S603
    if result.returncode not in (0, -2, 130):
        sys.exit(result.returncode)


@main.command()
@click.option("--bind", default=f"{HOST_DEFAULT}:{PORT_DEFAULT}", show_default=True, help="gunicorn 监听地址")
@click.option("--workers", default=3, show_default=True, type=int, help="工作进程数")
def serve(bind: str, workers: int) -> None:
    """以 gunicorn 运行生产网站（静态文件由 whitenoise 提供）。"""
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # idempotent; the manifest must exist
    _run_gunicorn(bind, workers=workers)


@main.command()
def worker() -> None:
    """运行后台任务和定时任务（Huey 消费者）。"""
    setup_django()
    from django.core.management import call_command

    call_command("run_huey")


@main.command()
def migrate() -> None:
    """执行数据库迁移（升级后运行）。"""
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False)


@main.command()
@click.option("--username", required=True, help="用户名")
@click.option("--email", default="", help="电子邮箱")
@click.option(
    "--password", envvar="GONGKAI_ADMIN_PASSWORD", help="初始密码（也可用环境变量 GONGKAI_ADMIN_PASSWORD）"
)
def createadmin(username: str, email: str, password: str | None) -> None:
    """创建系统管理员账号（首次登录须修改密码）。"""
    setup_django()
    ensure_migrated()
    from gongkai.core import services
    from gongkai.core.errors import DomainError
    from gongkai.core.roles import Role

    if not password:
        password = click.prompt("初始密码", hide_input=True, confirmation_prompt="再次输入")
    try:
        user = services.create_user(
            actor=None,
            username=username,
            email=email,
            password=password,
            roles=[Role.ADMINISTRATOR.value],
            full_name=username,
        )
    except DomainError as error:
        fail(f"创建失败：{error.message}", 1)
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    click.echo(f"已创建系统管理员 {username}，首次登录时须修改密码。")


@main.command()
def check() -> None:
    """检查生产配置是否安全；发现问题时以非零状态退出。"""
    setup_django()
    from gongkai.core.checks import production_problems

    problems = production_problems()
    for problem in problems:
        click.echo(f"✗ {problem}", err=True)
    if problems:
        fail(f"发现{len(problems)}个配置问题，请修正后再上线。", 1)
    click.echo("✓ 生产配置检查通过。")


@main.group()
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


@main.group()
def workdays() -> None:
    """工作日计算（法定节假日和调休以数据库中的工作日历为准）。"""


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"日期“{text}”无效，应为YYYY-MM-DD格式。", 2)
        raise


def _calendar():
    setup_django()
    ensure_migrated()
    from gongkai.workcalendar.queries import get_calendar

    return get_calendar()


@workdays.command("add")
@click.argument("start")
@click.argument("count")
def workdays_add(start: str, count: str) -> None:
    """打印 START 之后第 COUNT 个工作日（START 当日不计）。"""
    from gongkai.workcalendar.workdays import YearNotCovered

    day = _parse_day(start)
    try:
        number = int(count)
    except ValueError:
        fail(f"工作日数“{count}”无效，应为整数。", 2)
    try:
        result = _calendar().add_workdays(day, number)
    except YearNotCovered as error:
        fail(error.message, 2)
    click.echo(result.isoformat())


@workdays.command("check")
@click.argument("dates", nargs=-1, required=True)
def workdays_check(dates: tuple[str, ...]) -> None:
    """逐行打印每个日期是工作日（workday）还是休息日（restday），及节日名称。"""
    from gongkai.workcalendar.workdays import YearNotCovered

    days = [_parse_day(text) for text in dates]
    calendar = _calendar()
    for day in days:
        try:
            working = calendar.is_workday(day)
            name = calendar.holiday_name(day)
        except YearNotCovered as error:
            fail(error.message, 2)
        line = f"{day.isoformat()} {'workday' if working else 'restday'}"
        click.echo(f"{line} {name}" if name else line)


@workdays.command("import")
@click.option("--overwrite", is_flag=True, help="覆盖已录入的年份")
def workdays_import(overwrite: bool) -> None:
    """从 chinese-calendar 软件包导入尚未录入的年份。"""
    setup_django()
    ensure_migrated()
    from gongkai.workcalendar.services import import_package_years

    years = import_package_years(actor=None, overwrite=overwrite)
    click.echo("已导入：" + ("、".join(map(str, years)) if years else "无（没有新的年份）"))


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """运行 Django 管理命令，例如：gongkai manage createsuperuser"""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args])


if __name__ == "__main__":
    main()
