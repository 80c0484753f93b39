"""Per-address backoff for staff sign-in (GB/T 22239-2019 level 3, 8.1.4.1 b: 登录失败处理功能 —
end the session, limit the number of failed attempts, lock out automatically).

Pure: no Django. The per-account lockout (django-axes, per username *and* client address) stops
guessing one password; this stops one address from spraying many usernames without locking
anybody else out: after `free` failures from one address, each further attempt must wait twice as
long as the previous one, up to `ceiling` seconds."""

from __future__ import annotations


def wait_seconds(*, failures: int, free: int, ceiling: int) -> int:
    """Seconds an address must wait after its last failure before it may try again."""
    if failures < free:
        return 0
    return min(2 ** (failures - free), ceiling)


def captcha_required(*, failures: int, threshold: int) -> bool:
    """A CAPTCHA is shown once `threshold` failures came from the address or hit the username."""
    return threshold >= 0 and failures >= threshold
