"""Build the privacy notices (GDPR Art. 13 and 14) from the data map.

:func:`build_notice` is pure: it takes the declarations through
:mod:`rekisteri.notices.audiences`, and everything else — the controller's
details, the recipient and processor registers, the named health-data handlers,
facts about the installation — as a :class:`NoticeInputs` value, so it is
tested without a database. The result is a :class:`Notice` of plain strings in
one language; its version is a hash of that content (:func:`content_version`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rekisteri.notices import texts
from rekisteri.notices.audiences import (
    AUDIENCE_REGISTERS,
    COMMON_REGISTERS,
    SHARED_REGISTERS,
    declarations_for,
    registers_of,
)
from rekisteri.notices.models import Audience, ControllerSettings
from rekisteri.notices.security import SecurityFacts, security_measures
from rekisteri.privacy.datamap import FieldSpec
from rekisteri.privacy.retention import RULES, TRIGGER_LABELS, EarlyErasure, RetentionRule, Status
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    IdentifierKind,
    Purpose,
    RecipientType,
    Sensitivity,
    Source,
)

#: Rules a notice explains although no declaration carries them: the data map
#: gives one rule per field, while these apply to some records of a field by
#: their kind (open applications; fitness statements and work-ability notes).
EXTRA_RULES: Final[dict[Audience, tuple[tuple[str, tuple[Category, ...]], ...]]] = {
    Audience.CUSTOMERS: (),
    Audience.APPLICANTS: (("open_applications", (Category.APPLICATION, Category.CV)),),
    Audience.STAFF: (("other_health_data", (Category.HEALTH,)),),
}

RIGHT_CODES: Final[tuple[str, ...]] = tuple(texts.RIGHTS)


# --- Inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ControllerContact:
    """The controller's identity and contact details as the documents print them."""

    name: str
    business_id: str
    street_address: str
    postal_code: str
    city: str
    phone: str
    email: str
    contact_person: str
    websites: tuple[str, ...] = ()
    dpo: str = ""

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"

    @classmethod
    def from_settings(cls, settings: ControllerSettings) -> ControllerContact:
        return cls(
            name=settings.name,
            business_id=settings.business_id,
            street_address=settings.street_address,
            postal_code=settings.postal_code,
            city=settings.city,
            phone=settings.phone,
            email=settings.email,
            contact_person=settings.contact_person,
            websites=tuple(settings.website_list),
            dpo=settings.dpo_contact.strip(),
        )


@dataclass(frozen=True)
class RecipientInfo:
    """A recipient or processor from the recipient and processor registers.

    ``recipient_type`` ties a recipient to the data map's recipient types (fields
    name the types they go to); ``role`` is one of :class:`texts.RecipientRole`.
    ``name`` is empty for an example entry not yet completed: the notice then
    shows the kind of recipient only. ``audiences`` limits a processor to some
    notices (empty: every notice); ``categories`` are the data it receives.
    """

    name: str
    role: str
    recipient_type: str = ""
    description: str | Promise = ""
    country: str = ""
    outside_eea: bool = False
    safeguard: str | Promise = ""
    audiences: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


def _default_rules() -> dict[str, RetentionRule]:
    return dict(RULES)


@dataclass(frozen=True)
class NoticeInputs:
    """Everything a notice needs besides the data map.

    ``rules`` are the retention rules in force (the defaults with the
    administrator's overrides applied); ``covered_types`` are the recipient
    types a processor of the register already stands for (the accounting firm
    is both a recipient type and a processor), so they are not listed twice.
    """

    controller: ControllerContact
    recipients: tuple[RecipientInfo, ...] = ()
    processors: tuple[RecipientInfo, ...] = ()
    health_handlers: tuple[str, ...] = ()
    facts: SecurityFacts = field(default_factory=SecurityFacts)
    rules: Mapping[str, RetentionRule] = field(default_factory=_default_rules)
    covered_types: tuple[str, ...] = ()


