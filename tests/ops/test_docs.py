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


def test_nginx_accepts_the_largest_upload_the_application_accepts():
    from gongkai.applications.files import MAX_ATTACHMENT_BYTES
    from gongkai.disclosure.attachments import max_bytes
    from gongkai.intake.spreadsheet import DEFAULT_MAX_BYTES
    from gongkai.interaction import conf

    largest = max(
        max_bytes(), MAX_ATTACHMENT_BYTES, conf.photo_max_bytes() * conf.photo_max_count(), DEFAULT_MAX_BYTES
    )
    nginx = (PROJECT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    limit = int(re.search(r"^\s*client_max_body_size (\d+)m;", nginx, re.M).group(1)) * 1024 * 1024
    assert largest <= limit <= largest + 2 * 1024 * 1024


def test_nginx_passes_the_port_of_a_non_443_address_to_the_application():
    nginx = (PROJECT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_set_header Host $http_host;" in nginx
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx


def test_gunicorn_has_no_control_socket_under_home_and_no_access_log_of_nginx_addresses():
    """The service user has no home (the socket would fail there, and two servers on one machine would
    share it); the application's own access log has the real client address (gongkai/ops/logs.py)."""
    from gongkai.cli import _gunicorn_command

    command = _gunicorn_command("127.0.0.1:8000", workers=2)
    assert "--no-control-socket" in command
    assert "--access-logfile" not in command
