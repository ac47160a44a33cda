"""The scopes an API key may hold; each endpoint needs exactly one of them.

A key gets only the scopes its integration needs (least privilege, GDPR
Art. 25(2) and 32(4)): the web shop's key writes orders, accounts and cookie
choices but cannot read anyone's records.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    WEBSHOP_WRITE = "webshop:write", _("Create orders and web-shop accounts, record cookie choices")
    CONSENT_WRITE = "consent:write", _("Record marketing opt-ins and opt-outs")
    PEOPLE_READ = "people:read", _("Search people by identifier")
    RECORDS_READ = (
        "records:read",
        _("Read a person's customer, sales, web-shop and service records"),
    )
    REQUESTS_WRITE = "requests:write", _("Submit data-subject requests")
    REQUESTS_READ = "requests:read", _("Read the status of data-subject requests")
    ACCESS_READ = "access:read", _("Download the access bundle of a confirmed request")
    DISCLOSURES_WRITE = "disclosures:write", _("Record disclosures to recipients")


def parse_scopes(values: list[str] | tuple[str, ...]) -> list[str]:
    """Return the scopes in their canonical order; raise ``ValueError`` on an unknown one."""
    unknown = sorted(set(values) - set(Scope.values))
    if unknown:
        raise ValueError(", ".join(unknown))
    return [scope for scope in Scope.values if scope in values]
