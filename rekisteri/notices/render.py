"""Render the documents as HTML, PDF (WeasyPrint, DejaVu fonts) and CSV.

The PDF is made from the same templates as the HTML, with the app's own
stylesheet passed in directly; WeasyPrint may fetch nothing else (no network,
no files), so a document can never pull in outside content.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from rekisteri.notices import texts
from rekisteri.notices.documents import Notice

STYLESHEET = Path(__file__).resolve().parent / "static" / "notices" / "notice.css"


def notice_context(notice: Notice) -> dict[str, Any]:
    """Return the template context of a notice: the notice and its fixed sentences."""
    with translation.override(notice.language):
        return {
            "notice": notice,
            "language": notice.language,
            "document_title": f"{notice.title} — {notice.controller.name}",
            "recipients_intro": str(texts.RECIPIENTS_INTRO),
            "processors_intro": str(texts.PROCESSORS_INTRO),
            "proposal_note": str(texts.PROPOSAL_NOTE),
        }


def render_document(
    template: str,
    context: dict[str, Any],
    *,
    language: str,
    pdf: bool = False,
    request: HttpRequest | None = None,
) -> str:
    """Render a standalone document template in ``language``."""
    with translation.override(language):
        return render_to_string(
            template, {**context, "language": language, "pdf": pdf}, request=request
        )


def html_to_pdf(html: str) -> bytes:
    """Return ``html`` as a PDF, styled by the notices stylesheet and nothing fetched."""
    from weasyprint import CSS, HTML, URLFetcher

    no_fetching = URLFetcher(allowed_protocols=set())
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=no_fetching)
    result = HTML(string=html, url_fetcher=no_fetching).write_pdf(stylesheets=[stylesheet])
    assert isinstance(result, bytes)
    return result


def notice_html(notice: Notice, *, links: Sequence[tuple[str, str]] = ()) -> str:
    """Return the notice as a standalone HTML page (the public page)."""
    context = {**notice_context(notice), "links": list(links)}
    return render_document("notices/notice_document.html", context, language=notice.language)


def notice_pdf(notice: Notice) -> bytes:
    """Return the notice as a PDF document."""
    html = render_document(
        "notices/notice_document.html", notice_context(notice), language=notice.language, pdf=True
    )
    return html_to_pdf(html)


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """Return ``rows`` as UTF-8 CSV with a byte-order mark, so spreadsheets read ä and ö."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
