"""Erasure tests: English messages, and a ledger of their own in a temporary directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def ledger_dir(settings: Any, tmp_path: Path) -> Path:
    """Each test writes its own ledger, so no test replays another's erasures."""
    directory = tmp_path / "ledger"
    settings.ERASURE_LEDGER_DIR = directory
    return directory
