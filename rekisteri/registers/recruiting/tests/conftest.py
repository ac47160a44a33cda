"""Fixtures of the recruitment tests: a private upload directory per test and CV bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from rekisteri.registers.recruiting.demo import minimal_pdf


@pytest.fixture(autouse=True)
def upload_dir(settings: Any, tmp_path: Path) -> Path:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


@pytest.fixture
def cv_dir(upload_dir: Path) -> Path:
    return upload_dir / "cv"


@pytest.fixture
def pdf_bytes() -> bytes:
    return minimal_pdf(["ANSIOLUETTELO", "Testi Hakija", "CANARY-CV-TEXT"])


def make_zip(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first is not None:
            archive.writestr(first, members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_bytes(types: bytes = DOCX_TYPES, extra: dict[str, bytes] | None = None) -> bytes:
    members = {"[Content_Types].xml": types, "word/document.xml": b"<w:document/>"}
    members.update(extra or {})
    return make_zip(members)


def odt_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    members = {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": b"<office:document-content/>",
    }
    members.update(extra or {})
    return make_zip(members, first="mimetype")
