"""Shared test helpers: a valid form, the link of a sent message, a Finnish or English client."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.core.mail import EmailMessage

from rekisteri.intake.services import Submission

EMAIL = "maija.meikalainen@example.fi"

LINK = re.compile(r"https?://testserver(/privacy/confirm/[^/\s]+/)")


def form_data(**overrides: Any) -> dict[str, str]:
    data = {
        "kind": "access",
        "objection_scope": "",
        "requester_name": "Maija Meikäläinen",
        "requester_email": EMAIL,
        "requester_phone": "",
        "customer_number": "",
        "order_number": "",
        "description": "",
        "website": "",
        "language": "fi",
    }
    data.update(overrides)
    return data


def submission(**overrides: Any) -> Submission:
    values: dict[str, Any] = {
        "kind": "access",
        "requester_name": "Maija Meikäläinen",
        "requester_email": EMAIL,
        "language": "fi",
    }
    values.update(overrides)
    return Submission(**values)


def link_path(message: EmailMessage) -> str:
    """Return the path of the confirmation link in ``message`` (it must have exactly one)."""
    found = LINK.findall(str(message.body))
    assert len(found) == 1, message.body
    return str(found[0])


def last_link() -> str:
    return link_path(mail.outbox[-1])


def fake_link(token: str) -> str:
    return f"http://testserver/privacy/confirm/{token}/"
