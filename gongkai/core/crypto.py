"""Personal data at rest (GB/T 22239-2019 8.1.4.8 数据保密性 and 8.1.4.11 个人信息保护): field
encryption and keyed search hashes, under keys held outside the database.

A stored value is `enc1:<cipher>:<key id>:<base64 of nonce + ciphertext + tag>`. The cipher is SM4 in
GCM mode (GB/T 32907-2016, the national block cipher; 128-bit key) or AES-256-GCM, chosen by
GONGKAI_DATA_CIPHER; both are authenticated, so a value altered in the database fails to decrypt
instead of reading wrong. Every key is derived from one master key (GONGKAI_DATA_KEY) by HMAC-SHA-256
with a purpose label, so the search hash never reuses the encryption key. Rotation: the new master
key becomes GONGKAI_DATA_KEY, the old one moves to GONGKAI_DATA_KEYS_OLD until `gongkai keys rotate`
has re-encrypted every value and recomputed every search hash.

Text that does not start with `enc1:` is a value stored before encryption was switched on; it reads
as it is and is encrypted by the next save or by `gongkai keys rotate`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc1"
SM4 = "sm4-gcm"
AES = "aes-256-gcm"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """A stored value that no configured key opens (wrong key, or the value was altered)."""


def sm4_available() -> bool:
    """Whether the installed `cryptography` (and its OpenSSL) offers SM4-GCM."""
    try:
        encryptor = Cipher(algorithms.SM4(bytes(16)), modes.GCM(bytes(NONCE_BYTES))).encryptor()
        encryptor.update(b"x")
        encryptor.finalize()
    except Exception:  # any failure means "not available here"
        return False
    return True


@dataclass(frozen=True)
class MasterKey:
    secret: bytes

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"gongkai key id\0" + self.secret).hexdigest()[:8]

    def derive(self, purpose: str, length: int = 32) -> bytes:
        return hmac.new(self.secret, f"gongkai {purpose}".encode(), hashlib.sha256).digest()[:length]


def _encrypt(cipher: str, key: MasterKey, plaintext: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    if cipher == AES:
        return nonce + AESGCM(key.derive("data aes-256-gcm")).encrypt(nonce, plaintext, None)
    encryptor = Cipher(algorithms.SM4(key.derive("data sm4", 16)), modes.GCM(nonce)).encryptor()
    body = encryptor.update(plaintext) + encryptor.finalize()
    return nonce + body + encryptor.tag


def _decrypt(cipher: str, key: MasterKey, blob: bytes) -> bytes:
    nonce, body = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    try:
        if cipher == AES:
            return AESGCM(key.derive("data aes-256-gcm")).decrypt(nonce, body, None)
        if cipher == SM4:
            tag, ciphertext = body[-TAG_BYTES:], body[:-TAG_BYTES]
            decryptor = Cipher(algorithms.SM4(key.derive("data sm4", 16)), modes.GCM(nonce, tag)).decryptor()
            return decryptor.update(ciphertext) + decryptor.finalize()
    except (InvalidTag, ValueError) as error:
        raise DecryptionError("stored value does not open with its key") from error
    raise DecryptionError(f"unknown cipher {cipher}")


@dataclass(frozen=True)
class Keyring:
    """The current master key (encrypts and hashes) and older ones (only decrypt)."""

    current: MasterKey | None
    old: tuple[MasterKey, ...] = ()
    cipher: str = AES

    def by_id(self, key_id: str) -> MasterKey | None:
        for key in (self.current, *self.old):
            if key is not None and key.key_id == key_id:
                return key
        return None

    def encrypt(self, text: str) -> str:
        """The stored form of `text`; plain text where no key is configured (`gongkai check` fails)."""
        if self.current is None or text == "" or is_encrypted(text):
            return text
        blob = _encrypt(self.cipher, self.current, text.encode("utf-8"))
        return f"{PREFIX}:{self.cipher}:{self.current.key_id}:{base64.b64encode(blob).decode('ascii')}"

    def decrypt(self, stored: str) -> str:
        if not is_encrypted(stored):
            return stored
        _prefix, cipher, key_id, data = stored.split(":", 3)
        key = self.by_id(key_id)
        if key is None:
            raise DecryptionError(f"no configured key has id {key_id}")
        return _decrypt(cipher, key, base64.b64decode(data)).decode("utf-8")

    def needs_rotation(self, stored: str) -> bool:
        """Stored in plain text or under another key or cipher than the current ones."""
        if self.current is None or stored == "":
            return False
        if not is_encrypted(stored):
            return True
        _prefix, cipher, key_id, _data = stored.split(":", 3)
        return key_id != self.current.key_id or cipher != self.cipher

    def search_hash(self, text: str) -> str:
        """A keyed hash for equality search (HMAC-SHA-256, hex); without a key, plain SHA-256."""
        if self.current is None:
            return hashlib.sha256(text.encode("utf-8")).hexdigest()
        return hmac.new(self.current.derive("search"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def is_encrypted(stored: str) -> bool:
    return isinstance(stored, str) and stored.startswith(PREFIX + ":")


def master_key(text: str) -> MasterKey | None:
    text = text.strip()
    return MasterKey(text.encode("utf-8")) if text else None


@cache
def _keyring(current: str, old: str, cipher: str) -> Keyring:
    return Keyring(
        current=master_key(current),
        old=tuple(key for key in (master_key(part) for part in old.split(",")) if key is not None),
        cipher=cipher,
    )


def keyring() -> Keyring:
    """The keyring of the settings (GONGKAI_DATA_KEY, GONGKAI_DATA_KEYS_OLD, GONGKAI_DATA_CIPHER)."""
    from django.conf import settings

    return _keyring(settings.DATA_KEY, ",".join(settings.DATA_KEYS_OLD), settings.DATA_CIPHER)


def chosen_cipher(setting: str) -> str:
    """GONGKAI_DATA_CIPHER: "sm4" (where available, else AES-256-GCM), "aes" or "auto" (= sm4)."""
    setting = setting.strip().lower()
    if setting in {"aes", AES}:
        return AES
    return SM4 if sm4_available() else AES
