"""Use cases of consent and marketing: publish a consent text, grant and withdraw
consent, record a marketing basis or an opt-out, suppress a person's contacts,
and export the marketing list.

Every function runs in one transaction and writes its audit events there (field
names only, never values). The staff pages, the command line and the web-shop
API call these functions; none of them re-implements a rule.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.audit.models import EventType
from rekisteri.audit.records import staff_user
from rekisteri.audit.services import record_event
from rekisteri.consent.models import (
    ConsentChannel,
    ConsentPurpose,
    ConsentRecord,
    ConsentText,
    MarketingBasis,
    MarketingChannel,
    MarketingPreference,
    SuppressionEntry,
    SuppressionReason,
)
from rekisteri.consent.policies import (
    EXPORT_IDENTIFIER,
    channel_of_purpose,
    consent_text_digest,
    csv_safe,
    normalise_consent_text,
    purpose_of_channel,
)
from rekisteri.consent.queries import (
    ExportPlan,
    contact_digests_of_person,
    is_suppressed,
    plan_marketing_export,
)
from rekisteri.privacy.identifiers import normalise_ip
from rekisteri.subjects.models import Person

__all__ = [
    "ConsentError",
    "export_marketing_list",
    "grant_consent",
    "is_suppressed",
    "opt_out_of_marketing",
    "publish_consent_text",
    "set_marketing_basis",
    "suppress_person_contacts",
    "withdraw_consent",
]

Actor = AbstractBaseUser | AnonymousUser | None

# The audit event each use case writes (documented in docs/audit-events.md).
EVENT_TEXT_PUBLISHED = EventType.CONSENT_TEXT_PUBLISHED
EVENT_CONSENT_GRANTED = EventType.CONSENT_GRANTED
EVENT_CONSENT_WITHDRAWN = EventType.CONSENT_WITHDRAWN
EVENT_PREFERENCE_CREATED = EventType.MARKETING_BASIS_RECORDED
EVENT_BASIS_RECORDED = EventType.MARKETING_BASIS_RECORDED
EVENT_OPTED_OUT = EventType.MARKETING_OPTED_OUT
EVENT_SUPPRESSED = EventType.SUPPRESSION_ADDED
EVENT_EXPORTED = EventType.MARKETING_EXPORTED

_CONSENT_FIELDS = [
    "person",
    "text",
    "channel",
    "given_at",
    "evidence",
    "recorded_by",
    "ip_address",
    "user_agent",
]
_WITHDRAWAL_FIELDS = ["withdrawn_at", "withdrawal_channel", "withdrawn_by"]


class ConsentError(Exception):
    """A consent use case refused its input; the message is fit for staff."""


def _check_channel(channel: str) -> ConsentChannel:
    if channel not in ConsentChannel.values:
        raise ConsentError(_("Choose how the person told us."))
    return ConsentChannel(channel)


# --- Consent texts ----------------------------------------------------------------------


def publish_consent_text(
    actor: Actor,
    *,
    purpose: str,
    language: str,
    text: str,
    now: dt.datetime | None = None,
) -> ConsentText:
    """Publish a new version of a consent text; earlier versions stay as they were.

    The SHA-256 of the wording is stored with it, so a consent record proves
    exactly what the person agreed to (GDPR Art. 7(1)). A text identical to the
    current version is refused: it would be a version that changes nothing.
    """
    if purpose not in ConsentPurpose.values:
        raise ConsentError(_("Choose what the consent is for."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ConsentError(_("Choose the language of the text."))
    wording = normalise_consent_text(text)
    if len(wording) < 20:
        raise ConsentError(_("Write the whole text the person agrees to."))
    sha256 = consent_text_digest(wording)
    with transaction.atomic():
        latest = (
            ConsentText.objects.select_for_update()
            .filter(purpose=purpose, language=language)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.sha256 == sha256:
            raise ConsentError(
                _("This is the same text as the current version %(version)d.")
                % {"version": latest.version}
            )
        consent_text = ConsentText(
            purpose=purpose,
            language=language,
            version=(latest.version + 1) if latest else 1,
            text=wording,
            sha256=sha256,
            published_at=now or timezone.now(),
            published_by=staff_user(actor),
        )
        consent_text.save()
        record_event(
            actor,
            EVENT_TEXT_PUBLISHED,
            target=consent_text,
            fields=["purpose", "language", "version", "text", "sha256", "published_at"],
            reason=f"consent text {purpose} {language} v{consent_text.version}",
        )
    return consent_text


# --- Granting and withdrawing -----------------------------------------------------------


def _save_preference(
    actor: Actor, preference: MarketingPreference, changed: Sequence[str], reason: str
) -> MarketingPreference:
    creating = preference._state.adding
    preference.save()
    record_event(
        actor,
        EVENT_PREFERENCE_CREATED if creating else EVENT_BASIS_RECORDED,
        target=preference,
        person_ref=preference.person.reference,
        fields=changed,
        reason=reason,
    )
    return preference


def grant_consent(
    actor: Actor,
    person: Person,
    text: ConsentText,
    *,
    channel: str,
    evidence: str,
    given_at: dt.datetime | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
) -> ConsentRecord:
    """Record the person's consent to ``text`` and make consent the channel's basis.

    GDPR Art. 7(1): the record shows who agreed to which version of which text
    (its SHA-256 is on the text), when, through which channel, and the evidence
    (e.g. "ticked the unticked box on the web form"; the IP address and browser
    for the website). Consent is never assumed: evidence is required. A new
    consent also ends an earlier opt-out of that channel, because it is the
    person's own later choice (Art. 7(3) lets them withdraw it again at any
    time). Marketing by e-mail or text message to a consumer needs it
    (Laki sähköisen viestinnän palveluista 917/2014 200 §).
    """
    channel = _check_channel(channel)
    evidence = evidence.strip()
    if not evidence:
        raise ConsentError(_("Describe how the person gave the consent."))
    ip = None
    if ip_address:
        ip = normalise_ip(ip_address)
        if ip is None:
            raise ConsentError(_("Enter a valid IPv4 or IPv6 address."))
    given_at = given_at or timezone.now()
    marketing_channel = channel_of_purpose(text.purpose)
    with transaction.atomic():
        consent = ConsentRecord(
            person=person,
            text=text,
            channel=channel,
            given_at=given_at,
            evidence=evidence,
            recorded_by=staff_user(actor),
            ip_address=ip,
            user_agent=user_agent.strip()[:300],
        )
        consent.save()
        record_event(
            actor,
            EVENT_CONSENT_GRANTED,
            target=consent,
            person_ref=person.reference,
            fields=_CONSENT_FIELDS,
            reason=f"consent granted: {text.purpose} v{text.version} {text.language}, {channel}",
        )
        preference = (
            MarketingPreference.objects.select_for_update()
            .filter(person=person, channel=marketing_channel)
            .first()
        ) or MarketingPreference(person=person, channel=marketing_channel)
        preference.basis = MarketingBasis.CONSENT
        preference.since = timezone.localdate(given_at)
        preference.product_groups = ""
        preference.language = text.language
        preference.opted_out_at = None
        preference.opt_out_channel = ""
        _save_preference(
            actor,
            preference,
            [
                "basis",
                "since",
                "product_groups",
                "language",
                "opted_out_at",
                "opt_out_channel",
            ],
            reason=f"basis: consent {consent.reference}",
        )
    return consent


def _opt_out_channel(
    actor: Actor,
    person: Person,
    channel: MarketingChannel,
    *,
    via: str,
    now: dt.datetime,
) -> tuple[MarketingPreference, list[ConsentRecord]]:
    """Withdraw the channel's active consents and mark its preference opted out."""
    withdrawn = list(
        ConsentRecord.objects.select_for_update()
        .filter(
            person=person,
            text__purpose=purpose_of_channel(channel),
            withdrawn_at__isnull=True,
        )
        .order_by("id")
    )
    for consent in withdrawn:
        consent.withdrawn_at = now
        consent.withdrawal_channel = via
        consent.withdrawn_by = staff_user(actor)
        consent.save(update_fields=_WITHDRAWAL_FIELDS)
        record_event(
            actor,
            EVENT_CONSENT_WITHDRAWN,
            target=consent,
            person_ref=person.reference,
            fields=_WITHDRAWAL_FIELDS,
            reason=f"consent withdrawn: {channel.value}, {via or 'unknown'}",
        )
    preference = (
        MarketingPreference.objects.select_for_update()
        .filter(person=person, channel=channel)
        .first()
    ) or MarketingPreference(person=person, channel=channel)
    if preference.opted_out_at is None:
        preference.opted_out_at = now
        preference.opt_out_channel = via
        preference.save()
        record_event(
            actor,
            EVENT_OPTED_OUT,
            target=preference,
            person_ref=person.reference,
            fields=["opted_out_at", "opt_out_channel"],
            reason=f"opted out: {channel.value}, {via or 'unknown'}",
        )
    return preference, withdrawn


