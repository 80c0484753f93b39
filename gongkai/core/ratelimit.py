"""Rate-limit counters shared by every worker process (GB/T 22239-2019 level 3, 8.1.4.1 and
8.1.5.4: resource control of public interfaces).

Two backends, chosen by GONGKAI_RATE_LIMIT_BACKEND (default: `cache` when REDIS_URL is set,
otherwise `database`):
- `cache`: Django's cache `add` + `incr`, atomic on Redis (INCR) — and only there: the database
  and local-memory caches read and write back, so `gongkai check` refuses them;
- `database`: a `RateCounter` row bumped with one UPDATE … SET count = count + 1, atomic on
  PostgreSQL (row lock) and SQLite (one writer at a time).

`hit(name, ttl)` counts one and returns the count including it; `release(name)` takes one back
(a hit that turned out not to count, such as a form with a mistake the visitor corrects)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

ATOMIC_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
)


def backend() -> str:
    return getattr(settings, "RATE_LIMIT_BACKEND", "database")


def cache_is_atomic() -> bool:
    return settings.CACHES["default"]["BACKEND"] in ATOMIC_CACHE_BACKENDS


def hit(name: str, ttl: int) -> int:
    if backend() == "cache":
        return _cache_hit(name, ttl)
    return _database_hit(name, ttl)


def release(name: str) -> None:
    if backend() == "cache":
        with contextlib.suppress(ValueError):  # expired meanwhile
            cache.decr(name)
        return
    from gongkai.core.models import RateCounter

    RateCounter.objects.filter(key=name, count__gt=0).update(count=F("count") - 1)


def peek(name: str) -> int:
    if backend() == "cache":
        return cache.get(name) or 0
    from gongkai.core.models import RateCounter

    row = RateCounter.objects.filter(key=name, expires_at__gt=timezone.now()).values_list("count", flat=True)
    return next(iter(row), 0)


def _cache_hit(name: str, ttl: int) -> int:
    if cache.add(name, 1, timeout=ttl):
        return 1
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=ttl)
        return 1


def _database_hit(name: str, ttl: int) -> int:
    from gongkai.core.models import RateCounter

    now = timezone.now()
    with transaction.atomic():
        # The UPDATE takes the row lock; the SELECT after it in the same transaction therefore
        # reads this hit together with every hit committed before it, and no other's.
        if RateCounter.objects.filter(key=name, expires_at__gt=now).update(count=F("count") + 1):
            return RateCounter.objects.get(key=name).count
        try:
            with transaction.atomic():
                RateCounter.objects.filter(expires_at__lte=now).delete()  # this name's too, if any
                RateCounter.objects.create(key=name, count=1, expires_at=now + timedelta(seconds=ttl))
                return 1
        except IntegrityError:  # another worker created it first: count on its row
            RateCounter.objects.filter(key=name).update(count=F("count") + 1)
            return RateCounter.objects.get(key=name).count
