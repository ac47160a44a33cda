"""docs/data-map.md and docs/roles.md are generated; they must match the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekisteri.privacy.management.commands.render_docs import generated_documents

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("relative", "content"), list(generated_documents().items()))
def test_generated_document_is_current(relative, content):
    path = ROOT / relative
    assert path.exists(), f"{relative} is missing: run `rekisteri render_docs`"
    assert path.read_text(encoding="utf-8") == content, (
        f"{relative} is stale: run `rekisteri render_docs`"
    )
