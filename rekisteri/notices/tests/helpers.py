"""Shared helpers of the notices tests: inputs without a database, text of a page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from typing import Any

from rekisteri.notices.defaults import DEFAULT_CONTROLLER
from rekisteri.notices.documents import (
    ControllerContact,
    Notice,
    NoticeInputs,
    build_notice,
    content_version,
)
from rekisteri.notices.models import Audience, ControllerSettings
from rekisteri.notices.render import notice_html

CONTROLLER = ControllerContact.from_settings(ControllerSettings(**DEFAULT_CONTROLLER))
HANDLERS = ("Helmi Hoitaja", "Terttu Terveys")


def inputs(**changes: Any) -> NoticeInputs:
    base = NoticeInputs(controller=CONTROLLER, health_handlers=HANDLERS)
    return dataclasses.replace(base, **changes)


def published(audience: Audience, language: str, **changes: Any) -> Notice:
    """Build a notice and stamp it with its version and a fixed date, as serving does."""
    notice = build_notice(audience, inputs(**changes), language)
    return dataclasses.replace(
        notice, version=content_version(notice), valid_from=dt.date(2026, 3, 2)
    )


def page_text(markup: str | bytes) -> str:
    """Return the visible text of an HTML page, whitespace collapsed, entities decoded."""
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8")
    text = re.sub(r"<[^>]+>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(text))


def notice_text(notice: Notice) -> str:
    return page_text(notice_html(notice))


def section(text: str, start: str, end: str) -> str:
    """Return the text from the last ``start`` (a heading) to the next ``end``."""
    first = text.rindex(start)
    return text[first : text.index(end, first)]
