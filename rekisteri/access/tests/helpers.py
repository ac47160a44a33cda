"""Reading what an access report produced: the letter's text, the PDF's text, the bundle."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
import zlib
from typing import Any

from weasyprint import CSS, HTML

from rekisteri.access.render import STYLESHEET, render_letter
from rekisteri.access.report import AccessData


def html_text(html: str) -> str:
    """Return the visible text of an HTML letter, whitespace collapsed."""
    text = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    for entity, char in (("&amp;", "&"), ("&quot;", '"'), ("&#x27;", "'"), ("&lt;", "<")):
        text = text.replace(entity, char)
    return re.sub(r"\s+", " ", text)


def pdf_layout_text(data: AccessData) -> str:
    """Return the text WeasyPrint lays out on the PDF's pages, from the PDF's own HTML.

    ``pdftotext`` is not installed; the PDF is made from exactly this HTML and
    stylesheet, so its pages hold exactly this text.
    """
    document = HTML(string=render_letter(data, pdf=True)).render(
        stylesheets=[CSS(filename=str(STYLESHEET))]
    )
    parts: list[str] = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if hasattr(box, "text"):
                parts.append(box.text)
            stack.extend(reversed(getattr(box, "children", [])))
    return re.sub(r"\s+", " ", " ".join(parts))


def pdf_streams(pdf: bytes) -> bytes:
    """Return the PDF's bytes with every stream decompressed (metadata, object streams)."""
    found = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            found.append(match.group(1))
    return b"\n".join(found)


def bundle_files(bundle: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def bundle_json(bundle: bytes, path: str) -> Any:
    return json.loads(bundle_files(bundle)[path].decode("utf-8"))


def bundle_csv(bundle: bytes, path: str) -> list[dict[str, str]]:
    text = bundle_files(bundle)[path].decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))
