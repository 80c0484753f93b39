"""Structured logs: one JSON object per line with the real client address behind nginx, and no
personal data (no query string, no username, no password), including django-axes' lockout lines."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from gongkai.ops.logs import ClientAddressFilter, JsonFormatter

from .helpers import server_env

pytestmark = pytest.mark.django_db

SECRET_NAME = "wangbianji"
WRONG = "Wrong#pass2026"


@pytest.fixture
def json_lines():
    """Every record of the root logger, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ClientAddressFilter())
    root = logging.getLogger()
    axes = logging.getLogger("axes")
    old_level, old_axes = root.level, axes.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    axes.setLevel(logging.WARNING)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        axes.setLevel(old_axes)


def via_nginx(visitor: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.99, {visitor}")


def test_each_request_is_one_json_line_with_the_real_client_address(settings, json_lines, make_staff):
    settings.PROXY_COUNT = 1
    staff = make_staff("editor", username=SECRET_NAME)
    client = via_nginx("203.0.113.7")
    client.force_login(staff)
    client.get("/?q=张三+13800138000")
    lines = [line for line in json_lines() if line.get("event") == "request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["ip"] == "203.0.113.7"  # neither nginx's 10.0.0.2 nor the forged 192.0.2.99
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] in (200, 302)
    assert line["user_id"] == staff.pk and line["logger"] == "gongkai.request"
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("+00:00")
    text = json.dumps(json_lines(), ensure_ascii=False)
    assert "张三" not in text and "13800138000" not in text and SECRET_NAME not in text


def test_a_lockout_is_logged_with_the_address_and_without_the_username(settings, json_lines, make_staff):
    settings.PROXY_COUNT = 1
    make_staff("editor", username=SECRET_NAME)
    attacker = via_nginx("203.0.113.10")
    for _ in range(5):
        key = CaptchaStore.generate_key()
        answer = CaptchaStore.objects.get(hashkey=key).response
        data = {"username": SECRET_NAME, "password": WRONG, "captcha_0": key, "captcha_1": answer}
        last = attacker.post(reverse("core:login"), data)
    assert last.status_code == 429
    lines = json_lines()
    locked = [line for line in lines if line["logger"].startswith("axes") and "Locking" in line["message"]]
    assert locked and all("ip=203.0.113.10" in line["message"] for line in locked)
    refused = [line for line in lines if line.get("event") == "request" and line["status"] == 429]
    assert refused and refused[-1]["ip"] == "203.0.113.10" and refused[-1]["level"] == "WARNING"
    text = json.dumps(lines, ensure_ascii=False)
    assert SECRET_NAME not in text and WRONG not in text


def test_lines_outside_a_request_have_no_address_and_keep_the_exception():
    formatter = JsonFormatter()
    record = logging.LogRecord("gongkai.x", logging.ERROR, __file__, 1, "failed %s", ("job",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    ClientAddressFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "failed job" and "ip" not in line
    assert "ValueError: boom" in line["exception"]


@pytest.mark.parametrize(
    ("environment", "chosen", "expected"),
    [("production", None, "json"), ("demo", None, "plain"), ("production", "plain", "plain")],
)
def test_production_logs_json_and_the_demo_plain_lines(tmp_path, environment, chosen, expected):
    env = server_env(tmp_path, f"sqlite:///{tmp_path}/db.sqlite3", GONGKAI_ENV=environment)
    env.pop("PYTEST_VERSION", None)
    if chosen:
        env["GONGKAI_LOG_FORMAT"] = chosen
    code = "import gongkai.settings as s; print(s.LOGGING['handlers']['console']['formatter'])"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == expected
