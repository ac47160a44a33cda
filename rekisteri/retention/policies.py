"""Pure rules of the retention purge: cut-off dates, effective rules and overrides.

No ORM and no clock: callers pass ``today`` and the financial-year start
(``settings.FINANCIAL_YEAR_START``, Kirjanpitolaki 1336/1997 1 luku 4 §). The
date arithmetic itself lives in :mod:`rekisteri.privacy.retention`; this module
turns it around (which events are due on a day) and applies the
administrator's overrides to the default rules of legal.md section 4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rekisteri.privacy.retention import (
    RULES,
    EarlyErasure,
    RetentionRule,
    Status,
    Trigger,
    add_months,
    get_rule,
    retention_ends_on,
)

#: The longest period an override may set: a hundred years.
MAX_OVERRIDE_MONTHS = 1200
MAX_OVERRIDE_DAYS = 3660

#: The pseudo-rule under which people left with no record in any register are
#: deleted: data with no purpose left may not be kept (GDPR Art. 5(1)(c) and (e)).
ORPHAN_PERSON = RetentionRule(
    "orphan_person",
    _("People with no record left in any register"),
    Trigger.EVENT,
    basis="GDPR Art. 5(1)(c) and 5(1)(e)",
    statute="GDPR Art. 5(1)(e)",
    early_erasure=EarlyErasure.YES,
    status=Status.PROPOSAL,
)


class OverrideRefused(ValueError):
    """An override the law or the rule's nature does not allow; the message is for staff."""


class OverrideTerms(Protocol):
    """What :func:`effective_rule` reads of an override (a ``RuleOverride`` row fits)."""

    @property
    def rule(self) -> str: ...

    @property
    def months(self) -> int: ...

    @property
    def days(self) -> int: ...

    @property
    def active(self) -> bool: ...


# --- Which events are due ---------------------------------------------------------------


def latest_due_event_on(
    rule: RetentionRule, today: dt.date, fy_start: str = "01-01"
) -> dt.date | None:
    """Return the latest event date whose retention period has ended by ``today``.

    A record is due exactly when its event date is on or before this cut-off:
    ``retention_ends_on(rule, event) <= today``. The end date never decreases as
    the event date grows (calendar months clamp to the month's last day; the
    year-end triggers step once a year), so the due events form an unbroken run
    up to the cut-off, found here by bisection over days. ``None`` means the
    rule has no period (it lasts as long as its purpose, e.g. the suppression
    list, GDPR Art. 21(3)): nothing is ever due under it.
    """
    if rule.open_ended:
        return None
    # The clock starts at most about two years after the event (the end of the
    # calendar year in which the financial year ended) and a month is at most
    # 31 days, so an event this far back has surely ended by today.
    span = 31 * rule.months + rule.days + 800
    low = max(dt.date.min, today - dt.timedelta(days=span))
    high = today
    if retention_ends_on(rule, high, fy_start) <= today:
        return high
    # Invariant: ends(low) <= today < ends(high).
    while (high - low).days > 1:
        middle = low + (high - low) // 2
        if retention_ends_on(rule, middle, fy_start) <= today:
            low = middle
        else:
            high = middle
    return low


# --- Overrides --------------------------------------------------------------------------


def effective_rule(code: str, overrides: Iterable[OverrideTerms] = ()) -> RetentionRule:
    """Return the rule ``code`` with the administrator's active override applied.

    The default comes from legal.md section 4 (``RULES``); an active override
    replaces its period (months and days) and nothing else: the trigger, the
    lawful basis and the statute stay. The last active override given wins.
    """
    rule = get_rule(code)
    chosen: OverrideTerms | None = None
    for override in overrides:
        if override.rule == code and override.active:
            chosen = override
    if chosen is None:
        return rule
    return replace(rule, months=chosen.months, days=chosen.days)


def effective_rules(overrides: Iterable[OverrideTerms] = ()) -> dict[str, RetentionRule]:
    """Return every rule of ``RULES`` with the active overrides applied."""
    listed = list(overrides)
    return {code: effective_rule(code, listed) for code in RULES}


