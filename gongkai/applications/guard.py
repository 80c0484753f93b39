"""Protection of the public endpoints without any outside service: rate limits kept in Django's cache
(the database cache or Redis, so shared by every process) and a spam guard on the application form
(a honeypot field, a minimum fill time and a signed timestamp).

Limits are fixed windows: `allow(scope, key, limit, window)` counts hits of one key in the current window
and says whether this one is still within the limit. The default cache backends make `incr` atomic
(Redis) or close to it (database cache); a rare extra hit across processes is acceptable here."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SIGNING_SALT = "gongkai.applications.form"
FORM_MAX_AGE_SECONDS = 4 * 3600  # a form older than this must be reloaded


@dataclass(frozen=True)
class Limit:
    limit: int
    window: int  # seconds


def _setting(name: str, default: Limit) -> Limit:
    value = getattr(settings, name, None)
    return Limit(*value) if value else default


def submit_limit() -> Limit:
    """Accepted (or spam) submissions per IP: GONGKAI_APPLICATION_SUBMIT_LIMIT = (count, seconds); 10/hour."""
    return _setting("GONGKAI_APPLICATION_SUBMIT_LIMIT", Limit(10, 3600))


def lookup_limit() -> Limit:
    """Status look-ups per IP address: GONGKAI_APPLICATION_LOOKUP_LIMIT, default 30 per 10 minutes."""
    return _setting("GONGKAI_APPLICATION_LOOKUP_LIMIT", Limit(30, 600))


def wrong_code_limit() -> Limit:
    """Wrong query codes per tracking number (against guessing from many addresses): default 10 per hour."""
    return _setting("GONGKAI_APPLICATION_WRONG_CODE_LIMIT", Limit(10, 3600))


def min_fill_seconds() -> float:
    """A person needs longer than this to fill in the form (GONGKAI_APPLICATION_MIN_FILL_SECONDS, 3)."""
    return float(getattr(settings, "GONGKAI_APPLICATION_MIN_FILL_SECONDS", 3))


def _key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"gk:rl:{scope}:{digest}:{int(time.time() // window)}"


def allow(scope: str, key: str, limit: Limit) -> bool:
    """Count one hit; False once the key has used up its limit in the current window."""
    name = _key(scope, key, limit.window)
    cache.add(name, 0, timeout=limit.window + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=limit.window + 1)
        count = 1
    return count <= limit.limit


def exhausted(scope: str, key: str, limit: Limit) -> bool:
    """Whether the key has used up its limit, without counting a hit."""
    return (cache.get(_key(scope, key, limit.window)) or 0) >= limit.limit


def form_token() -> str:
    """A signed timestamp put into the form when it is shown."""
    return signing.dumps(time.time(), salt=SIGNING_SALT)


def spam_reason(*, token: str, honeypot: str) -> str | None:
    """Why a submission looks automated, or None. The reasons are for the log, not for the visitor."""
    if honeypot:
        return "honeypot"
    try:
        shown_at = float(signing.loads(token, salt=SIGNING_SALT, max_age=FORM_MAX_AGE_SECONDS))
    except (signing.BadSignature, TypeError, ValueError):
        return "token"
    if time.time() - shown_at < min_fill_seconds():
        return "too_fast"
    return None
