"""Key rotation: add a key, re-encrypt every field and file under it, retire old keys.

Order matters and each step is safe to repeat:

1. :func:`add_key` writes a new key into the keyring file and makes it current;
   the old keys stay, so everything still reads.
2. :func:`reencrypt_all` rewrites every ``EncryptedTextField`` value and every
   encrypted upload whose key id is not the current one (batches, one
   transaction each; files replaced atomically). Re-running it after an
   interruption finishes the job and rewrites nothing twice.
3. :func:`retire_old_keys` drops keys that nothing uses any more; it checks
   first, so a key still needed is never removed.

Running app processes cache the keyring: stop them before step 1 and start them
after step 2 (a process with the old keyring cannot read the new key's values).
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import router, transaction
from django.db.models import Model, TextField, Value
from django.db.models.functions import Cast

from rekisteri.crypto import keys
from rekisteri.crypto.aead import (
    _FILE_MAGIC,
    decrypt_file_bytes,
    decrypt_text,
    encrypt_file_bytes,
    encrypt_text,
    token_key_id,
)
from rekisteri.crypto.fields import EncryptedTextField

#: Associated data of an encrypted CV, as rekisteri.registers.recruiting.storage makes it.
CV_CONTEXT = "recruiting.cv:{name}"


class RotationRefused(Exception):
    """The rotation cannot proceed safely; the message says what to do."""


@dataclass
class RotationReport:
    values: int = 0
    files: int = 0
    unknown_files: list[str] = field(default_factory=list)


def keyring_path() -> Path:
    return Path(settings.KEYS_DIR) / "field-keys.json"


def _refuse_environment_keyring() -> None:
    if getattr(settings, "FIELD_KEYS", ""):
        raise RotationRefused(
            "The keyring comes from REKISTERI_FIELD_KEYS, which this command cannot change. "
            "Add a new key to that JSON yourself, make it `current`, keep the old keys, "
            "restart the app with it, then run `rekisteri rotate_keys --no-new-key`."
        )


def _write_keyring(ring: keys.Keyring) -> None:
    path = keyring_path()
    data = {
        "current": ring.current,
        "keys": {kid: base64.b64encode(key).decode() for kid, key in ring.keys.items()},
    }
    _replace_private(path, json.dumps(data, indent=2).encode("utf-8"))
    keys.clear_cache()


def _replace_private(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` atomically, mode 0600, synced to disk."""
    temporary = keys.write_synced_temporary(path.parent, content, ".rotate-")
    try:
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def add_key() -> str:
    """Add a fresh 256-bit key to the keyring file, make it current and return its id."""
    _refuse_environment_keyring()
    keys.clear_cache()
    ring = keys.field_keyring()  # creates the file on first use
    numbers = [int(m.group(1)) for kid in ring.keys if (m := re.fullmatch(r"k(\d+)", kid))]
    new_id = f"k{max(numbers, default=0) + 1}"
    while new_id in ring.keys:
        new_id += "x"
    new_keys = {**ring.keys, new_id: secrets.token_bytes(32)}
    _write_keyring(keys.Keyring(current=new_id, keys=new_keys))
    return new_id


def encrypted_columns() -> Iterator[tuple[type[Model], EncryptedTextField]]:
    """Every (model, field) whose column holds encrypted tokens."""
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, EncryptedTextField):
                yield model, model_field


def _raw_batches(
    model: type[Model], model_field: EncryptedTextField, batch_size: int
) -> Iterator[list[tuple[Any, str]]]:
    """Yield (pk, raw token) batches in pk order, read past the field's decryption.

    Casting the column to plain text keeps the field's ``from_db_value`` (which
    decrypts) out of the read, so the token's key id can be seen.
    """
    name = model_field.name
    queryset = (
        model._base_manager.exclude(**{name: ""})
        .exclude(**{f"{name}__isnull": True})
        .annotate(raw_token=Cast(name, output_field=TextField()))
        .order_by("pk")
    )
    last: Any = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = [(pk, str(raw)) for pk, raw in page.values_list("pk", "raw_token")[:batch_size]]
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _context(model_field: EncryptedTextField) -> str:
    return f"{model_field.model._meta.label_lower}.{model_field.name}"


