"""Pure rules of disclosures and processors: no database, no clock.

- :func:`processor_warnings` says what is missing or overdue in a processor's
  Art. 28 paperwork on a given day;
- :func:`is_third_country` and :func:`transfer_lacks_safeguard` apply GDPR Chapter V;
- :func:`restriction_blocks_disclosure` applies GDPR Art. 18(2);
- :func:`reference_problem` keeps personal data out of the disclosure's
  order/job number field (GDPR Art. 5(1)(c)).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rekisteri.privacy.identifiers import extract_identifiers
from rekisteri.privacy.vocabulary import Basis

#: The EU member states and the other EEA states (Iceland, Liechtenstein, Norway).
#: A transfer to any other country is a third-country transfer (GDPR Art. 44).
EEA_COUNTRIES = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
        "IS", "LI", "NO",
    }
)  # fmt: skip

#: The Art. 28(3)(a)–(h) clauses: (letter, field name on Processor).
ART_28_CLAUSES: tuple[tuple[str, str], ...] = (
    ("a", "has_documented_instructions"),
    ("b", "has_confidentiality"),
    ("c", "has_security_measures"),
    ("d", "has_sub_processor_terms"),
    ("e", "has_rights_assistance"),
    ("f", "has_compliance_assistance"),
    ("g", "has_deletion_or_return"),
    ("h", "has_audit_rights"),
)

_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_REFERENCE_RE = re.compile(r"^[\w\-/.#: ]+$")


def is_valid_country_code(code: str) -> bool:
    """Return whether ``code`` has the form of an ISO 3166-1 alpha-2 code (two capitals)."""
    return bool(_COUNTRY_RE.match(code))


def is_third_country(country: str) -> bool:
    """Return whether ``country`` lies outside the EU/EEA (GDPR Art. 44).

    An empty country is unknown, not a third country (the warnings ask for it).
    """
    return bool(country) and country.upper() not in EEA_COUNTRIES


def transfer_lacks_safeguard(country: str, mechanism: str) -> bool:
    """Return whether data goes to a third country with no transfer mechanism.

    A transfer outside the EU/EEA needs an adequacy decision (GDPR Art. 45),
    appropriate safeguards such as standard contractual clauses (Art. 46) or
    binding corporate rules (Art. 47). ``mechanism`` is a TransferMechanism value.
    """
    return is_third_country(country) and mechanism in ("", "none")


def restriction_blocks_disclosure(*, is_restricted: bool, basis: str) -> bool:
    """Return whether a restriction of processing forbids this disclosure.

    Restricted data may, apart from storage, be processed only with the
    person's consent, for legal claims, to protect another person or for an
    important public interest (GDPR Art. 18(2)). A disclosure on the person's
    consent or under a legal obligation (a police request, the auditor) is
    allowed; one under contract or legitimate interests is not.
    """
    return is_restricted and basis not in (Basis.CONSENT, Basis.LEGAL_OBLIGATION)


def reference_problem(text: str) -> str | None:
    """Return why ``text`` is not a plain order, job or case number, or ``None`` if it is.

    The field is for a number the recipient and the shop both know, never for
    personal text (GDPR Art. 5(1)(c)): it must contain a digit, only letters,
    digits, spaces and ``- _ / . # :``, and no e-mail, phone number, identity
    code, IBAN or IP address. This is a guard against mistakes, not a proof.
    """
    if not text:
        return None
    if len(text) > 40:
        return _("Keep the reference under 40 characters: an order, job or case number.")
    if not _REFERENCE_RE.match(text) or not any(ch.isdigit() for ch in text):
        return _(
            "Enter an order, job or case number (it must contain a digit), "
            "not a name or other text."
        )
    if any(True for _kind in extract_identifiers(text)):
        return _(
            "This looks like personal data (a phone number, e-mail, identity code, "
            "IBAN or IP address). Enter the order, job or case number instead."
        )
    return None


class ProcessorLike(Protocol):
    """What :func:`processor_warnings` reads of a processor."""

    is_active: bool
    is_example: bool
    dpa_signed_on: dt.date | None
    review_on: dt.date | None
    country: str
    transfer_mechanism: str


class WarningCode(StrEnum):
    EXAMPLE = "example"
    NO_DPA = "no_dpa"
    MISSING_CLAUSES = "missing_clauses"
    NO_REVIEW_DATE = "no_review_date"
    REVIEW_OVERDUE = "review_overdue"
    NO_COUNTRY = "no_country"
    TRANSFER_UNSAFEGUARDED = "transfer_unsafeguarded"


@dataclass(frozen=True)
class ProcessorWarning:
    code: WarningCode
    message: str

    def __str__(self) -> str:
        return self.message


def missing_clauses(processor: object) -> list[str]:
    """Return the letters of the Art. 28(3)(a)–(h) clauses not ticked for ``processor``."""
    return [letter for letter, name in ART_28_CLAUSES if not getattr(processor, name, False)]


def processor_warnings(processor: ProcessorLike, today: dt.date) -> list[ProcessorWarning]:
    """Return what needs attention in a processor's paperwork on ``today``.

    A processor may be used only under a binding contract covering the
    Art. 28(3)(a)–(h) terms (GDPR Art. 28(3)); the contract and its review are
    part of the accountability of Art. 5(2) and 24(1). A transfer outside the
    EU/EEA needs a mechanism of Chapter V (Art. 44–47). legal.md §1 Art. 28:
    "The system warns when no DPA is on file". A processor no longer in use
    raises nothing.
    """
    if not processor.is_active:
        return []
    warnings: list[ProcessorWarning] = []
    if processor.is_example:
        warnings.append(
            ProcessorWarning(
                WarningCode.EXAMPLE,
                _("Example entry: replace it with the real processor's details."),
            )
        )
    if processor.dpa_signed_on is None:
        warnings.append(
            ProcessorWarning(
                WarningCode.NO_DPA,
                _("No data processing agreement on file (GDPR Art. 28(3))."),
            )
        )
    else:
        missing = missing_clauses(processor)
        if missing:
            warnings.append(
                ProcessorWarning(
                    WarningCode.MISSING_CLAUSES,
                    _("The agreement lacks the GDPR Art. 28(3) clauses %(letters)s.")
                    % {"letters": ", ".join(f"({letter})" for letter in missing)},
                )
            )
    if processor.review_on is None:
        warnings.append(ProcessorWarning(WarningCode.NO_REVIEW_DATE, _("No review date is set.")))
    elif processor.review_on < today:
        warnings.append(
            ProcessorWarning(
                WarningCode.REVIEW_OVERDUE,
                _("The review was due on %(date)s.")
                % {"date": date_format(processor.review_on, "SHORT_DATE_FORMAT")},
            )
        )
    if not processor.country:
        warnings.append(
            ProcessorWarning(
                WarningCode.NO_COUNTRY,
                _("Record where the data is processed (GDPR Art. 30(1)(e))."),
            )
        )
    elif transfer_lacks_safeguard(processor.country, processor.transfer_mechanism):
        warnings.append(
            ProcessorWarning(
                WarningCode.TRANSFER_UNSAFEGUARDED,
                _("The data goes outside the EU/EEA with no transfer mechanism (GDPR Art. 44–46)."),
            )
        )
    return warnings


def ordered_values(values: Iterable[str], order: Iterable[str]) -> list[str]:
    """Return the distinct ``values`` in the order of ``order`` (e.g. Category.values)."""
    wanted = set(values)
    return [value for value in order if value in wanted]
