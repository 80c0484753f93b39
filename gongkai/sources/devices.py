"""Device access passwords (访问密码) and the receiver's device directory over the Device table.

Passwords are stored as PBKDF2-SHA256 digests (issue 16: "access password stored hashed"). The
receiver checks one per packet, so a verified (MN, password) pair is remembered in memory: the
slow hash runs once per device and process, not once per packet."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from gongkai.sources.hj212.codec import Packet

ITERATIONS = 120_000


def hash_password(password: str, *, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode(), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def check_password(password: str, encoded: str) -> bool:
    try:
        algorithm, iterations, salt, digest = encoded.split("$")
    except ValueError:
        return False
    if algorithm != "pbkdf2_sha256":
        return False
    candidate = hash_password(password, salt=salt, iterations=int(iterations)).rsplit("$", 1)[1]
    return hmac.compare_digest(candidate, digest)


class DeviceDirectory:
    """The receiver's view of the Device table: a snapshot reloaded by ``reload`` (run in a worker
    thread every few seconds by the receiver command). ``allow_unknown`` accepts MNs not
    registered (stored, and listed on the staff page as unregistered)."""

    def __init__(self, *, allow_unknown: bool = False) -> None:
        self.allow_unknown = allow_unknown
        self._devices: dict[str, tuple[str, bool]] = {}
        self._verified: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def reload(self) -> int:
        from gongkai.sources.models import Device

        devices = {
            mn: (digest, active)
            for mn, digest, active in Device.objects.values_list("mn", "password_hash", "active")
        }
        with self._lock:
            if devices != self._devices:
                self._verified = set()
            self._devices = devices
        return len(devices)

    def check(self, packet: Packet) -> str | None:
        entry = self._devices.get(packet.mn)
        if entry is None:
            return None if self.allow_unknown else "unknown_mn"
        digest, active = entry
        if not active:
            return "unknown_mn"
        if not digest:
            return None  # registered without a password: any PW is accepted
        token = (packet.mn, hashlib.sha256(packet.pw.encode()).hexdigest())
        if token in self._verified:
            return None
        if check_password(packet.pw, digest):
            self._verified.add(token)
            return None
        return "password"
