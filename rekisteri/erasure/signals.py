"""Signals of the erasure app, for registers that own more than rows (files)."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent at the end of ``reapply_erasures`` (``rekisteri reapply-erasures``, and after
#: every ``rekisteri restore``) with ``report``. A register that owns files removes
#: those no row refers to any more and returns how many it removed.
erasures_reapplied = Signal()
