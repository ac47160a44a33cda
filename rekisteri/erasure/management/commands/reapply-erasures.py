"""``rekisteri reapply-erasures``: the issue's spelling of ``reapply_erasures``."""

from __future__ import annotations

from rekisteri.erasure.management.commands.reapply_erasures import Command as ReapplyCommand


class Command(ReapplyCommand):
    pass
