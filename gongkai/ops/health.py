"""Health of a running server, for the load balancer (/healthz) and `gongkai ops healthcheck`.

Only facts about the machine and the processes: no names, no records, nothing personal.
- database: a round trip; cache: a write and a read (Redis when REDIS_URL is set);
- disk: free space of the data directory against GONGKAI_MIN_FREE_DISK_MB;
- worker: age of the heartbeat the worker writes every minute, against GONGKAI_HEARTBEAT_MAX_AGE;
  and the last run of each periodic job.
A failing database, cache or disk makes the server unhealthy (HTTP 503: take it out of the pool).
A stale worker makes it "degraded" but still 200, because the website itself still serves and a
load balancer must not take every web server out for a worker problem; `strict` (monitoring)
counts the worker too."""

from __future__ import annotations

import shutil
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

WORKER = "worker"


def beat(name: str, *, ok: bool = True, detail: str = "") -> None:
    from gongkai.ops.models import Heartbeat

    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now(), "ok": ok, "detail": detail})


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # any failure of a dependency is a result, not a crash
        return {
            "ok": False,
            "error": type(error).__name__,
            "ms": round((time.perf_counter() - started) * 1000),
        }
    return {"ok": True, **(result or {}), "ms": round((time.perf_counter() - started) * 1000)}


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _cache() -> dict:
    key, value = f"gongkai:healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    if cache.get(key) != value:
        raise RuntimeError("cache read-back failed")
    cache.delete(key)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return {"backend": backend}


def _disk() -> dict:
    free_mb = shutil.disk_usage(settings.DATA_DIR).free // (1024 * 1024)
    minimum = settings.GONGKAI_MIN_FREE_DISK_MB
    return {"ok": free_mb >= minimum, "free_mb": free_mb, "minimum_mb": minimum}


def _worker() -> dict:
    from gongkai.ops.models import Heartbeat

    now = timezone.now()
    beats = {beat.name: beat for beat in Heartbeat.objects.all()}
    heartbeat = beats.pop(WORKER, None)
    limit = settings.GONGKAI_HEARTBEAT_MAX_AGE
    age = None if heartbeat is None else max(0, round((now - heartbeat.at).total_seconds()))
    periodic = {
        name.removeprefix("periodic:"): {
            "last_run": timezone.localtime(entry.at).isoformat(timespec="seconds"),
            "ok": entry.ok,
        }
        for name, entry in sorted(beats.items())
        if name.startswith("periodic:")
    }
    return {
        "ok": age is not None and age <= limit,
        "heartbeat_age_seconds": age,
        "max_age_seconds": limit,
        "periodic": periodic,
    }


def report(*, strict: bool = False) -> tuple[bool, dict]:
    """(healthy, JSON-able body); `_timed` lets a check's own "ok" override its default True."""
    checks = {"database": _timed(_database), "cache": _timed(_cache), "disk": _timed(_disk)}
    worker = _timed(_worker) if checks["database"]["ok"] else {"ok": False, "error": "database unavailable"}
    checks["worker"] = worker
    critical = all(checks[name]["ok"] for name in ("database", "cache", "disk"))
    healthy = critical and (worker["ok"] or not strict)
    status = "ok" if critical and worker["ok"] else ("degraded" if critical else "fail")
    return healthy, {"status": status, "checks": checks, "time": timezone.now().isoformat(timespec="seconds")}


# --- `gongkai check`: can this server reach what it is configured to use? --------------------------


def connectivity_problems() -> list[str]:
    """Chinese messages for every configured service that does not answer."""
    problems = []
    try:
        connection.ensure_connection()
        _database()
    except Exception as error:
        reason = f"{type(error).__name__}: {str(error).strip()[:200]}"
        problems.append(f"无法连接数据库（{reason}）：请检查 DATABASE_URL 和数据库服务。")
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3, socket_timeout=3).ping()
        except redis.RedisError as error:
            problems.append(f"无法连接 Redis（{error}）：请检查 REDIS_URL 和 Redis 服务。")
    return problems


def notes() -> list[str]:
    """What is optional and was left out, said once so that nobody is surprised."""
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        return [f"未设置 EMAIL_HOST：邮件不发出，写入 {settings.EMAIL_FILE_PATH}（可选功能）。"]
    return []