def withdraw_consent(
    actor: Actor, consent: ConsentRecord, *, channel: str, now: dt.datetime | None = None
) -> ConsentRecord:
    """Withdraw a consent: one step, as easy as giving it (GDPR Art. 7(3)).

    Every unwithdrawn consent of the person for the same purpose is withdrawn
    with it, and the channel is marked opted out, so that no older version of
    the text keeps the marketing going. The records stay as the minimal proof
    for three years after the withdrawal (legal.md §4 row 13,
    ``marketing_consent``); the withdrawal does not affect marketing sent before
    it (Art. 7(3)).
    """
    via = _check_channel(channel)
    with transaction.atomic():
        current = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
        if current.withdrawn_at is not None:
            raise ConsentError(_("This consent has already been withdrawn."))
        _opt_out_channel(
            actor,
            current.person,
            channel_of_purpose(current.text.purpose),
            via=via,
            now=now or timezone.now(),
        )
    consent.refresh_from_db()
    return consent


def opt_out_of_marketing(
    actor: Actor,
    person: Person,
    *,
    channels: Sequence[str] | None = None,
    via: str,
    now: dt.datetime | None = None,
) -> list[MarketingPreference]:
    """Record that the person refuses marketing through ``channels`` (all when ``None``).

    An opt-out must be honoured whatever the basis: consent is withdrawn (GDPR
    Art. 7(3)), an existing customer or a business contact may refuse at any
    time (Laki sähköisen viestinnän palveluista 917/2014 200 §, and 202 §
    [M — unverified section number] for business contacts), and an objection
    to direct marketing is absolute (GDPR Art. 21(3)). Channels already opted
    out keep their first date.
    """
    via_channel = _check_channel(via) if via else ""
    if any(c not in MarketingChannel.values for c in (channels or [])):
        raise ConsentError(_("Choose a marketing channel."))
    chosen = [MarketingChannel(c) for c in (channels or MarketingChannel.values)]
    moment = now or timezone.now()
    with transaction.atomic():
        return [
            _opt_out_channel(actor, person, channel, via=via_channel, now=moment)[0]
            for channel in chosen
        ]


