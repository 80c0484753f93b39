"""Model fields for personal data at rest: stored encrypted (gongkai/core/crypto.py), read in clear.

Equality lookups on an encrypted field cannot work (each value has its own nonce); a model that is
searched by such a value keeps a keyed hash beside it (e.g. Application.phone_hash)."""

from __future__ import annotations

from django.db import models

from gongkai.core import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted under GONGKAI_DATA_KEY. `max_length` limits the clear text (forms, checks),
    not the stored column, which holds the longer ciphertext."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return crypto.keyring().decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return crypto.keyring().encrypt(str(value))
