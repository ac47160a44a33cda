from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The reasons are asserted in English, the source language."""
    with translation.override("en"):
        yield