def reencrypt_fields(batch_size: int = 500) -> int:
    """Re-encrypt every encrypted value not under the current key; return how many."""
    current = keys.field_keyring().current
    changed = 0
    for model, model_field in encrypted_columns():
        alias = router.db_for_write(model)
        context = _context(model_field)
        for rows in _raw_batches(model, model_field, batch_size):
            stale = [(pk, token) for pk, token in rows if token_key_id(token) != current]
            if not stale:
                continue
            with transaction.atomic(using=alias):
                for pk, token in stale:
                    plaintext = decrypt_text(token, context=context)
                    # A Value() is written as is: the field would encrypt a plain string again.
                    new_token = Value(encrypt_text(plaintext, context=context), TextField())
                    model._base_manager.using(alias).filter(pk=pk).update(
                        **{model_field.name: new_token}
                    )
            changed += len(stale)
    return changed


def file_key_id(data: bytes) -> str | None:
    """Return the key id of an encrypted upload, or None when it is not one."""
    if not data.startswith(_FILE_MAGIC):
        return None
    header, _sep, _blob = data[len(_FILE_MAGIC) :].partition(b"\n")
    return header.decode("ascii", errors="replace")


def _file_context(path: Path) -> str | None:
    """The associated data of an upload, when its owner's naming pattern is known."""
    upload_dir = Path(settings.UPLOAD_DIR)
    if path.parent == upload_dir / "cv" and not path.name.startswith("."):
        return CV_CONTEXT.format(name=path.name)
    if path.parent == upload_dir / "imports" and not path.name.startswith("."):
        return f"imports.staged:{path.name}"
    return None


def _encrypted_files() -> Iterator[tuple[Path, bytes]]:
    upload_dir = Path(settings.UPLOAD_DIR)
    if not upload_dir.exists():
        return
    for path in sorted(upload_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if data.startswith(_FILE_MAGIC):
                yield path, data


def reencrypt_files(report: RotationReport) -> None:
    """Re-encrypt every encrypted upload not under the current key (atomic replace)."""
    current = keys.field_keyring().current
    for path, data in _encrypted_files():
        if file_key_id(data) == current:
            continue
        context = _file_context(path)
        if context is None:
            report.unknown_files.append(str(path))
            continue
        plaintext = decrypt_file_bytes(data, context=context)
        _replace_private(path, encrypt_file_bytes(plaintext, context=context))
        report.files += 1


def reencrypt_all(batch_size: int = 500) -> RotationReport:
    """Bring every encrypted value and file under the current key."""
    keys.clear_cache()
    report = RotationReport()
    report.values = reencrypt_fields(batch_size)
    reencrypt_files(report)
    return report


def keys_in_use() -> set[str]:
    """Every key id that some stored value or upload still needs."""
    used: set[str] = set()
    for model, model_field in encrypted_columns():
        for rows in _raw_batches(model, model_field, 2000):
            used.update(token_key_id(token) for _pk, token in rows)
    for _path, data in _encrypted_files():
        key_id = file_key_id(data)
        if key_id is not None:
            used.add(key_id)
    return used


def retire_old_keys() -> list[str]:
    """Remove the keys nothing uses any more; return their ids. The current key stays."""
    _refuse_environment_keyring()
    keys.clear_cache()
    ring = keys.field_keyring()
    used = keys_in_use()
    retired = sorted(kid for kid in ring.keys if kid != ring.current and kid not in used)
    if retired:
        kept = {kid: key for kid, key in ring.keys.items() if kid not in retired}
        _write_keyring(keys.Keyring(current=ring.current, keys=kept))
    return retired
