"""The deployment documentation names only commands that exist, and its files work as described."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from gongkai.ops.cli import ops
from gongkai.ops.roles import ROLES_SQL, statements

PROJECT = Path(__file__).resolve().parents[2]
README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_every_documented_ops_command_exists():
    named = set(re.findall(r"gongkai ops ([a-z-]+)", README))
    assert {"backup", "restore", "healthcheck", "db-roles"} <= named
    assert named <= set(ops.commands)


def test_the_environment_example_reads_the_same_in_a_shell():
    example = PROJECT / "deploy" / "gongkai.env.example"
    result = subprocess.run(
        [
            "bash",
            "-c",
            f'set -a; . "{example}"; set +a; printf "%s|%s" "$DEFAULT_FROM_EMAIL" "$DATABASE_URL"',
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        result.stdout
        == "示例市生态环境局 <gongkai@example.gov.cn>|postgres://gongkai:password@127.0.0.1:5432/gongkai"
    )


def test_the_units_reload_and_stop_gracefully():
    web = (PROJECT / "deploy" / "gongkai-web.service").read_text(encoding="utf-8")
    worker = (PROJECT / "deploy" / "gongkai-worker.service").read_text(encoding="utf-8")
    assert "ExecReload=/bin/kill -HUP $MAINPID" in web
    assert "UMask=0027" in web and "UMask=0027" in worker
    assert "systemctl reload gongkai-web" in README


def test_the_roles_script_parses_and_protects_the_audit_table():
    parsed = list(statements(ROLES_SQL.read_text(encoding="utf-8")))
    kinds = [kind for kind, _text in parsed]
    assert kinds.count("connect") == 1 and "gexec" in kinds
    last = parsed[-1][1]
    assert "REVOKE UPDATE, DELETE, TRUNCATE" in last and "audit_auditrecord" in last


def test_log_retention_is_documented():
    assert "网络安全法 Art. 21" in README and "six months" in README and "MaxRetentionSec" in README


def test_the_log_retention_files_keep_more_than_six_months():
    journald = (PROJECT / "deploy" / "journald-gongkai.conf").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1) for line in journald.splitlines() if "=" in line and not line.startswith("#")
    )
    assert settings["Storage"] == "persistent"
    assert int(settings["MaxRetentionSec"].removesuffix("month")) > 6
    logrotate = (PROJECT / "deploy" / "logrotate-gongkai").read_text(encoding="utf-8")
    assert "daily" in logrotate
    assert int(re.search(r"^\s*rotate (\d+)", logrotate, re.M).group(1)) >= 183
    assert "deploy/journald-gongkai.conf" in README and "deploy/logrotate-gongkai" in README
