"""Reads of consent and marketing for pages, the export and the suppression service.

A person's e-mail addresses, phone numbers and purchase dates are found through
the data-map declarations (fields with an identifier, fields of the purchase
category and the date that starts their clock), never by importing a register:
a register added later is covered without a change here. Every query is
set-based: its cost grows with the people asked about, not with the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Max
from django.utils import timezone

from rekisteri.consent.models import (
    ConsentRecord,
    ConsentText,
    MarketingBasis,
    MarketingChannel,
    MarketingPreference,
    SuppressionEntry,
    SuppressionKind,
)
from rekisteri.consent.policies import (
    EXPORT_IDENTIFIER,
    MARKETING_SOURCE_PURPOSES,
    Verdict,
    marketing_verdict,
    purpose_of_channel,
)
from rekisteri.privacy.datamap import FieldSpec, ModelDeclaration, declarations
from rekisteri.privacy.identifiers import normalise
from rekisteri.privacy.index import digest
from rekisteri.privacy.models import IndexEntry
from rekisteri.privacy.vocabulary import Category, IdentifierKind
from rekisteri.subjects.models import Person

#: Person ids per query: well under every backend's limit on bound parameters.
CHUNK = 500


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def _subject_lookup(declaration: ModelDeclaration) -> str:
    """Return the ORM path from the model to the person's id (``pk`` for the person)."""
    assert declaration.subject is not None
    return "pk" if declaration.subject == "self" else declaration.subject


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    return None


# --- Contacts and purchases through the data map ---------------------------------------


def contact_fields(
    kind: IdentifierKind, *, for_marketing: bool
) -> list[tuple[ModelDeclaration, FieldSpec]]:
    """Return the declared fields that hold a person's ``kind`` identifier.

    For marketing only contact fields collected for a sale, the customer
    relationship or the web shop count (:data:`MARKETING_SOURCE_PURPOSES`);
    for suppression every such field of the person counts.
    """
    found = []
    for declaration in declarations():
        if declaration.subject is None:
            continue
        for spec in declaration.personal_fields():
            if spec.identifier is not kind:
                continue
            if for_marketing and (
                spec.category is not Category.CONTACT
                or not MARKETING_SOURCE_PURPOSES.intersection(spec.purposes)
            ):
                continue
            found.append((declaration, spec))
    return found


def contacts_of_people(
    person_ids: Iterable[int], kind: IdentifierKind, *, for_marketing: bool
) -> dict[int, list[str]]:
    """Return each person's distinct, normalised ``kind`` identifiers, in a stable order."""
    ids = sorted(set(person_ids))
    found: dict[int, list[str]] = defaultdict(list)
    for declaration, spec in contact_fields(kind, for_marketing=for_marketing):
        lookup = _subject_lookup(declaration)
        manager = declaration.model._default_manager
        for chunk in _chunks(ids):
            rows = (
                manager.filter(**{f"{lookup}__in": chunk})
                .exclude(**{f"{spec.name}__isnull": True})
                .order_by(lookup, "pk")
                .values_list(lookup, spec.name)
            )
            for person_id, raw in rows:
                for value in normalise(kind, str(raw)):
                    if value not in found[person_id]:
                        found[person_id].append(value)
    return dict(found)


def last_purchase_by_person(person_ids: Iterable[int]) -> dict[int, dt.date]:
    """Return each person's latest purchase date, for the existing-customer basis.

    A purchase is any record about the person with a field of the purchase
    category (web-shop orders, voucher lines …); its date is the date that starts
    that field's retention clock (the order or issue date).
    """
    ids = sorted(set(person_ids))
    latest: dict[int, dt.date] = {}
    for declaration in declarations():
        if declaration.subject in (None, "self"):
            continue
        paths = {
            path
            for spec in declaration.personal_fields()
            if spec.category is Category.PURCHASE
            for path in spec.retention_from
        }
        lookup = _subject_lookup(declaration)
        manager = declaration.model._default_manager
        for path in sorted(paths):
            for chunk in _chunks(ids):
                rows = (
                    manager.filter(**{f"{lookup}__in": chunk})
                    .values(lookup)
                    .annotate(last=Max(path))
                    .values_list(lookup, "last")
                )
                for person_id, last in rows:
                    day = _as_date(last)
                    if day is not None and (person_id not in latest or day > latest[person_id]):
                        latest[person_id] = day
    return latest


# --- Suppression ------------------------------------------------------------------------


