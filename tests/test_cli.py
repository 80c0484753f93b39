"""The `gongkai` command as scripts and administrators use it: the real console script, run as a
subprocess with its own data directory and SQLite database (never the developer's ./data).

Each run starts a Python process (~2 s), so the read-only commands are started together once per
module and the tests below check their results; commands that change the database get a copy."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gongkai.cli import main, registered_groups

GONGKAI = Path(sys.executable).with_name("gongkai")  # .venv/bin/gongkai, the installed console script
TIMEOUT = 180
CJK = re.compile(r"[\u4e00-\u9fff]")

# Variables of the surrounding test run that must not leak into the command's configuration.
# DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests for their own process only.
PRIVATE = {
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_HOST",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def environment(data_dir: Path, database: Path, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in PRIVATE and not name.startswith(("GONGKAI_", "PYTEST_"))
    }
    env.update(GONGKAI_DATA_DIR=str(data_dir), DATABASE_URL=f"sqlite:///{database}", **extra)
    if env.get("PYTHONPATH"):  # a checkout on the path (PYTHONPATH=.) stays first in the command's cwd
        env["PYTHONPATH"] = os.pathsep.join(map(os.path.abspath, env["PYTHONPATH"].split(os.pathsep)))
    return env


def start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(GONGKAI), *args], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def gongkai(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return finish(start(list(args), env, cwd))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A data directory with a migrated database (the calendar seeded, 23 audit records)."""
    data_dir = tmp_path_factory.mktemp("gongkai-cli")
    env = environment(data_dir, data_dir / "gongkai.sqlite3")
    result = gongkai("migrate", env=env, cwd=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def copy_of_database(site: Path, tmp_path: Path) -> Path:
    """A consistent copy of the (WAL-mode) database for a test that changes it."""
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(site / "gongkai.sqlite3") as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


SAFE_PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(45)[:60],
    "ALLOWED_HOSTS": "sthjj.example.gov.cn",
    "EMAIL_HOST": "smtp.example.gov.cn",
    "GONGKAI_HTTPS": "1",
    "GONGKAI_AUDIT_KEY": secrets.token_urlsafe(40),
    "GONGKAI_DATA_KEY": secrets.token_urlsafe(40),
}

READ_ONLY_RUNS = {
    "add national day": (["workdays", "add", "2026-09-28", "20"], {}),
    "add spring festival": (["workdays", "add", "2026-02-13", "20"], {}),
    "check": (
        ["workdays", "check", "2026-10-01", "2026-10-10", "2026-02-14", "2026-10-11", "2026-10-12"],
        {},
    ),
    "add into 2027": (["workdays", "add", "2026-12-20", "20"], {}),
    "check 2027": (["workdays", "check", "2027-01-04"], {}),
    "bad date": (["workdays", "add", "2026-02-30", "5"], {}),
    "bad date to check": (["workdays", "check", "2026-10-01", "2026/10/02"], {}),
    "bad count": (["workdays", "add", "2026-03-02", "twenty"], {}),
    "verify": (["audit", "verify"], {}),
    "check default configuration": (["check"], {}),
    "check safe configuration": (["check"], SAFE_PRODUCTION),
    "help": (["--help"], {}),
}


@pytest.fixture(scope="module")
def runs(site):
    """Every read-only command, started at once against the migrated site."""
    database = site / "gongkai.sqlite3"
    started = {
        name: start(args, environment(site, database, **extra), site)
        for name, (args, extra) in READ_ONLY_RUNS.items()
    }
    return {name: finish(process) for name, process in started.items()}


# --- workdays ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        ("add national day", "2026-10-30\n"),  # 国庆节 10-01..10-07; Sat 10-10 is a working day
        ("add spring festival", "2026-03-19\n"),  # 春节 02-15..02-23; Sat 02-14 and 02-28 are working days
    ],
)
def test_workdays_add_prints_exactly_the_date(runs, run, expected):
    assert runs[run].returncode == 0, runs[run].stderr
    assert runs[run].stdout == expected


