"""Normalisers for the identifiers kept in the subject index, and their extraction
from free text.

Each ``normalise_*`` returns the canonical form of a valid identifier or ``None``:
e-mail case-folded, phone in E.164 with Finland as the default region, HETU in
its 11-character form with the century sign kept (the 2023 signs -, Y, X, W, V, U
and A–F are distinct and never folded), IBAN compact upper-case, IP addresses
in their compressed form, names as case-folded tokens.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import hetu as stdnum_hetu

from rekisteri.privacy.vocabulary import IdentifierKind

DEFAULT_REGION = "FI"

_EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HETU_RE = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-Ya-y](?![0-9A-Za-z])")
_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
_IPV4_RE = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)")
_IPV6_RE = re.compile(
    r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])"
)
_NAME_SPLIT_RE = re.compile(r"[^\w]+|_|\d+")


def normalise_email(value: str) -> str | None:
    """Return the e-mail address case-folded, or ``None`` when it is not valid."""
    candidate = value.strip()
    try:
        validate_email(candidate)
    except ValidationError:
        return None
    return candidate.casefold()


def normalise_phone(value: str, region: str = DEFAULT_REGION) -> str | None:
    """Return the number in E.164 (``+358401234567``), or ``None`` when not valid.

    Accepts the ways Finns write numbers: ``040 123 4567``, ``040-1234567``,
    ``+358 40 1234567``, ``00358401234567`` and ``(09) 123 4567``.
    """
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_hetu(value: str) -> str | None:
    """Return a valid personal identity code upper-cased, or ``None``.

    Temporary and test codes (individual number 900–999) are accepted: they are
    issued to real people and DVV publishes test codes in that range.
    """
    candidate = value.strip().upper()
    try:
        return str(stdnum_hetu.validate(candidate, allow_temporary=True))
    except StdnumError:
        return None


def normalise_iban(value: str) -> str | None:
    """Return the IBAN compact and upper-case, or ``None`` when the checksum fails."""
    try:
        return str(stdnum_iban.validate(value))
    except StdnumError:
        return None


def normalise_ip(value: str) -> str | None:
    """Return the address in its compressed form (IPv4 or IPv6), or ``None``."""
    try:
        return ipaddress.ip_address(value.strip()).compressed
    except ValueError:
        return None


def name_tokens(value: str) -> list[str]:
    """Return the case-folded tokens of a name (``"Matti-Pekka Ä"`` → ``matti, pekka, ä``).

    Tokens shorter than two letters are dropped: initials would match everyone.
    """
    text = unicodedata.normalize("NFKC", value).casefold()
    return [token for token in _NAME_SPLIT_RE.split(text) if len(token) >= 2]


def normalise(kind: IdentifierKind, value: str) -> list[str]:
    """Return the index values for ``value`` read as an identifier of ``kind``."""
    if kind is IdentifierKind.NAME:
        return name_tokens(value)
    normaliser = _NORMALISERS.get(kind)
    if normaliser is None:
        text = value.strip().casefold()
        return [text] if text else []
    result = normaliser(value)
    return [result] if result else []


_NORMALISERS = {
    IdentifierKind.EMAIL: normalise_email,
    IdentifierKind.PHONE: normalise_phone,
    IdentifierKind.HETU: normalise_hetu,
    IdentifierKind.IBAN: normalise_iban,
    IdentifierKind.IP: normalise_ip,
}


@dataclass(frozen=True)
class FoundIdentifier:
    """One identifier inside a text: its kind, normalised value and place."""

    kind: IdentifierKind
    value: str
    start: int
    end: int


def find_identifiers(text: str) -> list[FoundIdentifier]:
    """Return every identifier in free text with its position, in order of position.

    E-mails, HETUs, IBANs and IP addresses are taken first and blanked out, so
    that their digits are not read again as phone numbers.
    """
    if not text:
        return []
    found: list[FoundIdentifier] = []
    remaining = text
    for kind, pattern in (
        (IdentifierKind.EMAIL, _EMAIL_RE),
        (IdentifierKind.HETU, _HETU_RE),
        (IdentifierKind.IBAN, _IBAN_RE),
        (IdentifierKind.IP, _IPV4_RE),
        (IdentifierKind.IP, _IPV6_RE),
    ):
        for match in pattern.finditer(remaining):
            value = normalise(kind, match.group(0))
            if value:
                start, end = match.span()
                found.append(FoundIdentifier(kind, value[0], start, end))
                remaining = remaining[:start] + " " * (end - start) + remaining[end:]
    for phone in phonenumbers.PhoneNumberMatcher(remaining, DEFAULT_REGION):
        if phonenumbers.is_valid_number(phone.number):
            e164 = phonenumbers.format_number(phone.number, phonenumbers.PhoneNumberFormat.E164)
            found.append(FoundIdentifier(IdentifierKind.PHONE, e164, phone.start, phone.end))
    return sorted(found, key=lambda f: f.start)


def extract_identifiers(text: str) -> Iterator[tuple[IdentifierKind, str]]:
    """Yield (kind, normalised value) for every identifier found inside free text."""
    for item in find_identifiers(text):
        yield item.kind, item.value
