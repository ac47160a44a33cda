"""Pure rules of access letters and portability bundles: no database, no clock.

- :func:`is_portable` decides which fields go into the portability bundle
  (GDPR Art. 20(1): data the person provided, processed on consent or a contract);
- :func:`is_special` decides which data only the named health-data handlers may
  put in a letter (GDPR Art. 9, Laki yksityisyyden suojasta työelämässä 759/2004 5 §);
- :func:`find_identifiers` and :func:`redact_text` take other people's e-mails,
  phones, identity codes, IBANs and IP addresses out of free text (GDPR Art.
  15(4) and 20(4): the copy must not harm the rights of others);
- :func:`csv_cell` keeps a spreadsheet from running a cell as a formula;
- :func:`record_retention` says until when one record is kept (GDPR Art. 15(1)(d));
- :func:`parse_person_references` reads the references a registrar typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rekisteri.privacy.datamap import FieldSpec

# The subject index's own search, so a letter redacts exactly what the index finds.
from rekisteri.privacy.identifiers import extract_identifiers, find_identifiers
from rekisteri.privacy.retention import RetentionRule, retention_ends_on
from rekisteri.privacy.vocabulary import Basis, Category, IdentifierKind, Sensitivity

#: The lawful bases under which data is portable (GDPR Art. 20(1)(a)).
PORTABLE_BASES = frozenset({Basis.CONSENT, Basis.CONTRACT})

#: Characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_PERSON_REFERENCE = re.compile(r"H-[0-9A-Z]{8}")
_SEPARATORS = re.compile(r"[\s,;]+")


def is_portable(spec: FieldSpec) -> bool:
    """Return whether a field belongs in the portability bundle.

    GDPR Art. 20(1): the right covers data the person *provided* (the data map's
    ``portable`` flag: not derived, not written by staff) that is processed on
    consent (Art. 6(1)(a), 9(2)(a)) or a contract (Art. 6(1)(b)). Data kept under
    a legal obligation, legitimate interests or employment law is not portable,
    and secrets and special categories never leave in a bundle.
    """
    return (
        spec.portable
        and spec.basis in PORTABLE_BASES
        and spec.sensitivity is Sensitivity.ORDINARY
        and spec.category is not Category.HEALTH
    )


def is_special(spec: FieldSpec) -> bool:
    """Return whether a field is health data, readable only by the named handlers.

    GDPR Art. 9(1) and YksTL 759/2004 5 §: only the persons the employer has
    named may handle an employee's health data. A record with any such field is
    shown in a letter only to a holder of ``health.view``.
    """
    return spec.sensitivity is Sensitivity.SPECIAL or spec.category is Category.HEALTH


def csv_cell(value: str) -> str:
    """Return a CSV cell that a spreadsheet will not run as a formula.

    A cell starting with = + - @ TAB or CR gets a leading apostrophe (OWASP,
    "CSV Injection"); the bundle is opened by people as well as programs. The
    JSON files carry the values unchanged.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# --- Other people's identifiers in free text ----------------------------------------


@dataclass(frozen=True)
class Redacted:
    """A free text with other people's identifiers replaced, and how many were."""

    text: str
    count: int


def redact_text(
    text: str, is_own: Callable[[IdentifierKind, str], bool], placeholder: str
) -> Redacted:
    """Replace every identifier in ``text`` that is not the subject's own with ``placeholder``.

    GDPR Art. 15(4): the copy must not adversely affect the rights and freedoms
    of others, so an e-mail, phone, identity code, IBAN or IP address of
    someone else inside a note is replaced; the subject's own stay. ``is_own``
    is asked with the identifier's kind and normalised value.

    As a safety net the result is searched again; if anything of someone else's
    is still found (the two searches disagree), the whole text is withheld
    rather than risk a disclosure.
    """
    foreign = [f for f in find_identifiers(text) if not is_own(f.kind, f.value)]
    result = text
    for item in reversed(foreign):
        result = result[: item.start] + placeholder + result[item.end :]
    leftovers = [pair for pair in extract_identifiers(result) if not is_own(*pair)]
    if leftovers:
        return Redacted(placeholder, len(foreign) + len(leftovers))
    return Redacted(result, len(foreign))


# --- Retention of one record ------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """One retention clock of a record: the rule in force and the day its event happened."""

    rule: RetentionRule
    event_on: dt.date | None


@dataclass(frozen=True)
class RecordRetention:
    """Until when a record is kept, as far as its clocks tell (GDPR Art. 15(1)(d)).

    ``ends_on`` is the first day the whole record may be disposed of, known only
    when every clock has started; ``waiting`` holds the rules whose event has
    not happened yet (an open job, a current employment), longest first;
    ``open_ended`` is true when a rule keeps the data as long as its purpose lasts.
    """

    ends_on: dt.date | None
    waiting: tuple[RetentionRule, ...]
    open_ended: bool


def _length(rule: RetentionRule) -> tuple[int, int]:
    return (rule.months, rule.days)


def record_retention(clocks: Iterable[Clock], fy_start: str = "01-01") -> RecordRetention:
    """Return how long a record is kept, from the clocks of its fields.

    No field outlives its row, so the record is kept until the last of its
    started clocks ends (``retention_ends_on``, Kirjanpitolaki 2:10 year-end
    rules included). While any clock waits for its event the end date is not
    known yet, and a rule with no fixed period (the suppression list, GDPR
    Art. 21(3)) keeps the record for as long as its purpose lasts.
    """
    ends: list[dt.date] = []
    waiting: dict[str, RetentionRule] = {}
    open_ended = False
    for clock in clocks:
        if clock.rule.open_ended:
            open_ended = True
        elif clock.event_on is None:
            waiting[clock.rule.code] = clock.rule
        else:
            ends.append(retention_ends_on(clock.rule, clock.event_on, fy_start))
    known = max(ends) if ends and not waiting and not open_ended else None
    ordered = tuple(sorted(waiting.values(), key=_length, reverse=True))
    return RecordRetention(ends_on=known, waiting=ordered, open_ended=open_ended)


# --- Input --------------------------------------------------------------------------------


def parse_person_references(text: str) -> list[str]:
    """Return the person references (``H-…``) in ``text``, upper-cased, each once, in order.

    References may be separated by spaces, commas or semicolons. Anything that
    is not a reference raises ``ValueError`` naming it, so a typo is never
    silently dropped.
    """
    found: list[str] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        candidate = token.upper()
        if not _PERSON_REFERENCE.fullmatch(candidate):
            raise ValueError(token)
        if candidate not in found:
            found.append(candidate)
    return found


def safe_filename_part(value: str) -> str:
    """Return ``value`` reduced to letters, digits and dashes, for a download's file name."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", value).strip("-") or "x"
