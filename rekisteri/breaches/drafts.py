"""Drafts of the two breach notifications, in Finnish and in English.

- The notification to the Data Protection Ombudsman (Tietosuojavaltuutettu) with
  the items of GDPR Art. 33(3)(a)–(d), the contact point, the timeline against the
  72-hour deadline and the reasons for any delay (Art. 33(1)), laid out to be
  copied into the authority's breach-notification e-form (tietosuoja.fi).
- The communication to the people affected (Art. 34(2)): in plain language, the
  nature of the breach, the contact point, the likely consequences, the measures
  taken, and what people can do themselves.

A draft is built once as sections of (label, value) items in the language asked
for; the HTML page and the plain text are two renderings of the same draft. Text
that staff typed appears as typed, in whatever language they wrote it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rekisteri.breaches.models import (
    Breach,
    PeopleDecision,
    PeopleException,
    RiskLevel,
    SubjectGroup,
)
from rekisteri.breaches.policies import authority_deadline, deadline_status
from rekisteri.privacy.vocabulary import Category

LANGUAGES = ("fi", "en")


@dataclass(frozen=True)
class DraftItem:
    """One line of a draft; an item without a label is a paragraph."""

    label: str
    value: str
    missing: bool = False


@dataclass(frozen=True)
class DraftSection:
    key: str
    heading: str
    items: tuple[DraftItem, ...]


@dataclass(frozen=True)
class Draft:
    kind: str
    language: str
    title: str
    intro: tuple[DraftItem, ...]
    sections: tuple[DraftSection, ...]
    missing: tuple[str, ...] = field(default=())

    def section(self, key: str) -> DraftSection:
        return next(s for s in self.sections if s.key == key)

    def as_text(self) -> str:
        """Return the draft as plain text, to paste into the authority's e-form or a letter."""
        lines = [self.title, "=" * len(self.title), ""]
        lines += _item_lines(self.intro)
        for section in self.sections:
            while lines and not lines[-1]:
                lines.pop()
            lines += ["", "", section.heading, "-" * len(section.heading)]
            lines += _item_lines(section.items)
        return "\n".join(lines).rstrip() + "\n"


def _item_lines(items: Iterable[DraftItem]) -> list[str]:
    lines: list[str] = []
    for item in items:
        value = item.value.strip()
        if not item.label:
            lines += [value, ""]
        elif "\n" in value:
            lines.append(f"{item.label}:")
            lines += [f"  {line}" for line in value.splitlines()]
        else:
            lines.append(f"{item.label}: {value}")
    return lines


def format_time(value: dt.datetime) -> str:
    """Return a time as ``28.03.2025 12:00 (UTC+02:00)``: local, unambiguous in both languages."""
    local = timezone.localtime(value)
    offset = local.strftime("%z")
    return f"{local:%d.%m.%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def _labels(values: Iterable[str], choices: type[Category] | type[SubjectGroup]) -> str:
    known = dict(choices.choices)
    return ", ".join(str(known.get(v, v)) for v in values)


def _count(value: int | None) -> str:
    return "" if value is None else _("about %(count)s") % {"count": f"{value:,}".replace(",", " ")}


def _nature(breach: Breach) -> str:
    kinds = [
        str(label)
        for flag, label in (
            (breach.nature_confidentiality, _("confidentiality breach")),
            (breach.nature_integrity, _("integrity breach")),
            (breach.nature_availability, _("availability breach")),
        )
        if flag
    ]
    return ", ".join(kinds)


class _Builder:
    """Collects items, marking empty required ones with a placeholder."""

    def __init__(self, placeholder: str) -> None:
        self.placeholder = placeholder
        self.missing: list[str] = []

    def item(
        self, label: str, value: str, *, required: bool = True, placeholder: str = ""
    ) -> DraftItem | None:
        if value.strip():
            return DraftItem(label, value)
        if not required:
            return None
        self.missing.append(label)
        return DraftItem(label, placeholder or self.placeholder, missing=True)

    def section(self, key: str, heading: str, *items: DraftItem | None) -> DraftSection:
        return DraftSection(key, heading, tuple(i for i in items if i is not None))


