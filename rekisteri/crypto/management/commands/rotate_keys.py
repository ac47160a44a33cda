"""``rekisteri rotate_keys``: a new field-encryption key, everything re-encrypted under it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rekisteri.crypto.aead import DecryptionError
from rekisteri.crypto.rotation import (
    RotationRefused,
    add_key,
    keys_in_use,
    reencrypt_all,
    retire_old_keys,
)


class Command(BaseCommand):
    help = (
        "Add a new key to the field keyring (DATA_DIR/keys/field-keys.json), make it current "
        "and re-encrypt every encrypted field value and encrypted upload under it. Old keys "
        "stay in the keyring until --retire-old removes the ones nothing uses. Stop the app "
        "first and start it afterwards. Re-running with --no-new-key finishes an interrupted "
        "run. Refuses when the keyring comes from REKISTERI_FIELD_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-new-key",
            action="store_true",
            help="Only re-encrypt what is not under the current key (resume a run).",
        )
        parser.add_argument(
            "--retire-old",
            action="store_true",
            help="Only remove old keys that no stored value or file uses any more.",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["retire_old"]:
                self._retire()
                return
            if not options["no_new_key"]:
                self.stdout.write(f"New current key: {add_key()}")
            report = reencrypt_all(options["batch_size"])
        except RotationRefused as exc:
            raise CommandError(str(exc)) from exc
        except DecryptionError as exc:
            raise CommandError(
                f"a value does not decrypt, nothing more was changed: {exc}"
            ) from exc
        self.stdout.write(f"Re-encrypted {report.values} values and {report.files} files.")
        for path in report.unknown_files:
            self.stderr.write(f"Not re-encrypted (unknown owner, so unknown context): {path}")
        if report.unknown_files:
            raise CommandError("some encrypted files were left under an old key")
        self.stdout.write("Start the app again; then run rotate_keys --retire-old.")

    def _retire(self) -> None:
        retired = retire_old_keys()
        self.stdout.write(f"Retired keys: {', '.join(retired) or 'none'}.")
        still = sorted(keys_in_use())
        self.stdout.write(f"Keys in use: {', '.join(still) or 'none'}.")
