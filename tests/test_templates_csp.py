"""No inline script or style in any template (ASVS 5.0 3.4.3; CSP without 'unsafe-inline').

The Content-Security-Policy allows scripts and styles from 'self' only, so an
inline <script>, a style="" attribute or an on*="" handler would be blocked in
the browser (tests/browser/test_csp.py checks that live). This scan finds them
before they ship.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "rekisteri"
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
#: Documents rendered outside the app's pages: PDFs (WeasyPrint reads their
#: <style>) and the access letter as a standalone file of the portability bundle
#: (rekisteri/access/render.py embeds the stylesheet only there).
NOT_FOR_THE_BROWSER = ("pdf", "letter_document")


def test_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_style_or_handler(path):
    text = path.read_text(encoding="utf-8")
    problems = [
        name
        for name, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("on*= handler", HANDLER),
            ("javascript: URL", JAVASCRIPT_URL),
            ("style= attribute", STYLE_ATTRIBUTE),
        )
        if pattern.search(text)
    ]
    if STYLE_ELEMENT.search(text) and not any(m in path.name for m in NOT_FOR_THE_BROWSER):
        problems.append("<style> element")
    assert not problems, problems