def contact_digests_of_person(person: Person) -> set[tuple[SuppressionKind, str]]:
    """Return the keyed hashes of every e-mail and phone held about ``person``.

    Two sources, joined: the current values of the declared identifier fields of
    the person's records (normalised and hashed here), and the person's own
    entries in the subject index. The index stores the same keyed hash
    (:func:`rekisteri.privacy.index.digest`), so nothing needs reversing.
    Identifiers found only inside free text are left out: a note may name
    someone else's number.
    """
    found: set[tuple[SuppressionKind, str]] = set()
    for kind in (SuppressionKind.EMAIL, SuppressionKind.PHONE):
        identifier = IdentifierKind(kind.value)
        values = contacts_of_people([person.pk], identifier, for_marketing=False)
        for value in values.get(person.pk, []):
            found.add((kind, digest(identifier, value)))
    rows = IndexEntry.objects.filter(
        person_id=person.pk,
        kind__in=[SuppressionKind.EMAIL.value, SuppressionKind.PHONE.value],
        in_text=False,
    ).values_list("kind", "digest")
    for kind_value, hashed in rows:
        found.add((SuppressionKind(kind_value), hashed))
    return found


def is_suppressed(kind: SuppressionKind | str, value: str) -> bool:
    """Return whether an e-mail or phone is on the suppression list (GDPR Art. 21(3)).

    The value is normalised first (e-mail case-folded, phone in E.164), so any
    way of writing it matches; an unreadable value is not suppressed.
    """
    kind = SuppressionKind(kind)
    identifier = IdentifierKind(kind.value)
    digests = [digest(identifier, v) for v in normalise(identifier, value)]
    return bool(digests) and SuppressionEntry.objects.filter(kind=kind, digest__in=digests).exists()


def suppressed_digests(kind: SuppressionKind, digests: Iterable[str]) -> set[str]:
    """Return which of ``digests`` are on the suppression list."""
    wanted = sorted(set(digests))
    hit: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        hit.update(
            SuppressionEntry.objects.filter(
                kind=kind, digest__in=wanted[start : start + CHUNK]
            ).values_list("digest", flat=True)
        )
    return hit


# --- Consent texts and a person's consents ----------------------------------------------


def current_consent_texts() -> list[ConsentText]:
    """Return the newest version of every (purpose, language), ordered for a select."""
    newest: dict[tuple[str, str], ConsentText] = {}
    for text in ConsentText.objects.order_by("purpose", "language", "-version"):
        newest.setdefault((text.purpose, text.language), text)
    return list(newest.values())


def active_consent_channels(person_ids: Iterable[int]) -> set[tuple[int, str]]:
    """Return (person id, consent purpose) for every unwithdrawn consent of the people."""
    ids = sorted(set(person_ids))
    found: set[tuple[int, str]] = set()
    for chunk in _chunks(ids):
        found.update(
            ConsentRecord.objects.filter(person_id__in=chunk, withdrawn_at__isnull=True)
            .values_list("person_id", "text__purpose")
            .distinct()
        )
    return found


@dataclass
class ChannelStatus:
    """One marketing channel of one person as the consent page shows it."""

    channel: MarketingChannel
    preference: MarketingPreference | None
    verdict: Verdict
    active_consents: list[ConsentRecord] = field(default_factory=list)


@dataclass
class PersonConsents:
    person: Person
    channels: list[ChannelStatus]
    consents: list[ConsentRecord]
    last_purchase_on: dt.date | None
    suppressed_contacts: int
    contacts: int


def person_consents(person: Person, *, today: dt.date) -> PersonConsents:
    """Collect a person's marketing channels, consents and suppression status."""
    consents = list(
        ConsentRecord.objects.filter(person=person)
        .select_related("text", "recorded_by", "withdrawn_by")
        .order_by("-given_at", "-id")
    )
    preferences = {p.channel: p for p in MarketingPreference.objects.filter(person=person)}
    last_purchase_on = last_purchase_by_person([person.pk]).get(person.pk)
    channels = []
    for channel in MarketingChannel:
        purpose = purpose_of_channel(channel)
        active = [c for c in consents if c.is_active and c.text.purpose == purpose]
        preference = preferences.get(channel.value)
        channels.append(
            ChannelStatus(
                channel=channel,
                preference=preference,
                verdict=marketing_verdict(
                    preference.basis if preference else None,
                    today=today,
                    opted_out=bool(preference and preference.is_opted_out),
                    restricted=person.is_restricted,
                    has_active_consent=bool(active),
                    last_purchase_on=last_purchase_on,
                ),
                active_consents=active,
            )
        )
    held = contact_digests_of_person(person)
    suppressed = sum(
        len(suppressed_digests(kind, [d for k, d in held if k is kind])) for kind in SuppressionKind
    )
    return PersonConsents(
        person=person,
        channels=channels,
        consents=consents,
        last_purchase_on=last_purchase_on,
        suppressed_contacts=suppressed,
        contacts=len(held),
    )


@dataclass(frozen=True)
class ConsentEvent:
    """One line of the recent-events list: a grant, a withdrawal or an opt-out."""

    at: dt.datetime
    kind: str
    person: Person
    what: str
    channel: str


