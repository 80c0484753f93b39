"""The `gongkai` command. Messages for users are in Chinese; every failure exits non-zero."""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import re
import sys
from pathlib import Path

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


# --- command groups declared by the apps ---------------------------------------------------------
#
# An app adds groups to `gongkai` by declaring them on its AppConfig class:
#     cli_groups = {"air": "gongkai.air.cli:air"}       # group name -> "module:attribute"
# They are collected from INSTALLED_APPS without django.setup() (which would load every model and
# fix the settings before a command such as `demo` chooses its environment), and a group's module
# is imported only when that group runs, so `gongkai workdays …` does not pay for numpy and one
# app's broken command cannot take the others down.


class CommandRegistryError(RuntimeError):
    pass


def _settings_module():
    """The settings module, executed privately unless Django already imported it: django.setup()
    must later import it afresh, after commands such as `demo` have set GONGKAI_ENV."""
    name = os.environ.get("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise CommandRegistryError(f"找不到配置模块 {name}。")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _declaring_module(entry: str) -> tuple[str, str | None] | None:
    """(module, class name or None) of the AppConfig of an INSTALLED_APPS entry ("pkg.app" or
    "pkg.app.apps.SomeConfig"), when that module declares cli_groups. Looked up on disk, so that
    third-party apps (whose packages may need configured settings to import) are never imported."""
    top, *rest = entry.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return None
    candidates = [(Path(*rest, "apps.py"), f"{entry}.apps", None)]
    if len(rest) >= 2:
        module, _dot, class_name = entry.rpartition(".")
        candidates.append((Path(*rest[:-1]).with_suffix(".py"), module, class_name))
    for location in spec.submodule_search_locations:
        for relative, module, class_name in candidates:
            path = Path(location, relative)
            if path.is_file() and "cli_groups" in path.read_text(encoding="utf-8"):
                return module, class_name
    return None


def _app_configs(entry: str):
    from django.apps import AppConfig

    found = _declaring_module(entry)
    if found is None:
        return
    module_name, class_name = found
    for config in vars(importlib.import_module(module_name)).values():
        if not (
            isinstance(config, type) and issubclass(config, AppConfig) and config.__module__ == module_name
        ):
            continue
        if (config.__name__ == class_name) if class_name else (getattr(config, "name", None) == entry):
            yield config


@functools.cache
def registered_groups() -> dict[str, str]:
    """Every group declared by an installed app: name -> "module:attribute"."""
    groups: dict[str, str] = {}
    owners: dict[str, str] = {}
    for entry in _settings_module().INSTALLED_APPS:
        for config in _app_configs(entry):
            for name, target in getattr(config, "cli_groups", {}).items():
                if name in owners or name in main.commands:
                    owner = owners.get(name, "gongkai/cli.py")
                    raise CommandRegistryError(f"命令“{name}”重复：{entry} 与 {owner} 都声明了它。")
                if not re.fullmatch(r"[\w.]+:\w+", target):
                    raise CommandRegistryError(
                        f"{entry} 声明的命令“{name}”无效：{target!r}，应为“模块:属性”。"
                    )
                groups[name] = target
                owners[name] = entry
    return groups


class RegistryGroup(click.Group):
    """The `gongkai` group: its own commands plus the groups the installed apps declare."""

    @staticmethod
    def groups() -> dict[str, str]:
        try:
            return registered_groups()
        except CommandRegistryError as error:
            fail(f"命令注册有误：{error}", 1)
            raise

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.groups()})

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is not None:
            return command
        target = self.groups().get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def resolve_command(self, ctx, args):
        name = click.utils.make_str(args[0])
        if not ctx.resilient_parsing and not name.startswith("-") and self.get_command(ctx, name) is None:
            fail(f"没有“{name}”这个命令。可用的命令：{'、'.join(self.list_commands(ctx))}。", 2)
        return super().resolve_command(ctx, args)


