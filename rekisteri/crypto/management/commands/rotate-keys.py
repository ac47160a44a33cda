"""``rekisteri rotate-keys``: the issue's spelling of ``rotate_keys``."""

from __future__ import annotations

from rekisteri.crypto.management.commands.rotate_keys import Command as RotateKeysCommand


class Command(RotateKeysCommand):
    pass