def recent_consent_events(*, limit: int = 50, include_restricted: bool) -> list[ConsentEvent]:
    """Return the latest grants, withdrawals and opt-outs, newest first."""
    consents = ConsentRecord.objects.select_related("person", "text")
    preferences = MarketingPreference.objects.select_related("person").filter(
        opted_out_at__isnull=False
    )
    if not include_restricted:
        consents = consents.filter(person__is_restricted=False)
        preferences = preferences.filter(person__is_restricted=False)
    events: list[ConsentEvent] = []
    for record in consents.order_by("-given_at")[:limit]:
        events.append(
            ConsentEvent(
                record.given_at,
                "granted",
                record.person,
                str(record.text),
                record.get_channel_display(),
            )
        )
    for record in consents.filter(withdrawn_at__isnull=False).order_by("-withdrawn_at")[:limit]:
        assert record.withdrawn_at is not None
        events.append(
            ConsentEvent(
                record.withdrawn_at,
                "withdrawn",
                record.person,
                str(record.text),
                record.get_withdrawal_channel_display(),
            )
        )
    for preference in preferences.order_by("-opted_out_at")[:limit]:
        assert preference.opted_out_at is not None
        events.append(
            ConsentEvent(
                preference.opted_out_at,
                "opted_out",
                preference.person,
                preference.get_channel_display(),
                preference.get_opt_out_channel_display(),
            )
        )
    events.sort(key=lambda e: e.at, reverse=True)
    return events[:limit]


# --- The marketing list -----------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    contact: str
    first_name: str
    language: str
    basis: str


@dataclass
class ExportPlan:
    """The rows of a marketing export and how many people each rule left out."""

    channel: MarketingChannel
    rows: list[ExportRow] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def plan_marketing_export(channel: MarketingChannel | str, *, today: dt.date) -> ExportPlan:
    """Return the contacts that may receive marketing through ``channel`` today.

    Left out: restricted people (GDPR Art. 18(2)); people with no valid basis
    for the channel — no unwithdrawn consent and not an existing customer within
    the period, or opted out (917/2014 200 §, GDPR Art. 7(3), 21(3)); contacts
    on the suppression list; and contacts not collected for a sale, the customer
    relationship or the web shop. One row per distinct contact.
    """
    channel = MarketingChannel(channel)
    identifier = EXPORT_IDENTIFIER[channel]
    plan = ExportPlan(channel=channel)
    preferences = list(
        MarketingPreference.objects.filter(channel=channel)
        .select_related("person")
        .order_by("person_id")
    )
    restricted = [p for p in preferences if p.person.is_restricted]
    if restricted:
        plan.excluded[Verdict.RESTRICTED.value] += len(restricted)
    candidates = [p for p in preferences if not p.person.is_restricted]
    person_ids = [p.person_id for p in candidates]
    purpose = purpose_of_channel(channel).value
    consenting = {pid for pid, p in active_consent_channels(person_ids) if p == purpose}
    purchases = last_purchase_by_person(
        p.person_id
        for p in candidates
        if p.basis == MarketingBasis.EXISTING_CUSTOMER and p.person_id not in consenting
    )
    allowed: list[tuple[MarketingPreference, bool]] = []
    for preference in candidates:
        verdict = marketing_verdict(
            preference.basis,
            today=today,
            opted_out=preference.is_opted_out,
            has_active_consent=preference.person_id in consenting,
            last_purchase_on=purchases.get(preference.person_id),
        )
        if verdict is Verdict.ALLOWED:
            allowed.append((preference, preference.person_id in consenting))
        else:
            plan.excluded[verdict.value] += 1
    contacts = contacts_of_people([p.person_id for p, _ in allowed], identifier, for_marketing=True)
    kind = SuppressionKind(identifier.value)
    hashed = {value: digest(identifier, value) for values in contacts.values() for value in values}
    suppressed = suppressed_digests(kind, hashed.values())
    seen: set[str] = set()
    for preference, by_consent in allowed:
        values = contacts.get(preference.person_id, [])
        if not values:
            plan.excluded["no_contact"] += 1
            continue
        usable = [v for v in values if hashed[v] not in suppressed]
        if not usable:
            plan.excluded["suppressed"] += 1
            continue
        for value in usable:
            if value in seen:
                continue
            seen.add(value)
            plan.rows.append(
                ExportRow(
                    contact=value,
                    first_name=preference.person.first_name,
                    language=preference.language,
                    basis="consent" if by_consent else preference.basis,
                )
            )
    plan.rows.sort(key=lambda r: r.contact)
    plan.excluded = dict(plan.excluded)
    return plan


def person_by_reference(reference: str) -> Person | None:
    """Return the person with this opaque reference, or ``None``."""
    return Person.objects.filter(reference=reference.strip().upper()).first()


def text_choices_queryset() -> models.QuerySet[ConsentText]:
    """The consent texts a grant form offers: only the newest version of each."""
    return ConsentText.objects.filter(pk__in=[t.pk for t in current_consent_texts()]).order_by(
        "purpose", "language"
    )
