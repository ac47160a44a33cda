"""Build the record of processing activities (GDPR Art. 30(1)) from the data map.

One activity per purpose, across every register: the controller and its contact
point (a), the purpose (b), the categories of data subjects and of personal data
(c), the recipients including those in third countries (d), the transfers and
their safeguards (e), the time limits for erasure (f) and a general description
of the security measures (g). The 30(5) exemption for small organisations does
not apply: the processing is not occasional and includes health data (legal.md
§1, Art. 30). Pure: the inputs come as :class:`NoticeInputs`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rekisteri.notices import texts
from rekisteri.notices.audiences import audiences_of
from rekisteri.notices.documents import (
    ControllerContact,
    NoticeInputs,
    RecipientEntry,
    period_from_trigger,
    recipient_entries,
    register_label,
)
from rekisteri.notices.models import Audience
from rekisteri.notices.security import security_measures
from rekisteri.privacy.datamap import FieldSpec, declarations
from rekisteri.privacy.retention import RULES, Status
from rekisteri.privacy.vocabulary import Basis, Category, Purpose, RecipientType, Sensitivity


@dataclass(frozen=True)
class Activity:
    """One processing activity (one purpose) of the record, as plain strings."""

    code: str
    purpose: str
    registers: tuple[str, ...]
    bases: tuple[str, ...]
    legitimate_interests: tuple[str, ...]
    subjects: tuple[str, ...]
    categories: tuple[str, ...]
    recipients: tuple[str, ...]
    transfers: tuple[str, ...]
    erasure: tuple[str, ...]
    security: tuple[str, ...]


@dataclass(frozen=True)
class ProcessingRecord:
    """The record of processing activities in one language."""

    language: str
    controller: ControllerContact
    controller_line: str
    dpo: str
    activities: tuple[Activity, ...]


def controller_line(controller: ControllerContact) -> str:
    """Return the controller's name and contact details on one line (Art. 30(1)(a))."""
    return _(
        "%(name)s (business ID %(business_id)s), %(address)s, tel. %(phone)s, %(email)s; "
        "contact person %(contact)s"
    ) % {
        "name": controller.name,
        "business_id": controller.business_id,
        "address": controller.address,
        "phone": controller.phone,
        "email": controller.email,
        "contact": controller.contact_person,
    }


def _recipient_line(entry: RecipientEntry) -> str:
    who = f"{entry.name} — {entry.description}" if entry.name else entry.description
    where = _(" (%(country)s, outside the EU/EEA)") % {"country": entry.country}
    return f"{who} ({entry.role_label})" + (where if entry.outside_eea else "")


def _transfer_lines(entries: list[RecipientEntry]) -> tuple[str, ...]:
    abroad = [e for e in entries if e.outside_eea]
    if not abroad:
        return (_("None: no recipient or processor outside the EU/EEA is recorded."),)
    return tuple(
        str(texts.TRANSFER_LINE)
        % {
            "name": e.name or e.description,
            "country": e.country,
            "safeguard": e.safeguard or texts.SAFEGUARD_MISSING,
        }
        for e in abroad
    )


