"""Key rotation for personal data at rest (GB/T 22239-2019 8.1.4.8): re-encrypt every encrypted
field under the current GONGKAI_DATA_KEY and recompute the keyed search hashes.

Procedure (README, Deployment): put the new key in GONGKAI_DATA_KEY and the old one in
GONGKAI_DATA_KEYS_OLD, restart, run `gongkai keys rotate`, then remove the old key. Values stored in
plain text (before encryption was switched on) are encrypted by the same run."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from gongkai.audit import services as audit
from gongkai.core import crypto
from gongkai.core.fields import EncryptedTextField


@dataclass(frozen=True)
class RotationResult:
    rows: int  # rows rewritten
    values: int  # encrypted values rewritten
    key_id: str
    cipher: str


def encrypted_fields() -> list[tuple[type, list[str]]]:
    """Every model with encrypted fields, and those fields' names."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def _stored(model, pk, names: list[str]) -> dict[str, str]:
    """The raw stored text of the fields (what the database holds, before decryption)."""
    from django.db import connection

    table = model._meta.db_table
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    # Identifiers come from the model's metadata, quoted; the value is a parameter.
    sql = f"SELECT {columns} FROM {connection.ops.quote_name(table)} WHERE {pk_column} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return dict(zip(names, row, strict=True))


def rotate_data_keys(*, actor=None, batch: int = 500) -> RotationResult:
    """Rewrite every value not stored under the current key and cipher; recompute search hashes of
    those rows. Raises crypto.DecryptionError (nothing written for that row's batch) when a value
    opens with no configured key."""
    ring = crypto.keyring()
    if ring.current is None:
        raise crypto.DecryptionError("GONGKAI_DATA_KEY is not set")
    rows = values = 0
    for model, names in encrypted_fields():
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch):
            with transaction.atomic():
                for instance in model._default_manager.filter(pk__in=pks[start : start + batch]):
                    stored = _stored(model, instance.pk, names)
                    stale = [name for name in names if stored[name] and ring.needs_rotation(stored[name])]
                    if not stale:
                        continue
                    # A model searched by keyed hashes declares them; they change with the key.
                    extra = list(getattr(model, "SEARCH_HASH_FIELDS", ()))
                    if extra:
                        instance.set_search_hashes()
                    # update() writes each field through EncryptedTextField, under the current key.
                    model._default_manager.filter(pk=instance.pk).update(
                        **{name: getattr(instance, name) for name in [*stale, *extra]}
                    )
                    rows += 1
                    values += len(stale)
    audit.record(
        actor=actor,
        action="keys.rotate",
        target=("core.keys", ring.current.key_id, f"数据加密密钥 {ring.current.key_id}"),
        after={"rows": rows, "values": values, "cipher": ring.cipher},
    )
    return RotationResult(rows=rows, values=values, key_id=ring.current.key_id, cipher=ring.cipher)