def test_workdays_check_prints_one_line_per_date_with_the_holiday_name(runs):
    assert runs["check"].returncode == 0, runs["check"].stderr
    assert runs["check"].stdout == (
        "2026-10-01 restday 国庆节\n"
        "2026-10-10 workday\n"  # 调休: a Saturday worked
        "2026-02-14 workday\n"
        "2026-10-11 restday\n"  # an ordinary Sunday: no name
        "2026-10-12 workday\n"
    )


@pytest.mark.parametrize("run", ["add into 2027", "check 2027"])
def test_a_year_without_data_exits_2_naming_the_year_in_chinese(runs, run):
    result = runs[run]
    assert result.returncode == 2
    assert "缺少2027年的工作日历数据" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("run", "message"),
    [
        ("bad date", "日期“2026-02-30”无效，应为YYYY-MM-DD格式。"),
        ("bad date to check", "日期“2026/10/02”无效，应为YYYY-MM-DD格式。"),
        ("bad count", "工作日数“twenty”无效，应为整数。"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(runs, run, message):
    assert runs[run].returncode == 2
    assert message in runs[run].stderr
    assert runs[run].stdout == ""


# --- audit verify -----------------------------------------------------------------------------


def test_audit_verify_passes_on_a_fresh_database(runs):
    assert runs["verify"].returncode == 0, runs["verify"].stderr
    # The site was migrated in production without GONGKAI_AUDIT_KEY: plain hashes only.
    assert re.fullmatch(
        r"审计日志完好：共\d+条记录，哈希链连续。\n尚无密钥保护（HMAC）的记录：全部为旧的无密钥哈希。\n",
        runs["verify"].stdout,
    )


def test_audit_verify_reports_where_an_upgraded_site_switched_to_the_keyed_chain(site, tmp_path):
    """Records written before GONGKAI_AUDIT_KEY was set stay plain; the next ones are keyed."""
    database = copy_of_database(site, tmp_path)
    with sqlite3.connect(database) as connection:
        (existing,) = connection.execute("SELECT COUNT(*) FROM audit_auditrecord").fetchone()
    keyed = environment(site, database, GONGKAI_AUDIT_KEY="k" + secrets.token_urlsafe(40))
    created = gongkai(
        "createadmin",
        "--username",
        "keyed",
        env={**keyed, "GONGKAI_ADMIN_PASSWORD": "Ws7!kq2#Lm9vXz"},
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    result = gongkai("audit", "verify", env=keyed, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"自第{existing + 1}条起有密钥保护（HMAC）" in result.stdout
    assert f"第1至{existing}条为启用密钥前的无密钥哈希" in result.stdout
    # Without the key, the keyed records cannot be checked: verify says so instead of passing.
    without = gongkai("audit", "verify", env=environment(site, database), cwd=tmp_path)
    assert without.returncode != 0
    assert "GONGKAI_AUDIT_KEY" in without.stderr


def test_audit_verify_fails_after_a_record_is_altered_in_the_database(site, tmp_path):
    database = copy_of_database(site, tmp_path)
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE audit_auditrecord SET action = 'calendar.year.delete' WHERE seq = 5")
    result = gongkai("audit", "verify", env=environment(site, database), cwd=tmp_path)
    assert result.returncode != 0
    assert "审计日志校验失败：第5条记录的内容已被改动" in result.stderr
    assert "此前4条记录完好" in result.stderr


# --- keys -------------------------------------------------------------------------------------


def test_keys_rotate_runs_under_a_configured_key_and_refuses_without_one(site, tmp_path):
    database = copy_of_database(site, tmp_path)
    keyed = environment(site, database, GONGKAI_DATA_KEY="d" + secrets.token_urlsafe(40))
    result = gongkai("keys", "rotate", env=keyed, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"已重新加密0条记录中的0个字段（密钥 [0-9a-f]{8}，算法 (sm4-gcm|aes-256-gcm)）。\n", result.stdout
    )
    refused = gongkai("keys", "rotate", env=environment(site, database), cwd=tmp_path)
    assert refused.returncode == 1
    assert "GONGKAI_DATA_KEY" in refused.stderr


def test_migrate_makes_the_data_directory_and_the_database_private(site):
    assert stat.S_IMODE(site.stat().st_mode) == 0o700
    assert stat.S_IMODE((site / "gongkai.sqlite3").stat().st_mode) == 0o600


# --- check ------------------------------------------------------------------------------------


def test_check_fails_on_the_default_unsafe_configuration(runs):
    result = runs["check default configuration"]
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
    assert "EMAIL_HOST" not in result.stderr  # mail is optional: files are written instead
    assert "未设置 EMAIL_HOST" in result.stdout and "可选" in result.stdout
    assert "GONGKAI_AUDIT_KEY" in result.stderr
    assert "GONGKAI_DATA_KEY" in result.stderr
    assert "发现" in result.stderr


def test_check_passes_on_a_safe_production_configuration(runs):
    result = runs["check safe configuration"]
    assert result.returncode == 0, result.stderr
    assert result.stdout == "✓ 生产配置检查通过。\n"


# --- createadmin ------------------------------------------------------------------------------


def test_createadmin_creates_an_administrator_who_must_change_the_password(site, tmp_path):
    database = copy_of_database(site, tmp_path)
    env = environment(site, database, GONGKAI_ADMIN_PASSWORD="Huanjing#Admin26")
    result = gongkai(
        "createadmin", "--username", "chief", "--email", "chief@example.gov.cn", env=env, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "已创建系统管理员 chief" in result.stdout
    with sqlite3.connect(database) as connection:
        superuser, must_change = connection.execute(
            "SELECT is_superuser, must_change_password FROM core_user WHERE username = 'chief'"
        ).fetchone()
        roles = connection.execute(
            "SELECT g.name FROM core_user_groups ug JOIN auth_group g ON g.id = ug.group_id "
            "JOIN core_user u ON u.id = ug.user_id WHERE u.username = 'chief'"
        ).fetchall()
        audited = connection.execute(
            "SELECT COUNT(*) FROM audit_auditrecord "
            "WHERE action = 'user.create' AND target_repr = 'chief（chief）'"
        ).fetchone()
    # not a superuser: an account holding every permission would undo 三员分立
    assert (superuser, must_change) == (0, 1)
    assert roles == [("administrator",)]
    assert audited == (1,)


def test_createadmin_creates_the_security_and_audit_administrators(site, tmp_path):
    database = copy_of_database(site, tmp_path)
    env = environment(site, database, GONGKAI_ADMIN_PASSWORD="Huanjing#Admin26")
    for username, role, label in (("anquan", "security", "安全管理员"), ("shenji", "audit", "审计管理员")):
        result = gongkai("createadmin", "--username", username, "--role", role, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"已创建{label} {username}" in result.stdout
    with sqlite3.connect(database) as connection:
        roles = connection.execute(
            "SELECT u.username, g.name FROM core_user_groups ug JOIN auth_group g ON g.id = ug.group_id "
            "JOIN core_user u ON u.id = ug.user_id WHERE u.username IN ('anquan', 'shenji') ORDER BY 1"
        ).fetchall()
    assert roles == [("anquan", "security_administrator"), ("shenji", "audit_administrator")]


def test_createadmin_refuses_a_weak_password_in_chinese(site, tmp_path):
    database = copy_of_database(site, tmp_path)
    result = gongkai(
        "createadmin",
        "--username",
        "chief",
        "--password",
        "chief123",
        env=environment(site, database),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "创建失败：" in result.stderr
    assert "密码长度不得少于10位。" in result.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM core_user").fetchone() == (0,)


# --- help -------------------------------------------------------------------------------------


def test_the_console_script_lists_the_commands(runs):
    result = runs["help"]
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "migrate", "createadmin", "check", "audit", "workdays"):
        assert re.search(rf"^  {command}\s+\S", result.stdout, re.MULTILINE), command


def every_command(group: click.Group = main, path: tuple[str, ...] = ()):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from every_command(command, (*path, name))


FOUNDATION_COMMANDS = {
    "demo",
    "serve",
    "worker",
    "migrate",
    "createadmin",
    "check",
    "audit",
    "workdays",
    "manage",
}


@pytest.mark.parametrize("path", list(every_command()), ids=" ".join)
def test_help_works_for_every_command(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    if path[0] in FOUNDATION_COMMANDS:
        assert CJK.search(result.output), "the help text is Chinese"


# --- command groups declared by the apps --------------------------------------------------------


def test_every_group_an_app_declares_is_listed_in_the_help(runs):
    declared = registered_groups()
    first_apps = {"air", "applications", "audit", "disclosure", "inspections", "privacy", "workdays"}
    assert first_apps <= set(declared)
    for name in declared:
        assert re.search(rf"^  {name}\s+\S", runs["help"].stdout, re.MULTILINE), name


def test_an_unknown_command_is_refused_in_chinese():
    result = CliRunner().invoke(main, ["nosuch", "--help"])
    assert result.exit_code == 2
    assert result.stderr.startswith("没有“nosuch”这个命令。可用的命令：")
    assert "workdays" in result.stderr
    assert result.stdout == ""


def test_the_groups_are_found_without_setting_django_up_or_importing_their_modules(tmp_path):
    script = (
        "import sys\n"
        "from gongkai.cli import registered_groups\n"
        "from django.apps import apps\n"
        "loaded = ['numpy' in sys.modules, 'gongkai.air.cli' in sys.modules]\n"
        "print(len(registered_groups()), apps.ready, *loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment(tmp_path, tmp_path / "db.sqlite3"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(registered_groups())} False False False\n"


def plug_in_app(root: Path, groups: str) -> dict[str, str]:
    """A new app in its own folder plus a settings module that only adds it to INSTALLED_APPS."""
    (root / "helloapp").mkdir()
    (root / "helloapp" / "__init__.py").write_text("", encoding="utf-8")
    (root / "helloapp" / "apps.py").write_text(
        "from django.apps import AppConfig\n\n\n"
        "class HelloConfig(AppConfig):\n"
        '    name = "helloapp"\n'
        f"    cli_groups = {groups}\n",
        encoding="utf-8",
    )
    (root / "helloapp" / "cli.py").write_text(
        "import click\n\n\n"
        '@click.group(name="hello")\n'
        "def hello():\n"
        '    """问候。"""\n\n\n'
        '@hello.command("say")\n'
        "def say():\n"
        '    click.echo("你好")\n',
        encoding="utf-8",
    )
    (root / "hello_settings.py").write_text(
        "from gongkai.settings import *  # noqa: F403\n\n"
        'INSTALLED_APPS = [*INSTALLED_APPS, "helloapp"]  # noqa: F405\n',
        encoding="utf-8",
    )
    env = environment(root, root / "db.sqlite3", DJANGO_SETTINGS_MODULE="hello_settings")
    env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])])
    return env


def test_a_new_app_adds_a_group_by_declaring_it_on_its_app_config(tmp_path):
    env = plug_in_app(tmp_path, '{"hello": "helloapp.cli:hello"}')
    listed = gongkai("--help", env=env, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^  hello\s+问候。", listed.stdout, re.MULTILINE)
    said = gongkai("hello", "say", env=env, cwd=tmp_path)
    assert (said.returncode, said.stdout) == (0, "你好\n")


def test_a_group_declared_twice_stops_the_command_with_a_chinese_message(tmp_path):
    env = plug_in_app(tmp_path, '{"audit": "helloapp.cli:hello"}')
    result = gongkai("--help", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "命令注册有误：命令“audit”重复：helloapp 与 gongkai.audit 都声明了它。" in result.stderr