def authority_notification(breach: Breach, language: str, *, now: dt.datetime) -> Draft:
    """Return the draft notification to the Data Protection Ombudsman (GDPR Art. 33(3)).

    Every item of Art. 33(3)(a)–(d) and the contact point is present; what is not
    known yet is marked as to be given later, which Art. 33(4) allows. When the
    notification is or would be late, the reasons for the delay are included
    (Art. 33(1)).
    """
    with translation.override(language):
        b = _Builder(_("Not yet known; will be given in a later phase (GDPR Art. 33(4))."))
        status = deadline_status(breach.aware_at, now, breach.authority_notified_at)
        intro = (
            DraftItem(_("Breach reference"), breach.reference),
            DraftItem(
                _("Type of notification"),
                _("Initial notification; more information will follow in phases")
                if breach.is_phased
                else _("Complete notification"),
            ),
            DraftItem(_("Draft prepared"), format_time(now)),
        )
        timeline = b.section(
            "timeline",
            _("Timeline"),
            b.item(
                _("Breach occurred"),
                format_time(breach.occurred_at) if breach.occurred_at else "",
            ),
            DraftItem(_("Breach detected"), format_time(breach.detected_at)),
            DraftItem(_("We became aware of the breach"), format_time(breach.aware_at)),
            DraftItem(
                _("Deadline for notifying (72 hours)"),
                format_time(authority_deadline(breach.aware_at)),
            ),
            DraftItem(
                _("Notified"),
                format_time(breach.authority_notified_at)
                if breach.authority_notified_at
                else _("By this notification"),
            ),
            b.item(
                _("Reasons for the delay (GDPR Art. 33(1))"),
                breach.authority_delay_reason,
                # Unlike the other items, the reasons cannot follow later.
                placeholder=_("[To be completed: the notification is late]"),
            )
            if status.is_late or breach.authority_delay_reason.strip()
            else None,
            b.item(_("The authority's case number"), breach.authority_case_number, required=False),
        )
        nature = b.section(
            "a",
            _("(a) Nature of the breach (GDPR Art. 33(3)(a))"),
            b.item(_("Type of breach"), _nature(breach)),
            b.item(_("Description"), breach.description),
            b.item(_("Cause"), breach.cause),
            b.item(
                _("Categories of data subjects"),
                _labels(breach.subject_categories, SubjectGroup),
            ),
            b.item(_("Approximate number of data subjects"), _count(breach.people_affected)),
            b.item(_("Categories of personal data"), _labels(breach.data_categories, Category)),
            b.item(
                _("Approximate number of personal data records"),
                _count(breach.records_affected),
            ),
        )
        contact = b.section(
            "b",
            _("(b) Contact point (GDPR Art. 33(3)(b))"),
            b.item(_("Name"), breach.contact_name),
            b.item(_("E-mail"), breach.contact_email),
            b.item(_("Phone"), breach.contact_phone),
        )
        consequences = b.section(
            "c",
            _("(c) Likely consequences (GDPR Art. 33(3)(c))"),
            b.item(_("Likely consequences for the data subjects"), breach.consequences),
        )
        measures = b.section(
            "d",
            _("(d) Measures taken or proposed (GDPR Art. 33(3)(d))"),
            b.item(
                _("Measures taken or proposed, including measures to mitigate adverse effects"),
                breach.measures,
            ),
        )
        risk = b.section(
            "risk",
            _("Risk assessment"),
            DraftItem(_("Risk to the data subjects"), str(RiskLevel(breach.risk_level).label)),
            b.item(
                _("Reasons"),
                breach.risk_reasons,
                required=breach.risk_level != RiskLevel.UNASSESSED,
            ),
        )
        processor = b.section(
            "processor",
            _("Processor"),
            DraftItem(
                _("A processor was involved"), _("yes") if breach.processor_involved else _("no")
            ),
            b.item(_("Processor"), breach.processor_name, required=breach.processor_involved),
            b.item(
                _("The processor informed us"),
                format_time(breach.processor_informed_at) if breach.processor_informed_at else "",
                required=False,
            ),
        )
        people = b.section(
            "people",
            _("Communication to the data subjects (GDPR Art. 34)"),
            DraftItem(_("Decision"), str(PeopleDecision(breach.people_decision).label)),
            b.item(
                _("Exception"),
                str(PeopleException(breach.people_exception).label)
                if breach.people_exception
                else "",
                required=False,
            ),
            b.item(_("Reasons"), breach.people_decision_reasons, required=False),
            b.item(
                _("Data subjects told"),
                format_time(breach.people_notified_at) if breach.people_notified_at else "",
                required=False,
            ),
            b.item(_("Reasons for a delay"), breach.people_delay_reason, required=False),
        )
        return Draft(
            kind="authority",
            language=language,
            title=_("Notification of a personal data breach to the Data Protection Ombudsman"),
            intro=intro,
            sections=(timeline, nature, contact, consequences, measures, risk, processor, people),
            missing=tuple(b.missing),
        )


