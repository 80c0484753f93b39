"""Protection of the public forms of 互动交流, as for 依申请公开: rate limits counted atomically before a
request is served (core.ratelimit, shared by every process), a honeypot field, a minimum fill time and a
signed form token whose nonce makes a submission idempotent: the same form sent twice (a double click, a
reload) gives the first submission back instead of a second message."""

from __future__ import annotations

import hashlib
import secrets
import time

from django.core import signing

from gongkai.core import ratelimit
from gongkai.interaction import conf

SIGNING_SALT = "gongkai.interaction.form"
FORM_MAX_AGE_SECONDS = 4 * 3600


def _key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"gk:rl:ia:{scope}:{digest}:{int(time.time() // window)}"


def allow(scope: str, key: str, limit: tuple[int, int]) -> bool:
    count, window = limit
    return ratelimit.hit(_key(scope, key, window), window + 1) <= count


def release(scope: str, key: str, limit: tuple[int, int]) -> None:
    ratelimit.release(_key(scope, key, limit[1]))


def form_token(*, shown_at: float | None = None) -> str:
    return signing.dumps(
        {"t": time.time() if shown_at is None else shown_at, "n": secrets.token_hex(12)}, salt=SIGNING_SALT
    )


def read_token(token: str) -> tuple[float, str] | None:
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=FORM_MAX_AGE_SECONDS)
        return float(payload["t"]), str(payload["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return None


def spam_reason(*, token: str, honeypot: str) -> str | None:
    """Why a submission looks automated (for the log), or None. Replays are not spam here: the view
    answers them with the first submission (idempotent)."""
    if honeypot:
        return "honeypot"
    read = read_token(token)
    if read is None:
        return "token"
    if time.time() - read[0] < conf.min_fill_seconds():
        return "too_fast"
    return None


def nonce_of(token: str) -> str | None:
    read = read_token(token)
    return read[1] if read else None