def period_is_shorter(months: int, days: int, than_months: int, than_days: int) -> bool:
    """Return whether a period of ``months`` + ``days`` ends before the other on any start day.

    Periods mix calendar months and days (31 January + 1 month is the last day
    of February), so they are compared on every start day of four years, a
    leap day included: a period that ends earlier on any of them is shorter.
    """
    first = dt.date(2023, 1, 1)
    for offset in range(366 + 365 * 3):
        start = first + dt.timedelta(days=offset)
        ends = add_months(start, months) + dt.timedelta(days=days)
        other = add_months(start, than_months) + dt.timedelta(days=than_days)
        if ends < other:
            return True
    return False


def check_override(rule: RetentionRule, months: int, days: int) -> None:
    """Refuse an override the law does not allow; return quietly when it may be saved.

    A rule whose data an erasure request cannot remove early
    (``early_erasure == "no"``) rests on a legal obligation or on legal claims
    (GDPR Art. 17(3)(b) and (e)): its default period is the statutory minimum
    (e.g. vouchers six years, Kirjanpitolaki 1336/1997 2 luku 10 §), so it may be
    extended but never shortened. A rule with no period (kept while its
    purpose lasts) has nothing to change.
    """
    if months < 0 or days < 0:
        raise OverrideRefused(str(_("A retention period cannot be negative.")))
    if months > MAX_OVERRIDE_MONTHS or days > MAX_OVERRIDE_DAYS:
        raise OverrideRefused(
            str(_("A retention period can be at most 1200 months and 3660 days."))
        )
    if rule.open_ended:
        raise OverrideRefused(
            str(
                _(
                    "“%(rule)s” has no fixed period: it is kept as long as its purpose "
                    "lasts (%(statute)s). There is no period to change."
                )
            )
            % {"rule": rule.title, "statute": rule.statute}
        )
    if rule.early_erasure is EarlyErasure.NO and period_is_shorter(
        months, days, rule.months, rule.days
    ):
        raise OverrideRefused(
            str(
                _(
                    "“%(rule)s” may not be kept for less than %(period)s: the law requires "
                    "it (%(statute)s; GDPR Art. 17(3)). It can be extended, not shortened."
                )
            )
            % {
                "rule": rule.title,
                "period": describe_period(rule.months, rule.days),
                "statute": rule.statute,
            }
        )


def describe_period(months: int, days: int) -> str:
    """Return a period as staff read it: "6 years", "13 months", "7 days", "0 days"."""
    parts: list[str] = []
    years, rest = divmod(months, 12)
    if years and not rest:
        parts.append(ngettext("%(n)d year", "%(n)d years", years) % {"n": years})
    elif months:
        parts.append(ngettext("%(n)d month", "%(n)d months", months) % {"n": months})
    if days or not parts:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    return " ".join(parts)


# --- Which rule governs a whole record ----------------------------------------------------


@dataclass(frozen=True)
class GroupKey:
    """Fields that share one retention rule and one clock inside a model."""

    rule: str
    paths: tuple[str, ...]


def _lifetime(rule: RetentionRule, fy_start: str) -> tuple[bool, dt.date]:
    """How long ``rule`` keeps data of one reference event: for ordering rules only."""
    reference = dt.date(2001, 1, 1)
    if rule.open_ended:
        return True, dt.date.max
    return False, retention_ends_on(rule, reference, fy_start)


def lasts_longer(rule: RetentionRule, other: RetentionRule, fy_start: str = "01-01") -> bool:
    """Return whether ``rule`` keeps data longer than ``other`` for the same event date.

    A rule with no period outlasts every other; the comparison uses one
    reference event, which is exact for rules with the same trigger and a fair
    order for rules with different ones.
    """
    return _lifetime(rule, fy_start) > _lifetime(other, fy_start)


def record_group(
    groups: Mapping[GroupKey, int],
    rules: Mapping[str, RetentionRule],
    declared: str | None = None,
    fy_start: str = "01-01",
) -> GroupKey | None:
    """Return the group whose rule governs the whole record.

    ``groups`` maps each clocked group to its number of fields. The group kept
    longest governs: no field can outlive its row, so the record goes when that
    group does (the employee record follows the ten-year work-certificate rule,
    Työsopimuslaki 6:7, not the six payroll fields). Among groups kept equally
    long, the declaration's model-wide rule (``declared``) wins, then the group
    with more fields.
    """
    if not groups:
        return None
    return max(
        groups,
        key=lambda key: (
            _lifetime(rules[key.rule], fy_start),
            key.rule == declared,
            groups[key],
        ),
    )
