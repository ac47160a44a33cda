"""A general description of the security measures, derived from what the system does.

GDPR Art. 30(1)(g) asks the record of processing activities for "a general
description of the technical and organisational security measures referred to in
Article 32(1)", and the notices describe them too. The sentences here are
chosen from facts the code can see — which fields are encrypted secrets or
special categories, how many roles the permission matrix has, whether HTTPS is
enforced, how long a session lasts — so the description cannot promise a measure
the system does not take.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rekisteri.accounts.roles import Role
from rekisteri.privacy.datamap import FieldSpec
from rekisteri.privacy.vocabulary import Category, Sensitivity


@dataclass(frozen=True)
class SecurityFacts:
    """Facts about the installation that the description depends on (read from settings)."""

    https: bool = False
    session_minutes: int = 0


def _labels(categories: Iterable[Category]) -> str:
    ordered = [c for c in Category if c in set(categories)]
    return ", ".join(str(c.label).lower() for c in ordered)


def security_measures(specs: Iterable[FieldSpec], facts: SecurityFacts) -> list[str]:
    """Return the security measures that protect ``specs``, one sentence each.

    Call inside the language the sentences are wanted in. Sources: GDPR Art.
    25(2), 30(1)(g) and 32(1); Tietosuojalaki 1050/2018 6 § (logs, access
    limits, encryption for special categories) and 35 § (confidentiality).
    """
    specs = list(specs)
    secret = {
        s.category
        for s in specs
        if s.sensitivity is Sensitivity.SECRET and not s.name.endswith("password_hash")
    }
    special = {s.category for s in specs if s.sensitivity is Sensitivity.SPECIAL}
    measures = [
        ngettext(
            "Access to the registers requires a personal user account. The system has %(count)d "
            "role, which reaches only the registers its work needs; everything else is denied "
            "by default.",
            "Access to the registers requires a personal user account. Each of the system's "
            "%(count)d roles reaches only the registers its work needs; everything else is "
            "denied by default.",
            len(Role),
        )
        % {"count": len(Role)},
    ]
    if secret:
        measures.append(
            _(
                "These data are encrypted at rest with keys kept outside the database, and are "
                "shown masked: %(categories)s."
            )
            % {"categories": _labels(secret)}
        )
    if any(s.name.endswith("password_hash") for s in specs):
        measures.append(_("Passwords are stored only as one-way hashes, never in clear."))
    if special:
        measures.append(
            _(
                "Special categories of data (%(categories)s) are kept apart from other data, "
                "encrypted, and readable only by named persons."
            )
            % {"categories": _labels(special)}
        )
    measures.append(
        _(
            "Every view of a person's data or of a secret value, and every change of personal "
            "data, is written to an append-only, hash-chained audit log that shows who did what "
            "and when."
        )
    )
    measures.append(
        _(
            "Each kind of data has a retention rule in the system; when its period ends, the "
            "data is deleted or anonymised."
        )
    )
    if facts.https:
        measures.append(_("Connections to the system are encrypted (HTTPS)."))
    if facts.session_minutes:
        measures.append(
            ngettext(
                "A session ends after %(count)d minute without activity.",
                "A session ends after %(count)d minutes without activity.",
                facts.session_minutes,
            )
            % {"count": facts.session_minutes}
        )
    if any(s.category is Category.ACCOUNTING for s in specs):
        measures.append(
            _(
                "Paper printouts of accounting material are kept in the locked and guarded "
                "premises of the company or of its accounting firm."
            )
        )
    measures.append(
        _(
            "Everyone who handles personal data is bound to confidentiality (Tietosuojalaki "
            "1050/2018 35 §) and handles it only on the company's instructions (GDPR Art. "
            "32(4))."
        )
    )
    return measures