@click.group(cls=RegistryGroup, context_settings={"help_option_names": ["-h", "--help"]})
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

    load_demo_data(volume=True)
    click.echo(f"\n演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）：")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account.username:<10} {account.role_label}")
    click.echo(f"\n公众网站： http://{host}:{port}/")
    click.echo(f"工作台：   http://{host}:{port}/staff/\n")
    if no_serve:
        return
    from gongkai.ops.processes import Child, supervise

    # SIGTERM or Ctrl-C stops the site and the worker together (gongkai/ops/processes.py).
    status = supervise(
        [
            Child("web", _gunicorn_command(f"{host}:{port}", workers=2), reloads_on_hup=True),
            Child("worker", [sys.executable, "-m", "gongkai.cli", "worker"]),
        ],
        env={**os.environ, "GONGKAI_ENV": "demo"},
    )
    sys.exit(status)


def _gunicorn_command(bind: str, *, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "gongkai.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        "120",
        # No gunicorn access log: the application writes its own (gongkai/ops/logs.py) with the real
        # client address behind nginx. No control socket: it would live under $HOME (the service user
        # has none: an error at every start) and two servers on one machine would share it; systemd
        # and `gongkai serve` reload and stop gunicorn with signals.
        "--no-control-socket",
    ]


@main.command()
@click.option("--bind", default=f"{HOST_DEFAULT}:{PORT_DEFAULT}", show_default=True, help="gunicorn 监听地址")
@click.option("--workers", default=3, show_default=True, type=int, help="工作进程数")
def serve(bind: str, workers: int) -> None:
    """以 gunicorn 运行生产网站（静态文件由 whitenoise 提供）。SIGTERM 平稳停止，SIGHUP 平滑重载。"""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    # Static files are collected at install and upgrade time (README, Upgrades); only a first start
    # without them collects here, since the manifest must exist before a page can be rendered.
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    # gunicorn replaces this process, so systemd's SIGTERM (graceful stop) and SIGHUP (graceful
    # reload with the new code) reach its master, which takes its workers along.
    command = _gunicorn_command(bind, workers=workers)
    os.execv(command[0], command)  # noqa: S606


@main.command()
def worker() -> None:
    """运行后台任务和定时任务（Huey 消费者）。SIGTERM 或 Ctrl-C：做完手头的任务再停止。"""
    setup_django()
    from gongkai.ops.processes import run_worker

    run_worker()


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
@click.option(
    "--role",
    type=click.Choice(["system", "security", "audit"]),
    default="system",
    show_default=True,
    help="三员之一：system 系统管理员、security 安全管理员（分配角色）、audit 审计管理员（查阅审计日志）",
)
def createadmin(username: str, email: str, password: str | None, role: str) -> None:
    """创建系统管理员、安全管理员或审计管理员账号（三员分立；首次登录须修改密码）。"""
    setup_django()
    ensure_migrated()
    from gongkai.core import services
    from gongkai.core.errors import DomainError
    from gongkai.core.roles import Role

    chosen = {
        "system": Role.ADMINISTRATOR,
        "security": Role.SECURITY_ADMINISTRATOR,
        "audit": Role.AUDIT_ADMINISTRATOR,
    }[role]
    if not password:
        password = click.prompt("初始密码", hide_input=True, confirmation_prompt="再次输入")
    try:
        # Not a superuser: one account holding every permission would undo 三员分立.
        services.create_user(
            actor=None,
            username=username,
            email=email,
            password=password,
            roles=[chosen.value],
            full_name=username,
        )
    except DomainError as error:
        fail(f"创建失败：{error.message}", 1)
    click.echo(f"已创建{chosen.label} {username}，首次登录时须修改密码。")


@main.command()
def check() -> None:
    """检查生产配置是否安全、数据库和 Redis 能否连接；发现问题时以非零状态退出。"""
    setup_django()
    from gongkai.core.checks import production_problems
    from gongkai.ops.health import connectivity_problems, notes

    problems = connectivity_problems() + production_problems()
    for note in notes():
        click.echo(f"· {note}")
    for problem in problems:
        click.echo(f"✗ {problem}", err=True)
    if problems:
        fail(f"发现{len(problems)}个配置问题，请修正后再上线。", 1)
    click.echo("✓ 生产配置检查通过。")


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """运行 Django 管理命令，例如：gongkai manage createsuperuser"""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args])


if __name__ == "__main__":
    main()
