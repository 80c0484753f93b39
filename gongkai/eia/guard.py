"""Spam guard of the public comment form, the same three checks as the 依申请公开 form: a rate limit per
IP counted atomically across processes (core.ratelimit), a honeypot field and a signed single-use form
token with a minimum fill time; a CAPTCHA (core.forms.captcha_field) is on the form itself."""

from __future__ import annotations

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing

from gongkai.core import ratelimit
from gongkai.eia import rules

SIGNING_SALT = "gongkai.eia.comment-form"
FORM_MAX_AGE_SECONDS = 4 * 3600


def min_fill_seconds() -> float:
    """EIA_COMMENT_MIN_FILL_SECONDS, default 3: a person needs longer to write an opinion."""
    return float(getattr(settings, "EIA_COMMENT_MIN_FILL_SECONDS", 3))


def _key(ip: str) -> tuple[str, int]:
    _limit, window = rules.comment_limit()
    digest = hashlib.sha256(ip.encode("utf-8")).hexdigest()[:32]
    return f"gk:rl:eia-comment:{digest}:{int(time.time() // window)}", window


def allow(ip: str) -> bool:
    """Count one submission; False once the address used up its limit in the current window."""
    limit, _window = rules.comment_limit()
    name, window = _key(ip)
    return ratelimit.hit(name, window + 1) <= limit


def release(ip: str) -> None:
    """Give back a hit that does not count (a form the visitor corrects)."""
    ratelimit.release(_key(ip)[0])


def form_token(*, shown_at: float | None = None) -> str:
    return signing.dumps(
        {"t": time.time() if shown_at is None else shown_at, "n": secrets.token_hex(12)}, salt=SIGNING_SALT
    )


def spam_reason(*, token: str, honeypot: str) -> str | None:
    """Why a submission looks automated, or None; checking the token uses it up."""
    if honeypot:
        return "honeypot"
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=FORM_MAX_AGE_SECONDS)
        shown_at, nonce = float(payload["t"]), str(payload["n"])
    except (signing.BadSignature, TypeError, ValueError, KeyError):
        return "token"
    if time.time() - shown_at < min_fill_seconds():
        return "too_fast"
    if ratelimit.hit(f"gk:form:eia:{nonce}", FORM_MAX_AGE_SECONDS + 60) > 1:
        return "replayed"
    return None
