"""PDF rendering of the documents (WeasyPrint with the DejaVu fonts).

``pdftotext`` is not installed, so a PDF is checked three ways: its bytes are
a complete PDF, its decompressed objects hold the expected number of pages and
a bookmark per heading, and the layout WeasyPrint computed from the same HTML
holds the notice's text on its pages.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib

import pytest
from weasyprint import CSS, HTML

from rekisteri.notices.models import Audience
from rekisteri.notices.processing import build_processing_record
from rekisteri.notices.render import (
    STYLESHEET,
    html_to_pdf,
    notice_context,
    notice_pdf,
    render_document,
)
from rekisteri.notices.schedule import build_retention_schedule
from rekisteri.notices.tests.helpers import CONTROLLER, inputs, published
from rekisteri.privacy.retention import RULES


def _objects(pdf: bytes) -> bytes:
    """Return the PDF's streams, decompressed and joined."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            found.append(match.group(1))
    return b"\n".join(found)


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", _objects(pdf)))


def _layout_text(html: str) -> list[str]:
    """Return the text of each page as WeasyPrint laid it out."""
    document = HTML(string=html).render(stylesheets=[CSS(filename=str(STYLESHEET))])
    pages = []
    for page in document.pages:
        parts: list[str] = []
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if hasattr(box, "text"):
                parts.append(box.text)
            stack.extend(reversed(getattr(box, "children", [])))
        pages.append(" ".join(parts))
    return pages


@pytest.mark.parametrize(("audience", "language"), [("customers", "en"), ("staff", "fi")])
def test_a_notice_renders_as_a_complete_multi_page_pdf(audience, language):
    notice = published(Audience(audience), language)

    pdf = notice_pdf(notice)

    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 20_000
    assert _page_count(pdf) >= 3


def test_the_pdf_has_a_bookmark_for_each_heading():
    notice = published(Audience.CUSTOMERS, "en")

    objects = _objects(notice_pdf(notice))

    for heading in (b"Controller", b"Your right to object", b"How long we keep the data"):
        assert b"/Title (" + heading + b")" in objects


def test_the_laid_out_pages_carry_the_notice_text():
    notice = published(Audience.CUSTOMERS, "fi")
    html = render_document(
        "notices/notice_document.html", notice_context(notice), language="fi", pdf=True
    )

    pages = _layout_text(html)

    assert len(pages) >= 3
    assert "Tietosuojaseloste asiakkaille ja verkkokaupan käyttäjille" in pages[0]
    assert CONTROLLER.business_id in pages[0]
    assert "www.tietosuoja.fi" in " ".join(pages)


def test_the_pdf_fetches_nothing_from_outside(caplog):
    html = (
        '<html><body><img src="http://example.invalid/x.png">'
        '<link rel="stylesheet" href="file:///etc/passwd"><p>Hei</p></body></html>'
    )

    with caplog.at_level("WARNING"):
        assert html_to_pdf(html).startswith(b"%PDF-")

    refused = [r.getMessage() for r in caplog.records if "disallowed protocol" in r.getMessage()]
    assert len(refused) == 2


def test_the_record_and_the_schedule_render_as_pdf():
    record = build_processing_record(inputs(), "en")
    schedule = build_retention_schedule(
        RULES, today=dt.date(2026, 3, 2), fy_start="01-01", language="en"
    )

    record_pdf = html_to_pdf(
        render_document(
            "notices/processing_document.html", {"record": record}, language="en", pdf=True
        )
    )
    schedule_pdf = html_to_pdf(
        render_document(
            "notices/schedule_document.html",
            {"schedule": schedule, "wide": True},
            language="en",
            pdf=True,
        )
    )

    assert record_pdf.startswith(b"%PDF-")
    assert _page_count(record_pdf) >= 2
    assert b"/Title (Record of processing activities)" in _objects(record_pdf)
    assert schedule_pdf.startswith(b"%PDF-")
