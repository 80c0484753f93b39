"""/healthz for the load balancer, the worker's heartbeat and periodic runs, and `gongkai check`
against services that do not answer."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from .helpers import gongkai, server_env

pytestmark = pytest.mark.django_db


def get_health(client: Client, query: str = "", **headers):
    response = client.get(f"/healthz{query}", **headers)
    return response.status_code, json.loads(response.content)


def test_healthz_is_ok_when_the_worker_beat_just_now():
    from gongkai.ops.tasks import worker_heartbeat

    worker_heartbeat()  # what the worker runs every minute (immediate mode in tests)
    status, body = get_health(Client())
    assert status == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert body["checks"]["disk"]["free_mb"] > 0
    assert 0 <= body["checks"]["worker"]["heartbeat_age_seconds"] <= 5


def test_healthz_answers_a_probe_by_ip_over_plain_http_in_production_settings():
    """The load balancer asks by address, without TLS: no host error, no redirect to HTTPS."""
    with override_settings(ALLOWED_HOSTS=["hbj.example.gov.cn"], SECURE_SSL_REDIRECT=True):
        status, body = get_health(Client(), HTTP_HOST="10.0.0.5:8000")
        assert status == 200 and body["checks"]["database"]["ok"]
        assert Client().get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400  # other pages still checked


def test_a_stopped_worker_degrades_but_only_strict_monitoring_fails(make_staff):
    from gongkai.ops import health
    from gongkai.ops.models import Heartbeat

    make_staff("administrator", username="zhangsan", full_name="张三")
    health.beat(health.WORKER)
    Heartbeat.objects.filter(name=health.WORKER).update(at=timezone.now() - timedelta(minutes=10))
    status, body = get_health(Client())
    assert status == 200 and body["status"] == "degraded"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["heartbeat_age_seconds"] >= 600
    status, body = get_health(Client(), "?strict=1")
    assert status == 503
    # Nothing personal in the answer: no account names, no addresses.
    text = json.dumps(body, ensure_ascii=False)
    assert "zhangsan" not in text and "张三" not in text


def test_a_worker_that_never_ran_is_reported_as_such():
    status, body = get_health(Client(), "?strict=1")
    assert status == 503
    assert body["checks"]["worker"]["heartbeat_age_seconds"] is None


def test_too_little_free_disk_takes_the_server_out_of_the_pool():
    import shutil

    from django.conf import settings

    free_mb = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    with override_settings(GONGKAI_MIN_FREE_DISK_MB=free_mb * 2 + 1):
        status, body = get_health(Client())
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["disk"]["ok"] is False


def test_each_periodic_run_is_recorded_with_its_outcome():
    from huey.contrib.djhuey import HUEY
    from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR

    from gongkai.audit.tasks import verify_audit_chain_nightly
    from gongkai.ops.models import Heartbeat

    task = verify_audit_chain_nightly.s()
    HUEY._emit(SIGNAL_COMPLETE, task)  # what the consumer does after a run
    entry = Heartbeat.objects.get(name=f"periodic:{task.name}")
    assert entry.ok
    HUEY._emit(SIGNAL_ERROR, task, RuntimeError("boom"))
    entry.refresh_from_db()
    assert not entry.ok and "boom" in entry.detail
    _status, body = get_health(Client())
    assert body["checks"]["worker"]["periodic"][task.name]["ok"] is False


def test_the_real_worker_writes_its_heartbeat(tmp_path):
    """`gongkai worker` started for real: its scheduler runs the heartbeat job on start."""
    import subprocess
    import sys
    import time

    env = server_env(tmp_path / "data", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    gongkai("migrate", env=env, cwd=tmp_path)
    worker = subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "worker"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            result = gongkai("ops", "healthcheck", "--strict", env=env, cwd=tmp_path, check=False)
            if result.returncode == 0:
                break
            time.sleep(3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    body = json.loads(result.stdout)
    assert body["checks"]["worker"]["heartbeat_age_seconds"] <= 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_check_fails_in_chinese_when_the_database_and_redis_do_not_answer(tmp_path):
    port = free_port()  # bound and released: nothing listens there
    env = server_env(
        tmp_path / "data",
        f"postgres://gongkai:pw@127.0.0.1:{port}/gongkai",
        GONGKAI_ENV="production",
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        SECRET_KEY="k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
        ALLOWED_HOSTS="hbj.example.gov.cn",
    )
    result = gongkai("check", env=env, cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert "无法连接数据库" in result.stderr and "无法连接 Redis" in result.stderr
    health = gongkai("ops", "healthcheck", env=env, cwd=tmp_path, check=False)
    assert health.returncode == 1
    assert json.loads(health.stdout)["checks"]["database"]["ok"] is False


def test_check_reaches_a_running_redis_and_passes_without_mail(tmp_path):
    import redis

    try:
        redis.Redis(socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = server_env(
        tmp_path / "data",
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GONGKAI_ENV="production",
        REDIS_URL="redis://127.0.0.1:6379/15",
        SECRET_KEY="k" * 20 + "abcdefghijklmnopqrstuvwxyz0123456789",
        ALLOWED_HOSTS="hbj.example.gov.cn",
    )
    result = gongkai("check", env=env, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    assert "未设置 EMAIL_HOST" in result.stdout and "可选" in result.stdout
