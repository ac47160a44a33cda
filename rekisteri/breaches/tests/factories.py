"""Test data for the breach register: valid, obviously fictional breaches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rekisteri.breaches.models import Breach
from rekisteri.breaches.services import record_breach

NOW = timezone.make_aware(dt.datetime(2025, 6, 12, 12, 0))


def breach_data(**overrides: Any) -> dict[str, Any]:
    """Return the fields of a freshly detected confidentiality breach, valid at ``NOW``."""
    data: dict[str, Any] = {
        "title": "Laptop stolen from the service van",
        "detected_at": NOW - dt.timedelta(hours=5),
        "aware_at": NOW - dt.timedelta(hours=4),
        "nature_confidentiality": True,
        "description": "An unencrypted service laptop with customer job notes was stolen.",
        "cause": "Theft from a vehicle",
        "subject_categories": ["service_customers"],
        "people_affected": 120,
        "data_categories": ["contact", "service"],
        "records_affected": 340,
        "consequences": "Customers may receive phishing messages.",
        "measures": "Remote wipe requested; passwords of the shop's accounts changed.",
        "contact_name": "Rekisterivastaava Testi",
        "contact_email": "tietosuoja@example.com",
        "contact_phone": "+358 40 123 4567",
    }
    data.update(overrides)
    return data


def make_breach(actor: Any = None, *, now: dt.datetime = NOW, **overrides: Any) -> Breach:
    return record_breach(actor, data=breach_data(**overrides), now=now)


def unsaved(**overrides: Any) -> Breach:
    """A breach instance that never touches the database (for the pure rules)."""
    return Breach(**breach_data(**overrides))