def set_marketing_basis(
    actor: Actor,
    person: Person,
    *,
    channel: str,
    basis: str,
    since: dt.date,
    product_groups: str = "",
    language: str = "fi",
    opt_out_offered: bool = False,
) -> MarketingPreference:
    """Record a basis other than consent for marketing through one channel.

    - Existing customer: contact details obtained in connection with a sale may
      be used to market the seller's own similar products, if the customer was
      offered an easy, free way to refuse when the details were collected
      (Laki sähköisen viestinnän palveluista 917/2014 200 §). The product groups
      it covers are recorded (legal.md §2.8).
    - Business contact: a company's contact person may get marketing in their
      work role until they opt out (917/2014 202 § [M — unverified section number]).

    Consent is recorded with :func:`grant_consent`, never here. A channel the
    person has opted out of cannot be reopened by staff: only the person's own
    new consent does that (GDPR Art. 21(3)).
    """
    if channel not in MarketingChannel.values:
        raise ConsentError(_("Choose a marketing channel."))
    if basis not in (MarketingBasis.EXISTING_CUSTOMER, MarketingBasis.BUSINESS_CONTACT):
        raise ConsentError(_("Record consent with the consent form, not as a basis."))
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ConsentError(_("Choose the language of the marketing."))
    product_groups = product_groups.strip()
    if basis == MarketingBasis.EXISTING_CUSTOMER:
        if not product_groups:
            raise ConsentError(_("Name the product groups the customer bought."))
        if not opt_out_offered:
            raise ConsentError(
                _(
                    "An existing customer must have been offered an easy, free way to refuse "
                    "when the contact details were collected."
                )
            )
    with transaction.atomic():
        preference = (
            MarketingPreference.objects.select_for_update()
            .filter(person=person, channel=channel)
            .first()
        ) or MarketingPreference(person=person, channel=channel)
        if preference.opted_out_at is not None:
            raise ConsentError(
                _(
                    "The person has opted out of this channel; only their new consent can "
                    "restart marketing."
                )
            )
        active = ConsentRecord.objects.filter(
            person=person,
            text__purpose=purpose_of_channel(channel),
            withdrawn_at__isnull=True,
        ).exists()
        if active:
            raise ConsentError(
                _("Marketing on this channel already rests on the person's consent.")
            )
        preference.basis = basis
        preference.since = since
        preference.product_groups = (
            product_groups if basis == MarketingBasis.EXISTING_CUSTOMER else ""
        )
        preference.language = language
        _save_preference(
            actor,
            preference,
            ["channel", "basis", "since", "product_groups", "language"],
            reason=f"basis: {basis} for {channel}",
        )
    return preference


