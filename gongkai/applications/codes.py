"""The applicant's query code (查询码): random, shown once, stored only as a salted PBKDF2-SHA256 hash.

8 characters over a 31-character alphabet without look-alikes (0/O, 1/I/L) give 31^8 ≈ 8.5 × 10^11 codes;
on-line guessing is rate-limited (guard.py) and the hash's work factor makes an off-line search of a
leaked table costly. The work factor is the setting GONGKAI_QUERY_CODE_ITERATIONS (default 100 000,
about 40 ms); it is stored in each hash, so it can be changed without invalidating issued codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
ALGORITHM = "pbkdf2_sha256"
DEFAULT_ITERATIONS = 100_000


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))


def normalise(code: str) -> str:
    """As typed: case, spaces and hyphens do not matter."""
    return "".join(char for char in code.upper() if char.isalnum())


def _iterations() -> int:
    return int(getattr(settings, "GONGKAI_QUERY_CODE_ITERATIONS", DEFAULT_ITERATIONS))


def _derive(code: str, salt: str, iterations: int) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", normalise(code).encode(), salt.encode(), iterations)
    return base64.b64encode(digest).decode("ascii")


def hash_code(code: str) -> str:
    salt = secrets.token_hex(16)
    iterations = _iterations()
    return f"{ALGORITHM}${iterations}${salt}${_derive(code, salt, iterations)}"


def check_code(code: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, expected = encoded.split("$", 3)
        rounds = int(iterations)
    except ValueError:
        return False
    if algorithm != ALGORITHM or not normalise(code):
        _derive("x", salt, rounds)  # same cost either way
        return False
    return hmac.compare_digest(_derive(code, salt, rounds), expected)


def dummy_hash() -> str:
    """Checked when the tracking number is unknown, so an unknown number and a wrong code cost alike."""
    iterations = _iterations()
    return f"{ALGORITHM}${iterations}${'0' * 32}${_derive('NOTACODE', '0' * 32, iterations)}"
