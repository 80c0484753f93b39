"""Protection of the public endpoints without any outside service: rate limits counted atomically
and shared by every process (`gongkai.core.ratelimit`: Redis, or a database counter) and a spam
guard on the application form (a honeypot field, a minimum fill time and a signed, single-use token).

Limits are fixed windows: `allow(scope, key, limit)` counts one hit of one key in the current window
and says whether it is still within the limit. A request is counted *before* it is served, so a
burst of parallel requests cannot all pass a check made before any of them was counted; a hit that
should not count after all (a form with a mistake the visitor corrects) is given back with
`release`."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from gongkai.core import ratelimit

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
    """Wrong query codes per client and tracking number: default 10 per hour. Counted per (client, number)
    so that wrong codes typed elsewhere never lock the real applicant out (issue 10); guessing from many
    addresses is bounded by the per-address look-up limit and the code's 32⁸ space."""
    return _setting("GONGKAI_APPLICATION_WRONG_CODE_LIMIT", Limit(10, 3600))


def wrong_code_key(client: str, tracking_number: str) -> str:
    """The throttle's key: one client's attempts on one tracking number."""
    return f"{client}|{tracking_number}"


def min_fill_seconds() -> float:
    """A person needs longer than this to fill in the form (GONGKAI_APPLICATION_MIN_FILL_SECONDS, 3)."""
    return float(getattr(settings, "GONGKAI_APPLICATION_MIN_FILL_SECONDS", 3))


def _key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"gk:rl:{scope}:{digest}:{int(time.time() // window)}"


def allow(scope: str, key: str, limit: Limit) -> bool:
    """Count one hit, atomically across processes; False once the key has used up its limit in
    the current window (that hit included)."""
    return ratelimit.hit(_key(scope, key, limit.window), limit.window + 1) <= limit.limit


def release(scope: str, key: str, limit: Limit) -> None:
    """Give back one hit counted by `allow` that turned out not to count."""
    ratelimit.release(_key(scope, key, limit.window))


def exhausted(scope: str, key: str, limit: Limit) -> bool:
    """Whether the key has used up its limit, without counting a hit."""
    return ratelimit.peek(_key(scope, key, limit.window)) >= limit.limit


def form_token(*, shown_at: float | None = None) -> str:
    """A signed timestamp and a random nonce put into the form when it is shown."""
    return signing.dumps(
        {"t": time.time() if shown_at is None else shown_at, "n": secrets.token_hex(12)}, salt=SIGNING_SALT
    )


def first_use(submission_key: str) -> bool:
    """Whether this is the first request with this submission key (atomic across processes). Only the
    first counts toward the submission limit: parallel retries of one submission are one submission."""
    digest = hashlib.sha256(submission_key.encode("utf-8")).hexdigest()
    return cache.add(f"gk:submission:{digest}", 1, 24 * 3600 + 60)


def token_nonce(token: str) -> str | None:
    """The random nonce of a valid form token (the form's submission key), else None."""
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=FORM_MAX_AGE_SECONDS)
        return str(payload["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return None


def spam_reason(*, token: str, honeypot: str, client: str = "") -> str | None:
    """Why a submission looks automated, or None. The reasons are for the log, not for the visitor.
    A token belongs to the first client that submits it: the same client sending it again (back and
    resubmit, a double click) gets its first submission back (`submit_application`'s key); another
    client replaying it is refused."""
    if honeypot:
        return "honeypot"
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=FORM_MAX_AGE_SECONDS)
        shown_at, nonce = float(payload["t"]), str(payload["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return "token"
    if time.time() - shown_at < min_fill_seconds():
        return "too_fast"
    claim = f"gk:form:{nonce}"
    owner = hashlib.sha256(client.encode("utf-8")).hexdigest()
    if not cache.add(claim, owner, FORM_MAX_AGE_SECONDS + 60) and cache.get(claim) != owner:
        return "replayed"
    return None