# --- Suppression ------------------------------------------------------------------------


@dataclass(frozen=True)
class SuppressionResult:
    added: int
    already: int
    opted_out: list[str] = field(default_factory=list)


def suppress_person_contacts(
    actor: Actor, person: Person, *, reason: str, request_ref: str = ""
) -> SuppressionResult:
    """Put every e-mail and phone held about the person on the suppression list.

    An objection to direct marketing is absolute (GDPR Art. 21(2)–(3)): the
    contacts are kept as keyed hashes (never in clear, no link to the person)
    and checked before every export, so they stay suppressed even after the
    person's records are erased or the address reappears in a new record. The
    person is also opted out of every marketing channel. Called by the
    data-subject request workflow for an Art. 21(2) objection; keep the signature.
    """
    if reason not in SuppressionReason.values:
        raise ConsentError(_("Choose why the contacts are suppressed."))
    request_ref = request_ref.strip()[:40]
    now = timezone.now()
    with transaction.atomic():
        wanted = contact_digests_of_person(person)
        existing = {
            (kind, digest)
            for kind, digest in SuppressionEntry.objects.filter(
                digest__in=[d for _k, d in wanted]
            ).values_list("kind", "digest")
        }
        added = 0
        for kind, digest in sorted(wanted):
            if (kind.value, digest) in existing:
                continue
            entry = SuppressionEntry.objects.create(
                kind=kind, digest=digest, added_at=now, reason=reason, request_ref=request_ref
            )
            added += 1
            record_event(
                actor,
                EVENT_SUPPRESSED,
                target=entry,
                person_ref=person.reference,
                fields=["kind", "digest", "reason", "request_ref"],
                reason=f"suppressed: {reason} {request_ref}".strip(),
            )
        preferences = opt_out_of_marketing(actor, person, via="", now=now)
    return SuppressionResult(
        added=added,
        already=len(wanted) - added,
        opted_out=[p.channel for p in preferences],
    )


# --- The marketing export ---------------------------------------------------------------


def export_marketing_list(actor: Actor, *, channel: str, today: dt.date, out: TextIO) -> ExportPlan:
    """Write the marketing list for ``channel`` as CSV to ``out`` and audit the export.

    Only contacts that may receive marketing today are written (see
    :func:`rekisteri.consent.queries.plan_marketing_export`: consent, existing
    customer, business contact, opt-outs, restriction and the suppression list;
    917/2014 200 §, GDPR Art. 7(3), 18(2), 21(3)). Cells that a spreadsheet would
    run as formulas are prefixed with an apostrophe. The export is audited before
    any row is written.
    """
    if channel not in EXPORT_IDENTIFIER:
        raise ConsentError(_("The marketing list can be exported for e-mail or text messages."))
    plan = plan_marketing_export(channel, today=today)
    contact_column = "email" if channel == MarketingChannel.EMAIL else "phone"
    with transaction.atomic():
        # The file goes to the e-mail marketing processor, which acts on our behalf
        # (GDPR Art. 28) and is kept in the processor register; the disclosure log
        # is for third-party recipients. The audit event records the hand-over.
        record_event(
            actor,
            EVENT_EXPORTED,
            target_ref=f"marketing-{channel}-{today.isoformat()}",
            fields=[contact_column, "first_name", "language", "basis"],
            reason=f"marketing export {channel}: {len(plan.rows)} rows",
        )
    writer = csv.writer(out)
    writer.writerow([contact_column, "first_name", "language", "basis"])
    for row in plan.rows:
        writer.writerow(
            [csv_safe(row.contact), csv_safe(row.first_name), csv_safe(row.language), row.basis]
        )
    return plan
