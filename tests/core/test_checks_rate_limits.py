"""`gongkai check` refuses rate-limit counters that are not atomic across worker processes."""

from __future__ import annotations

from gongkai.core.checks import production_problems, rate_limit_problems

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}


def test_the_database_counter_and_redis_pass(settings):
    settings.RATE_LIMIT_BACKEND = "database"
    assert rate_limit_problems() == []
    settings.RATE_LIMIT_BACKEND = "cache"
    settings.CACHES = REDIS
    assert rate_limit_problems() == []


def test_counting_in_a_non_atomic_cache_fails_the_check(settings):
    settings.RATE_LIMIT_BACKEND = "cache"
    settings.CACHES = DATABASE_CACHE
    problems = rate_limit_problems()
    assert len(problems) == 1 and "原子性" in problems[0]
    assert problems[0] in production_problems()


def test_an_unknown_backend_fails_the_check(settings):
    settings.RATE_LIMIT_BACKEND = "memcached"
    assert "只能是 cache（Redis）或 database" in rate_limit_problems()[0]