# --- Output ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PurposeEntry:
    code: str
    label: str
    bases: tuple[str, ...]
    basis_codes: tuple[str, ...]
    legitimate_interests: tuple[str, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class CategoryEntry:
    code: str
    label: str
    sources: tuple[str, ...]
    source_codes: tuple[str, ...]
    special: bool = False
    secret: bool = False


@dataclass(frozen=True)
class RecipientEntry:
    """A recipient as a notice shows it: a named one, or a kind of recipient."""

    name: str
    description: str
    recipient_type: str
    role: str
    role_label: str
    categories: tuple[str, ...] = ()
    country: str = ""
    outside_eea: bool = False
    safeguard: str = ""


@dataclass(frozen=True)
class RetentionEntry:
    code: str
    title: str
    period: str
    statute: str
    basis: str
    proposal: bool
    erasure: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class TextEntry:
    """A titled block of paragraphs (a right, a requirement, an extra section)."""

    code: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Notice:
    """One privacy notice in one language, as plain strings ready to render."""

    audience: str
    language: str
    title: str
    intro: str
    controller: ControllerContact
    dpo: str
    objection: tuple[str, ...]
    collection: tuple[str, ...]
    registers: tuple[str, ...]
    purposes: tuple[PurposeEntry, ...]
    categories: tuple[CategoryEntry, ...]
    from_others: tuple[CategoryEntry, ...]
    recipients: tuple[RecipientEntry, ...]
    processors: tuple[RecipientEntry, ...]
    transfers: tuple[str, ...]
    retention: tuple[RetentionEntry, ...]
    requirements: tuple[TextEntry, ...]
    rights: tuple[TextEntry, ...]
    exercise: tuple[str, ...]
    consent_withdrawal: str
    complaint: str
    automated: str
    sections: tuple[TextEntry, ...]
    security: tuple[str, ...]
    changes: str
    version: str = ""
    valid_from: dt.date | None = None


def content_version(notice: Notice) -> str:
    """Return the notice's version: the first 12 hex digits of its content's SHA-256.

    The version and date themselves are left out, so the same content always has
    the same version and any change of wording, data map, recipients or
    controller details gives a new one.
    """
    body = dataclasses.asdict(dataclasses.replace(notice, version="", valid_from=None))
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --- Helpers shared with the record of processing activities -------------------------


def period_text(rule: RetentionRule) -> str:
    """Return the rule's period in words: "6 years", "13 months", "7 days"."""
    if rule.open_ended:
        return str(texts.OPEN_ENDED)
    parts = []
    if rule.months and rule.months % 12 == 0:
        years = rule.months // 12
        parts.append(ngettext("%(count)d year", "%(count)d years", years) % {"count": years})
    elif rule.months:
        parts.append(
            ngettext("%(count)d month", "%(count)d months", rule.months) % {"count": rule.months}
        )
    if rule.days:
        parts.append(ngettext("%(count)d day", "%(count)d days", rule.days) % {"count": rule.days})
    return " ".join(parts)


def period_from_trigger(rule: RetentionRule) -> str:
    """Return "6 years from the end of the financial year" (the period and its start)."""
    if rule.open_ended:
        return period_text(rule)
    return _("%(period)s from %(trigger)s") % {
        "period": period_text(rule),
        "trigger": TRIGGER_LABELS[rule.trigger],
    }


def erasure_note(rule: RetentionRule) -> str:
    """Return what an erasure request does before the period ends (GDPR Art. 17(3))."""
    if rule.early_erasure is EarlyErasure.NO:
        return str(texts.HOLD_NOTE)
    if rule.early_erasure is EarlyErasure.PARTLY:
        return str(texts.PARTLY_NOTE)
    return str(texts.ERASABLE_NOTE)


def register_label(register: str) -> str:
    """Return the register's description for a notice, or its app's name."""
    if register in texts.REGISTER_DESCRIPTIONS:
        return capfirst(str(texts.REGISTER_DESCRIPTIONS[register]))
    try:
        return str(apps.get_app_config(register).verbose_name)
    except LookupError:
        return register


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    wanted = set(values)
    return [v for v in order if v in wanted]


def _category_labels(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(Category(c).label) for c in _ordered(codes, list(Category.values)))


def join_list(items: Sequence[str]) -> str:
    """Join ``items`` as a sentence list: "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


# --- The notice -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A field the notice covers; ``shared`` fields come from a shared register."""

    spec: FieldSpec
    register: str
    shared: bool


def _items(audience: Audience) -> list[_Item]:
    """Return the fields a notice covers, shared registers limited to its own purposes."""
    found = declarations_for(audience)
    own = set(AUDIENCE_REGISTERS[audience])
    own_purposes = {
        p for d in found if d.register in own for s in d.personal_fields() for p in s.purposes
    }
    items: list[_Item] = []
    for declaration in found:
        if declaration.register in COMMON_REGISTERS and declaration.subject is None:
            continue  # e.g. the recipient register: about organisations, not about you
        shared = declaration.register in SHARED_REGISTERS and declaration.register not in own
        for spec in declaration.personal_fields():
            if shared:
                purposes = tuple(p for p in spec.purposes if p in own_purposes)
                if not purposes:
                    continue
                spec = dataclasses.replace(spec, purposes=purposes)
            items.append(_Item(spec, declaration.register, shared))
    return items


def _rules_with_categories(
    audience: Audience, items: list[_Item], rules: Mapping[str, RetentionRule]
) -> list[tuple[RetentionRule, set[str]]]:
    """Return the rules in force for the notice's fields, in RULES order, with their categories."""
    by_rule: dict[str, set[str]] = defaultdict(set)
    for item in items:
        if not item.shared:
            by_rule[item.spec.retention].add(item.spec.category)
    for code, categories in EXTRA_RULES[audience]:
        by_rule[code] |= {c.value for c in categories}
    return [(rules.get(code, RULES[code]), by_rule[code]) for code in RULES if code in by_rule]


def _claims_rules(rules: Iterable[RetentionRule]) -> list[RetentionRule]:
    """Rules whose period after the relationship rests on legitimate interests (claims)."""
    return [r for r in rules if "6(1)(f)" in r.basis]


def _purposes(
    items: list[_Item], rules: list[tuple[RetentionRule, set[str]]]
) -> list[PurposeEntry]:
    bases: dict[str, set[str]] = defaultdict(set)
    categories: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for purpose in item.spec.purposes:
            bases[purpose].add(item.spec.basis)
            categories[purpose].add(item.spec.category)
    claims = _claims_rules(rule for rule, _cats in rules)
    if claims:
        # Keeping data after the contract, to answer claims, is a purpose of its own
        # resting on legitimate interests (GDPR Art. 6(1)(f), 17(3)(e)).
        bases[Purpose.LEGAL_CLAIMS].add(Basis.LEGITIMATE_INTEREST)
        for rule, cats in rules:
            if rule in claims:
                categories[Purpose.LEGAL_CLAIMS] |= cats
    entries = []
    for purpose in Purpose:
        if purpose not in bases:
            continue
        codes = _ordered(bases[purpose], list(Basis.values))
        interests = (
            (str(texts.LEGITIMATE_INTERESTS[purpose]),)
            if Basis.LEGITIMATE_INTEREST in bases[purpose]
            else ()
        )
        entries.append(
            PurposeEntry(
                code=purpose.value,
                label=str(purpose.label),
                bases=tuple(str(Basis(c).label) for c in codes),
                basis_codes=tuple(codes),
                legitimate_interests=interests,
                categories=_category_labels(categories[purpose]),
            )
        )
    return entries


def _categories(items: list[_Item]) -> tuple[list[CategoryEntry], list[CategoryEntry]]:
    sources: dict[str, set[str]] = defaultdict(set)
    special: set[str] = set()
    secret: set[str] = set()
    for item in items:
        spec = item.spec
        sources[spec.category].add(spec.source)
        if spec.sensitivity is Sensitivity.SPECIAL:
            special.add(spec.category)
        if spec.sensitivity is Sensitivity.SECRET:
            secret.add(spec.category)
    all_entries, others = [], []
    for code in _ordered(sources, list(Category.values)):
        codes = _ordered(sources[code], list(Source.values))
        entry = CategoryEntry(
            code=code,
            label=str(Category(code).label),
            sources=tuple(str(Source(c).label) for c in codes),
            source_codes=tuple(codes),
            special=code in special,
            secret=code in secret,
        )
        all_entries.append(entry)
        foreign = [c for c in codes if c != Source.SUBJECT]
        if foreign:
            # GDPR Art. 14(1)(d) and 14(2)(f): the category and where it came from.
            others.append(
                dataclasses.replace(
                    entry,
                    sources=tuple(str(Source(c).label) for c in foreign),
                    source_codes=tuple(foreign),
                )
            )
    return all_entries, others


def _retention(
    items: list[_Item], rules: list[tuple[RetentionRule, set[str]]]
) -> list[RetentionEntry]:
    entries = [
        RetentionEntry(
            code=rule.code,
            title=str(rule.title),
            period=period_from_trigger(rule),
            statute=rule.statute,
            basis=rule.basis,
            proposal=rule.status is Status.PROPOSAL,
            erasure=erasure_note(rule),
            categories=_category_labels(cats),
        )
        for rule, cats in rules
    ]
    covered = set().union(*(cats for _rule, cats in rules)) if rules else set()
    shared = {i.spec.category for i in items if i.shared} - covered
    if shared:
        labels = _category_labels(shared)
        entries.append(
            RetentionEntry(
                code="",
                title=", ".join(labels),
                period=str(texts.SHARED_RETENTION),
                statute="GDPR Art. 5(1)(e)",
                basis="",
                proposal=False,
                erasure=str(texts.ERASABLE_NOTE),
                categories=labels,
            )
        )
    return entries


def _recipient_types(audience: Audience, items: list[_Item]) -> dict[RecipientType, set[str]]:
    types: dict[RecipientType, set[str]] = defaultdict(set)
    for item in items:
        for recipient_type in item.spec.recipients:
            types[RecipientType(recipient_type)].add(item.spec.category)
    for recipient_type in texts.AUDIENCE_RECIPIENT_TYPES[audience]:
        types.setdefault(recipient_type, set())
    return types


def _entry(
    info: RecipientInfo, description: str, recipient_type: str, categories: tuple[str, ...]
) -> RecipientEntry:
    return RecipientEntry(
        name=info.name,
        description=str(info.description or description),
        recipient_type=recipient_type,
        role=info.role,
        role_label=str(texts.ROLE_LABELS[info.role]),
        categories=categories,
        country=info.country,
        outside_eea=info.outside_eea,
        safeguard=str(info.safeguard),
    )


def recipient_entries(
    types: Mapping[RecipientType, set[str]],
    inputs: NoticeInputs,
    fallback_processors: Sequence[object],
    audiences: Iterable[str] = (),
) -> tuple[list[RecipientEntry], list[RecipientEntry]]:
    """Return (recipients, processors) for data going to ``types``.

    Each type lists the recipients the register names for it, or else the
    kind of recipient in words (legal.md §0 gap 4 gives each kind's role). The
    processors are those of the processor register that serve ``audiences``
    (all when a processor names none), or else ``fallback_processors`` in words.
    """
    wanted = set(audiences)
    recipients: list[RecipientEntry] = []
    processors: list[RecipientEntry] = []
    for recipient_type in RecipientType:
        if recipient_type not in types:
            continue
        categories = _category_labels(types[recipient_type])
        role, kind = texts.RECIPIENT_TYPES[recipient_type]
        description = capfirst(str(kind))
        matches = [r for r in inputs.recipients if r.recipient_type == recipient_type.value]
        entries = [_entry(r, description, recipient_type.value, categories) for r in matches]
        if not entries:
            entries = [
                RecipientEntry(
                    name="",
                    description=description,
                    recipient_type=recipient_type.value,
                    role=role,
                    role_label=str(texts.ROLE_LABELS[role]),
                    categories=categories,
                )
            ]
        for entry in entries:
            if entry.role != texts.RecipientRole.PROCESSOR:
                recipients.append(entry)
            elif entry.recipient_type not in inputs.covered_types or not inputs.processors:
                processors.append(entry)
    for processor in inputs.processors:
        if processor.audiences and wanted and not wanted & set(processor.audiences):
            continue
        processors.append(
            _entry(
                processor, str(processor.description), "", _category_labels(processor.categories)
            )
        )
    if not inputs.processors:
        processors += [
            RecipientEntry(
                name="",
                description=capfirst(str(kind)),
                recipient_type="",
                role=texts.RecipientRole.PROCESSOR,
                role_label=str(texts.ROLE_LABELS[texts.RecipientRole.PROCESSOR]),
            )
            for kind in fallback_processors
        ]
    return recipients, processors


def _recipients(
    audience: Audience, items: list[_Item], inputs: NoticeInputs
) -> tuple[list[RecipientEntry], list[RecipientEntry]]:
    return recipient_entries(
        _recipient_types(audience, items),
        inputs,
        texts.FALLBACK_PROCESSORS[audience],
        [audience.value],
    )


def _transfers(entries: Iterable[RecipientEntry]) -> list[str]:
    abroad = [e for e in entries if e.outside_eea]
    if not abroad:
        return [str(texts.TRANSFERS_NONE)]
    return [str(texts.TRANSFERS_SOME)] + [
        str(texts.TRANSFER_LINE)
        % {
            "name": e.name or e.description,
            "country": e.country,
            "safeguard": e.safeguard or texts.SAFEGUARD_MISSING,
        }
        for e in abroad
    ]


def _rights(items: list[_Item], rules: list[tuple[RetentionRule, set[str]]]) -> list[TextEntry]:
    holds = [
        f"{rule.title} ({period_from_trigger(rule)}; {rule.statute})"
        for rule, _cats in rules
        if rule.early_erasure is EarlyErasure.NO
    ]
    portable = _category_labels({i.spec.category for i in items if i.spec.portable})
    entries = []
    for code, (title, text) in texts.RIGHTS.items():
        paragraphs = [str(text)]
        if code == "erasure" and holds:
            paragraphs.append(str(texts.ERASURE_HOLDS) % {"holds": "; ".join(holds)})
        if code == "portability":
            paragraphs.append(
                str(texts.PORTABLE_DATA) % {"categories": ", ".join(portable).lower()}
                if portable
                else str(texts.PORTABLE_NONE)
            )
        entries.append(TextEntry(code, str(title), tuple(paragraphs)))
    return entries


def _objection(audience: Audience, purposes: list[PurposeEntry], email: str) -> list[str]:
    legitimate = [p.label.lower() for p in purposes if p.legitimate_interests]
    paragraphs = [
        str(texts.OBJECTION_LEGITIMATE) % {"purposes": "; ".join(legitimate)}
        if legitimate
        else str(texts.OBJECTION_NONE)
    ]
    if audience is Audience.CUSTOMERS or any(p.code == Purpose.MARKETING for p in purposes):
        paragraphs.append(str(texts.OBJECTION_MARKETING))
    paragraphs.append(str(texts.OBJECTION_HOW) % {"email": email})
    return paragraphs


def _sections(
    audience: Audience, items: list[_Item], inputs: NoticeInputs, recipients: list[RecipientEntry]
) -> list[TextEntry]:
    """Return the sections one audience's notice adds (legal.md §5)."""
    sections = []
    specs = [i.spec for i in items]
    rules = inputs.rules

    def rule_period(code: str) -> str:
        return period_from_trigger(rules.get(code, RULES[code]))

    if audience is Audience.CUSTOMERS:
        if any(s.category is Category.COOKIE_CHOICE for s in specs):
            sections.append(
                TextEntry("cookies", str(texts.COOKIES_TITLE), tuple(str(p) for p in texts.COOKIES))
            )
        ip_specs = [s for s in specs if s.identifier is IdentifierKind.IP]
        if ip_specs:
            period = rule_period(ip_specs[0].retention)
            sections.append(
                TextEntry(
                    "ip_address", str(texts.IP_TITLE), (str(texts.IP_ADDRESS) % {"period": period},)
                )
            )
        if not any(s.identifier is IdentifierKind.HETU for s in specs):
            sections.append(TextEntry("no_hetu", str(texts.HETU_TITLE), (str(texts.NO_HETU),)))
    if audience is Audience.APPLICANTS:
        sections += [
            TextEntry("references", str(texts.REFERENCES_TITLE), (str(texts.REFERENCES),)),
            TextEntry(
                "application_retention",
                str(texts.APPLICATION_RETENTION_TITLE),
                (str(texts.APPLICATION_RETENTION) % {"period": rule_period("job_applications")},),
            ),
            TextEntry(
                "talent_pool",
                str(texts.TALENT_POOL_TITLE),
                (
                    str(texts.TALENT_POOL) % {"period": rule_period("open_applications")},
                    str(texts.HIRED),
                ),
            ),
        ]
    if audience is Audience.STAFF:
        handlers = (
            str(texts.HEALTH_HANDLERS) % {"handlers": join_list(inputs.health_handlers)}
            if inputs.health_handlers
            else str(texts.HEALTH_NO_HANDLERS)
        )
        health_rules = [
            str(texts.HEALTH_RETENTION) % {"title": RULES[c].title, "period": rule_period(c)}
            for c in ("sick_leave_certificates", "other_health_data")
        ]
        named_provider = [
            r.name
            for r in recipients
            if r.recipient_type == RecipientType.OCCUPATIONAL_HEALTH and r.name
        ]
        statutory = (RecipientType.TAX_AUTHORITY, RecipientType.PENSION_INSURER)
        payroll = [
            r.name or str(texts.RECIPIENT_TYPES[RecipientType(r.recipient_type)][1])
            for r in recipients
            if r.recipient_type in statutory
        ]
        sections += [
            TextEntry(
                "health",
                str(texts.HEALTH_TITLE),
                (str(texts.HEALTH[0]), handlers, str(texts.HEALTH[1]), *health_rules),
            ),
            TextEntry(
                "occupational_health",
                str(texts.OCCUPATIONAL_HEALTH_TITLE),
                (
                    str(texts.OCCUPATIONAL_HEALTH)
                    % {"provider": f" ({join_list(named_provider)})" if named_provider else ""},
                ),
            ),
            TextEntry("hetu", str(texts.HETU_TITLE), (str(texts.HETU),)),
            TextEntry(
                "payroll",
                str(texts.PAYROLL_TITLE),
                (str(texts.PAYROLL) % {"recipients": "; ".join(payroll)},),
            ),
        ]
    return sections


def build_notice(audience: Audience, inputs: NoticeInputs, language: str) -> Notice:
    """Build the privacy notice for ``audience`` in ``language`` (GDPR Art. 13 and 14).

    Purposes, bases, categories, sources, retention, recipients and portability
    come from the data map; the recipient and processor registers name the
    recipients; the controller's details and the named health-data handlers
    come from ``inputs``. The result carries no version; see
    :func:`content_version`.
    """
    audience = Audience(audience)
    with translation.override(language):
        items = _items(audience)
        rules = _rules_with_categories(audience, items, inputs.rules)
        purposes = _purposes(items, rules)
        categories, from_others = _categories(items)
        recipients, processors = _recipients(audience, items, inputs)
        controller = inputs.controller
        collection = [str(p) for p in texts.COLLECTION[audience]]
        if audience is Audience.CUSTOMERS and controller.websites:
            collection.append(str(texts.WEBSITES) % {"websites": join_list(controller.websites)})
        registers = [
            register_label(r) for r in registers_of(audience) if any(i.register == r for i in items)
        ]
        exercise = [
            str(texts.EXERCISE)
            % {"address": controller.address, "email": controller.email, "name": controller.name}
        ]
        if audience is Audience.STAFF:
            exercise.append(str(texts.EXERCISE_STAFF))
        exercise.append(str(texts.EXERCISE_DEADLINE))
        used_bases = _ordered({c for p in purposes for c in p.basis_codes}, list(Basis.values))
        requirements = [
            TextEntry(
                code,
                str(Basis(code).label),
                (
                    str(
                        texts.REQUIREMENTS_BY_AUDIENCE.get(
                            (audience, Basis(code)), texts.REQUIREMENTS[Basis(code)]
                        )
                    ),
                ),
            )
            for code in used_bases
        ]
        return Notice(
            audience=audience.value,
            language=language,
            title=str(texts.TITLES[audience]),
            intro=str(texts.INTROS[audience]) % {"controller": controller.name},
            controller=controller,
            dpo=(
                str(texts.DPO_GIVEN) % {"dpo": controller.dpo}
                if controller.dpo
                else str(texts.DPO_NONE)
                % {"controller": controller.name, "contact": controller.contact_person}
            ),
            objection=tuple(_objection(audience, purposes, controller.email)),
            collection=tuple(collection),
            registers=tuple(registers),
            purposes=tuple(purposes),
            categories=tuple(categories),
            from_others=tuple(from_others),
            recipients=tuple(recipients),
            processors=tuple(processors),
            transfers=tuple(_transfers([*recipients, *processors])),
            retention=tuple(_retention(items, rules)),
            requirements=tuple(requirements),
            rights=tuple(_rights(items, rules)),
            exercise=tuple(exercise),
            consent_withdrawal=str(texts.CONSENT_WITHDRAWAL[audience]),
            complaint=str(texts.COMPLAINT),
            automated=str(texts.AUTOMATED),
            sections=tuple(_sections(audience, items, inputs, recipients)),
            security=(
                *security_measures((i.spec for i in items), inputs.facts),
                str(texts.SECURITY_BREACH),
            ),
            changes=str(texts.CHANGES),
        )