def build_processing_record(inputs: NoticeInputs, language: str) -> ProcessingRecord:
    """Build the record of processing activities in ``language`` (GDPR Art. 30(1)).

    Each purpose of any declared field is an activity. Keeping data after the
    relationship to answer claims is an activity of its own (purpose "legal
    claims") whenever a rule in force rests on GDPR Art. 6(1)(f).
    """
    rules = inputs.rules
    specs_by_purpose: dict[str, list[FieldSpec]] = defaultdict(list)
    registers_by_purpose: dict[str, set[str]] = defaultdict(set)
    for declaration in declarations():
        for spec in declaration.personal_fields():
            purposes = list(spec.purposes)
            rule = rules.get(spec.retention, RULES[spec.retention])
            if "6(1)(f)" in rule.basis and declaration.subject is not None:
                purposes.append(Purpose.LEGAL_CLAIMS)
            for purpose in dict.fromkeys(purposes):
                specs_by_purpose[purpose].append(spec)
                registers_by_purpose[purpose].add(declaration.register)
    with translation.override(language):
        activities = []
        for purpose in Purpose:
            specs = specs_by_purpose.get(purpose.value)
            if not specs:
                continue
            registers = sorted(registers_by_purpose[purpose.value])
            audiences = [a for a in Audience if any(a in audiences_of(r) for r in registers)]
            bases = [b for b in Basis if any(s.basis == b for s in specs)]
            if purpose is Purpose.LEGAL_CLAIMS and Basis.LEGITIMATE_INTEREST not in bases:
                bases.append(Basis.LEGITIMATE_INTEREST)
            types: dict[RecipientType, set[str]] = defaultdict(set)
            for spec in specs:
                for recipient_type in spec.recipients:
                    types[RecipientType(recipient_type)].add(spec.category)
            fallback = [p for a in audiences for p in texts.FALLBACK_PROCESSORS[a]]
            recipients, processors = recipient_entries(
                types, inputs, list(dict.fromkeys(fallback)), [a.value for a in audiences]
            )
            used_rules = [
                rules.get(code, RULES[code])
                for code in RULES
                if any(s.retention == code for s in specs)
            ]
            categories = []
            for category in Category:
                held = [s for s in specs if s.category == category]
                if not held:
                    continue
                label = str(category.label)
                if any(s.sensitivity is Sensitivity.SPECIAL for s in held):
                    label += " " + _("(special category, GDPR Art. 9)")
                categories.append(label)
            activities.append(
                Activity(
                    code=purpose.value,
                    purpose=str(purpose.label),
                    registers=tuple(register_label(r) for r in registers),
                    bases=tuple(str(b.label) for b in bases),
                    legitimate_interests=(
                        (str(texts.LEGITIMATE_INTERESTS[purpose]),)
                        if Basis.LEGITIMATE_INTEREST in bases
                        else ()
                    ),
                    subjects=tuple(str(a.label) for a in audiences),
                    categories=tuple(categories),
                    recipients=tuple(_recipient_line(e) for e in [*recipients, *processors]),
                    transfers=_transfer_lines([*recipients, *processors]),
                    erasure=tuple(
                        f"{rule.title}: {period_from_trigger(rule)} ({rule.statute})"
                        + (f" — {texts.PROPOSAL_NOTE}" if rule.status is Status.PROPOSAL else "")
                        for rule in used_rules
                    ),
                    security=tuple(security_measures(specs, inputs.facts)),
                )
            )
        controller = inputs.controller
        return ProcessingRecord(
            language=language,
            controller=controller,
            controller_line=controller_line(controller),
            dpo=(
                str(texts.DPO_GIVEN) % {"dpo": controller.dpo}
                if controller.dpo
                else _("No data protection officer has been appointed (GDPR Art. 37).")
            ),
            activities=tuple(activities),
        )


CSV_COLUMNS = (
    ("purpose", gettext_lazy("Purpose of processing")),
    ("registers", gettext_lazy("Registers")),
    ("controller", gettext_lazy("Controller and contact person")),
    ("dpo", gettext_lazy("Data protection officer")),
    ("bases", gettext_lazy("Lawful basis")),
    ("legitimate_interests", gettext_lazy("Legitimate interests")),
    ("subjects", gettext_lazy("Categories of data subjects")),
    ("categories", gettext_lazy("Categories of personal data")),
    ("recipients", gettext_lazy("Recipients, including in third countries")),
    ("transfers", gettext_lazy("Transfers to third countries and safeguards")),
    ("erasure", gettext_lazy("Time limits for erasure")),
    ("security", gettext_lazy("Security measures")),
)


def csv_rows(record: ProcessingRecord) -> list[list[str]]:
    """Return the record as CSV rows, a header first; multiple values joined by "; "."""
    with translation.override(record.language):
        header = [str(label) for _key, label in CSV_COLUMNS]
    rows = [header]
    for activity in record.activities:
        values = {
            "purpose": activity.purpose,
            "registers": "; ".join(activity.registers),
            "controller": record.controller_line,
            "dpo": record.dpo,
            "bases": "; ".join(activity.bases),
            "legitimate_interests": "; ".join(activity.legitimate_interests),
            "subjects": "; ".join(activity.subjects),
            "categories": "; ".join(activity.categories),
            "recipients": "; ".join(activity.recipients),
            "transfers": "; ".join(activity.transfers),
            "erasure": "; ".join(activity.erasure),
            "security": " ".join(activity.security),
        }
        rows.append([values[key] for key, _label in CSV_COLUMNS])
    return rows
