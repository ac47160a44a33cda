"""Consent and marketing in the staff app menu.

Each link is also a probe of the permission-matrix test: "Consents" proves
``consent.view``, "Record a consent" ``consent.edit`` and "Marketing export"
``marketing.export``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.web.screens import NavLink, register_nav_link

register_nav_link(
    NavLink(
        _("Consents"), "consent:consent-list", Capability.CONSENT_VIEW, section="duties", order=40
    )
)
register_nav_link(
    NavLink(
        _("Record a consent"),
        "consent:consent-record",
        Capability.CONSENT_EDIT,
        section="duties",
        order=41,
    )
)
register_nav_link(
    NavLink(
        _("Marketing export"),
        "consent:marketing-export",
        Capability.MARKETING_EXPORT,
        section="duties",
        order=42,
    )
)
