"""Who reads personal data in the audit trail unmasked, and which snapshot keys are personal.

Apps register in `AppConfig.ready`: the keys of their snapshots that hold personal data, and the
permission whose holders see that data elsewhere in the console (so the audit view grants no more
than the console does). Everybody else reads masked snapshots (gongkai/audit/masking.py)."""

from __future__ import annotations

from gongkai.audit.masking import DEFAULT_PERSONAL_KEYS

PERSONAL_KEYS: set[str] = set(DEFAULT_PERSONAL_KEYS)
VIEWER_PERMISSIONS: set[str] = set()


def register(*, keys: tuple[str, ...] = (), viewers: tuple[str, ...] = ()) -> None:
    PERSONAL_KEYS.update(keys)
    VIEWER_PERMISSIONS.update(viewers)


def sees_personal_data(user) -> bool:
    return bool(user and VIEWER_PERMISSIONS) and any(user.has_perm(code) for code in VIEWER_PERMISSIONS)
