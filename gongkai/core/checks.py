"""`gongkai check`: what must be true before a production deployment takes traffic."""

from __future__ import annotations

from django.conf import settings
from django.core import checks as django_checks


def production_problems() -> list[str]:
    problems: list[str] = []
    if settings.DEBUG:
        problems.append("GONGKAI_DEBUG 已开启：生产环境必须关闭调试模式。")
    if settings.DEMO:
        problems.append("GONGKAI_ENV=demo：演示模式不得用于生产。")
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        problems.append("未设置 SECRET_KEY 环境变量：生产环境必须提供至少50个字符的随机密钥。")
    elif len(settings.SECRET_KEY) < 50 or len(set(settings.SECRET_KEY)) < 5:
        problems.append("SECRET_KEY 过短或过于简单：至少50个字符且足够随机。")
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS 未设置或包含“*”：请列出网站的域名。")
    if not settings.HTTPS:
        problems.append("GONGKAI_HTTPS 已关闭：生产网站必须通过 HTTPS 提供（Cookie 需加 Secure 标记）。")
    # Mail is optional: without EMAIL_HOST it is written to files (README, Configuration), and
    # `gongkai check` says so as a note rather than failing.
    problems += rate_limit_problems()
    for message in django_checks.run_checks(include_deployment_checks=True):
        if message.level >= django_checks.WARNING and message.id not in _ACCEPTED_DEPLOY_WARNINGS:
            problems.append(f"{message.id}: {message.msg}")
    return problems


# W005 (HSTS subdomains) is configured by GONGKAI_HTTPS; W021 (HSTS preload) is a site decision.
_ACCEPTED_DEPLOY_WARNINGS = {"security.W021"}


def rate_limit_problems() -> list[str]:
    """Rate limits must be counted atomically across every worker process (issue 11): Redis's
    INCR, or the database counter; the database and local-memory caches read and write back."""
    from gongkai.core import ratelimit

    backend = ratelimit.backend()
    if backend == "database":
        return []
    if backend != "cache":
        return [f"GONGKAI_RATE_LIMIT_BACKEND={backend}：只能是 cache（Redis）或 database。"]
    if not ratelimit.cache_is_atomic():
        return [
            "GONGKAI_RATE_LIMIT_BACKEND=cache 但缓存不是 Redis：多个工作进程的限流计数不具备原子性，"
            "请设置 REDIS_URL 或改用 database。"
        ]
    return []