def suggested_advice(categories: Iterable[str]) -> list[str]:
    """Return advice for the people affected that fits the categories of data breached.

    Art. 34(2) asks the controller to describe the measures taken to mitigate the
    breach's effects; EDPB guidelines add specific advice to the individuals
    (e.g. changing passwords). Call inside the language the advice is for.
    """
    present = set(categories)
    advice: list[str] = []
    if present & {Category.ONLINE_ACCOUNT, Category.DEVICE_CREDENTIAL}:
        advice.append(
            _(
                "Change your password, and change it also in every other service where you "
                "have used the same password."
            )
        )
    if present & {Category.CONTACT, Category.IDENTITY, Category.ADDRESS}:
        advice.append(
            _(
                "Be wary of unexpected messages and calls that refer to us or ask for your "
                "details, passwords or payments. We never ask for your password."
            )
        )
    if present & {Category.BANK_ACCOUNT, Category.PAYROLL, Category.PURCHASE}:
        advice.append(
            _(
                "Follow your account statements and tell your bank at once about any payment "
                "you do not recognise."
            )
        )
    if Category.NATIONAL_ID in present:
        advice.append(
            _(
                "Watch for loans or contracts taken in your name. You can register a voluntary "
                "credit ban, and report any misuse to the police."
            )
        )
    advice.append(_("If you notice anything suspicious, contact us."))
    return advice


def people_communication(breach: Breach, language: str) -> Draft:
    """Return the draft communication to the people affected (GDPR Art. 34(2)).

    In clear and plain language: the nature of the breach, the contact point
    (Art. 33(3)(b)), the likely consequences (33(3)(c)) and the measures taken or
    proposed (33(3)(d)), with advice on what people can do. Under the exception
    of Art. 34(3)(c) the same text serves as the public communication.
    """
    with translation.override(language):
        b = _Builder(_("[To be completed]"))
        aware_on = timezone.localdate(breach.aware_at).strftime("%d.%m.%Y")
        advice = breach.advice_to_people.strip() or "\n".join(
            f"- {line}" for line in suggested_advice(breach.data_categories)
        )
        sections = (
            b.section(
                "what_happened",
                _("What happened"),
                b.item("", breach.plain_description.strip() or breach.description),
                DraftItem("", _("We found out about it on %(date)s.") % {"date": aware_on}),
            ),
            b.section(
                "data",
                _("What information was involved"),
                b.item("", _labels(breach.data_categories, Category)),
            ),
            b.section(
                "consequences",
                _("What this may mean for you"),
                b.item("", breach.consequences),
            ),
            b.section("measures", _("What we have done"), b.item("", breach.measures)),
            b.section("advice", _("What you can do"), DraftItem("", advice)),
            b.section(
                "contact",
                _("Who to contact"),
                b.item(_("Contact person"), breach.contact_name),
                b.item(_("E-mail"), breach.contact_email),
                b.item(_("Phone"), breach.contact_phone, required=False),
            ),
            b.section(
                "rights",
                _("Your right to complain"),
                DraftItem(
                    "",
                    _(
                        "You have the right to lodge a complaint with the Data Protection "
                        "Ombudsman (Tietosuojavaltuutetun toimisto, tietosuoja.fi)."
                    ),
                ),
            ),
        )
        intro = (
            DraftItem(
                "",
                _(
                    "We are writing to tell you about a data breach that concerns your "
                    "personal data: what happened, what it may mean for you, what we have "
                    "done about it and what you can do."
                ),
            ),
            DraftItem(_("Reference"), breach.reference),
        )
        missing = [
            s.heading if not i.label else i.label for s in sections for i in s.items if i.missing
        ]
        return Draft(
            kind="people",
            language=language,
            title=_("Notice of a data breach concerning your personal data"),
            intro=intro,
            sections=sections,
            missing=tuple(missing),
        )
