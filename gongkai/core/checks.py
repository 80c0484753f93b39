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
    elif _placeholder(settings.SECRET_KEY):
        problems.append("SECRET_KEY 是示例文件中的占位值：请换成随机生成的密钥。")
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS 未设置或包含“*”：请列出网站的域名。")
    if not settings.HTTPS:
        problems.append("GONGKAI_HTTPS 已关闭：生产网站必须通过 HTTPS 提供（Cookie 需加 Secure 标记）。")
    # Mail is optional: without EMAIL_HOST it is written to files (README, Configuration), and
    # `gongkai check` says so as a note rather than failing.
    problems += audit_key_problems()
    problems += data_key_problems()
    problems += rate_limit_problems()
    for message in django_checks.run_checks(include_deployment_checks=True):
        if message.level >= django_checks.WARNING and message.id not in _ACCEPTED_DEPLOY_WARNINGS:
            problems.append(f"{message.id}: {message.msg}")
    return problems


def _placeholder(key: str) -> bool:
    """The value deploy/gongkai.env.example shows ("change-me-…") or Django's development key."""
    return key.lower().startswith("change-me") or key.startswith("django-insecure")


def audit_key_problems() -> list[str]:
    """The audit chain's HMAC key must come from the environment (GB/T 22239-2019 8.1.4.3 c)."""
    key = settings.AUDIT_KEY
    if not key:
        return ["未设置 GONGKAI_AUDIT_KEY：审计日志哈希链必须用保存在数据库以外的密钥（至少32个字符）保护。"]
    if key == settings.DEMO_AUDIT_KEY or key.startswith("change-me") or len(key) < 32 or len(set(key)) < 8:
        return ["GONGKAI_AUDIT_KEY 是演示用密钥或过短过简单：生产环境须使用至少32个字符的随机密钥。"]
    return []


def data_key_problems() -> list[str]:
    """Applicants' identity numbers, phones and addresses are encrypted under GONGKAI_DATA_KEY
    (GB/T 22239-2019 8.1.4.8); the key must come from the environment and be kept elsewhere too."""
    key = settings.DATA_KEY
    if not key:
        return [
            "未设置 GONGKAI_DATA_KEY：申请人证件号码、电话和地址将以明文保存。请设置至少32个字符的随机密钥。"
        ]
    if key == settings.DEMO_DATA_KEY or key.startswith("change-me") or len(key) < 32 or len(set(key)) < 8:
        return ["GONGKAI_DATA_KEY 是演示用密钥或过短过简单：生产环境须使用至少32个字符的随机密钥。"]
    if key == settings.AUDIT_KEY:
        return ["GONGKAI_DATA_KEY 与 GONGKAI_AUDIT_KEY 相同：两个密钥须各自独立。"]
    return []


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
