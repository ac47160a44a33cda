"""Check a notice against every item GDPR Art. 13(1)–(2), 14 and 21(4) require.

The staff page shows the result beside each notice, and the test suite requires
every item to pass for every audience and language. Each check looks at the
built :class:`~rekisteri.notices.documents.Notice`, not at the data map, so it
catches a notice that lost an item on the way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.notices.documents import RIGHT_CODES, Notice
from rekisteri.privacy.vocabulary import Basis

REQUIRED_RIGHTS = ("access", "rectification", "erasure", "restriction", "objection", "portability")


@dataclass(frozen=True)
class CheckItem:
    article: str
    label: Promise
    ok: bool


def check_notice(notice: Notice) -> list[CheckItem]:
    """Return one item per requirement with whether the notice meets it."""
    c = notice.controller
    purposes = notice.purposes
    legitimate = [p for p in purposes if Basis.LEGITIMATE_INTEREST in p.basis_codes]
    used_bases = {b for p in purposes for b in p.basis_codes}
    retained = {cat for r in notice.retention for cat in r.categories}
    rights = {r.code for r in notice.rights}
    transfers = [*notice.recipients, *notice.processors]
    return [
        CheckItem(
            "13(1)(a)",
            _("Controller's identity and contact details"),
            all([c.name, c.business_id, c.street_address, c.postal_code, c.city])
            and bool(c.phone or c.email),
        ),
        CheckItem(
            "13(1)(b)", _("Data protection officer, or that none is appointed"), bool(notice.dpo)
        ),
        CheckItem(
            "13(1)(c)",
            _("Purposes, each with its legal basis"),
            bool(purposes) and all(p.bases for p in purposes),
        ),
        CheckItem(
            "13(1)(d)",
            _("Legitimate interests wherever GDPR Art. 6(1)(f) is the basis"),
            all(p.legitimate_interests for p in legitimate),
        ),
        CheckItem(
            "13(1)(e)",
            _("Recipients or categories of recipients"),
            bool(notice.recipients) and bool(notice.processors),
        ),
        CheckItem(
            "13(1)(f)",
            _("Transfers outside the EU/EEA and their safeguards"),
            bool(notice.transfers) and all(e.safeguard for e in transfers if e.outside_eea),
        ),
        CheckItem(
            "13(2)(a)",
            _("Retention period or its criteria for every category"),
            bool(notice.retention)
            and all(r.period for r in notice.retention)
            and all(cat.label in retained for cat in notice.categories),
        ),
        CheckItem(
            "13(2)(b)",
            _("Rights of access, rectification, erasure, restriction, objection and portability"),
            set(REQUIRED_RIGHTS) <= rights and set(RIGHT_CODES) == rights,
        ),
        CheckItem("13(2)(c)", _("Right to withdraw consent"), bool(notice.consent_withdrawal)),
        CheckItem(
            "13(2)(d)",
            _("Right to complain to the Data Protection Ombudsman"),
            "tietosuoja.fi" in notice.complaint,
        ),
        CheckItem(
            "13(2)(e)",
            _("Whether data is required, and what follows if it is not given"),
            {r.code for r in notice.requirements} == used_bases
            and all(r.paragraphs for r in notice.requirements),
        ),
        CheckItem("13(2)(f)", _("Automated decision-making and profiling"), bool(notice.automated)),
        CheckItem(
            "14(1)(d), 14(2)(f)",
            _("Categories and source of data not obtained from the person"),
            all(cat.sources for cat in notice.from_others),
        ),
        CheckItem(
            "21(4)",
            _("The right to object, stated clearly and separately"),
            len(notice.objection) >= 2,
        ),
        CheckItem("13(3)", _("Version and date"), bool(notice.version and notice.valid_from)),
    ]


def notice_passes(notice: Notice) -> bool:
    return all(item.ok for item in check_notice(notice))
