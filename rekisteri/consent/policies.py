"""Pure rules of consent and marketing: who may be marketed to, when a cookie choice
must be asked again, how a consent text is fingerprinted, and how a CSV cell is
made safe.

No clock and no database here: callers pass ``today`` and the facts they looked
up. Sources are legal.md §2.7 (cookies), §2.8 (electronic direct marketing),
§1 (GDPR Art. 7 and 21) and §4 rows 13–15.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import StrEnum

from rekisteri.consent.models import ConsentPurpose, MarketingBasis, MarketingChannel
from rekisteri.privacy.retention import RULES, add_months
from rekisteri.privacy.vocabulary import IdentifierKind, Purpose

#: Months a cookie choice stays valid before the banner asks again. A proposal
#: (legal.md §2.7 system requirements and §4 row 15, marked [P]) on top of
#: Laki sähköisen viestinnän palveluista 917/2014 205 § and Traficom's cookie
#: guide (13.9.2021), which require consent that the service can prove.
COOKIE_CHOICE_VALID_MONTHS = 12

#: Months after the last purchase during which the existing-customer basis holds.
#: The law (917/2014 200 §) sets no period; we tie it to the customer master
#: data's own period (legal.md §4 row 3, ``customer_master``) so that marketing
#: never outlives the customer relationship's data. A proposal [P].
EXISTING_CUSTOMER_MONTHS = RULES["customer_master"].months

#: The purposes for which a contact address may have been collected and still be
#: used for marketing: addresses given for a sale, the customer relationship or
#: the web shop (917/2014 200 §, "in connection with a sale"). Addresses kept for
#: accounting, recruitment or employment are never used (GDPR Art. 5(1)(b)).
MARKETING_SOURCE_PURPOSES = frozenset(
    {Purpose.SALES, Purpose.CUSTOMER_RELATIONSHIP, Purpose.WEBSHOP, Purpose.MARKETING}
)

#: Characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A phone number in E.164: "+" and digits only, which no spreadsheet can run.
_E164 = re.compile(r"\+[1-9]\d{5,14}")

_PURPOSE_OF_CHANNEL = {
    MarketingChannel.EMAIL: ConsentPurpose.MARKETING_EMAIL,
    MarketingChannel.SMS: ConsentPurpose.MARKETING_SMS,
    MarketingChannel.POST: ConsentPurpose.MARKETING_POST,
    MarketingChannel.PHONE: ConsentPurpose.MARKETING_PHONE,
}

#: Channels the marketing export can produce, and the identifier each needs.
EXPORT_IDENTIFIER = {
    MarketingChannel.EMAIL: IdentifierKind.EMAIL,
    MarketingChannel.SMS: IdentifierKind.PHONE,
}


def purpose_of_channel(channel: MarketingChannel | str) -> ConsentPurpose:
    """Return the consent purpose that covers marketing through ``channel``."""
    return _PURPOSE_OF_CHANNEL[MarketingChannel(channel)]


def channel_of_purpose(purpose: ConsentPurpose | str) -> MarketingChannel:
    """Return the marketing channel a consent purpose covers."""
    wanted = ConsentPurpose(purpose)
    for channel, covered in _PURPOSE_OF_CHANNEL.items():
        if covered is wanted:
            return channel
    raise ValueError(f"no channel for {purpose!r}")  # pragma: no cover - every purpose has one


# --- Cookie choices -----------------------------------------------------------------------


def cookie_consent_expires_on(chosen_on: dt.date) -> dt.date:
    """Return the day on which a cookie choice made on ``chosen_on`` must be asked again.

    Consent must be provable and current (Laki sähköisen viestinnän palveluista
    917/2014 205 §; Traficom, "Evästeet ja muut käyttäjien päätelaitteille
    tallennettavat tiedot", 13.9.2021); the 12-month re-ask is legal.md's
    proposal (§2.7, §4 row 15). Calendar months: 29 February is asked again
    on 28 February.
    """
    return add_months(chosen_on, COOKIE_CHOICE_VALID_MONTHS)


def needs_new_cookie_consent(
    chosen_on: dt.date | None,
    today: dt.date,
    *,
    chosen_version: str = "",
    current_version: str = "",
) -> bool:
    """Return whether the banner must ask the visitor again.

    It asks when there is no choice yet, when 12 months have passed since the
    choice, or when the banner (its cookie list) has changed since: a consent
    covers only the purposes the visitor was told about (917/2014 205 § 1 mom;
    legal.md §2.7).
    """
    if chosen_on is None:
        return True
    if current_version and chosen_version != current_version:
        return True
    return today >= cookie_consent_expires_on(chosen_on)


# --- Marketing bases ----------------------------------------------------------------------


class Verdict(StrEnum):
    """Whether a person may receive marketing through a channel, and if not, why."""

    ALLOWED = "allowed"
    RESTRICTED = "restricted"
    OPTED_OUT = "opted_out"
    NO_BASIS = "no_basis"
    CONSENT_MISSING = "consent_missing"
    CUSTOMER_RELATIONSHIP_ENDED = "customer_relationship_ended"


def existing_customer_basis_ends_on(last_purchase_on: dt.date) -> dt.date:
    """Return the first day the existing-customer basis no longer holds.

    Laki sähköisen viestinnän palveluista 917/2014 200 § lets a seller market
    its own similar products to contact details obtained in connection with a
    sale, with an easy opt-out; the period is our proposal (see
    :data:`EXISTING_CUSTOMER_MONTHS`).
    """
    return add_months(last_purchase_on, EXISTING_CUSTOMER_MONTHS)


def marketing_verdict(
    basis: MarketingBasis | str | None,
    *,
    today: dt.date,
    opted_out: bool = False,
    restricted: bool = False,
    has_active_consent: bool = False,
    last_purchase_on: dt.date | None = None,
) -> Verdict:
    """Decide whether marketing through one channel is allowed for one person.

    - A restricted person's data may only be stored (GDPR Art. 18(2)).
    - An opt-out or a withdrawn consent ends marketing on that channel (GDPR
      Art. 7(3), 21(3); 917/2014 200 §); only a new consent restarts it.
    - A valid, unwithdrawn consent is enough (917/2014 200 § 1 mom [S]).
    - An existing customer may get marketing of similar products while the
      customer relationship lasts (917/2014 200 §; period: :func:`existing_customer_basis_ends_on`).
    - A business contact may get marketing until they opt out (917/2014 202 §
      [M — unverified section number]).
    """
    if restricted:
        return Verdict.RESTRICTED
    if opted_out:
        return Verdict.OPTED_OUT
    if has_active_consent:
        return Verdict.ALLOWED
    if not basis:
        return Verdict.NO_BASIS
    basis = MarketingBasis(basis)
    if basis is MarketingBasis.CONSENT:
        return Verdict.CONSENT_MISSING
    if basis is MarketingBasis.EXISTING_CUSTOMER:
        if last_purchase_on is None or today >= existing_customer_basis_ends_on(last_purchase_on):
            return Verdict.CUSTOMER_RELATIONSHIP_ENDED
        return Verdict.ALLOWED
    return Verdict.ALLOWED


# --- Consent texts and exports ----------------------------------------------------------


def normalise_consent_text(text: str) -> str:
    """Return the text as it is stored and hashed: line ends as LF, outer space stripped.

    Browsers send CRLF; without this the same wording would get another hash.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def consent_text_digest(text: str) -> str:
    """Return the SHA-256 (hex) of a normalised consent text, the proof of its wording
    (GDPR Art. 7(1): the controller must be able to show what was agreed to)."""
    return hashlib.sha256(normalise_consent_text(text).encode("utf-8")).hexdigest()


def csv_safe(value: str) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula.

    A cell starting with = + - @ TAB or CR gets a leading apostrophe (OWASP,
    "CSV Injection"); the marketing list is opened by people, not only programs.
    A phone number in E.164 (``+358401234567``) is left as it is: "+" and
    digits cannot carry a formula, and the text-message service needs the "+".
    """
    if _E164.fullmatch(value):
        return value
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
