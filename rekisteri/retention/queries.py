"""Read helpers of retention: the rules in force, what is due, and the past runs.

The rules in force are the defaults of legal.md section 4 with the
administrator's active overrides applied (:func:`current_rules`); the purge and
every page read them from here, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Prefetch
from django.utils.functional import Promise

from rekisteri.privacy.retention import RULES, TRIGGER_LABELS, RetentionRule, Status
from rekisteri.retention.models import PurgeAction, PurgeCount, PurgeRun, RuleOverride
from rekisteri.retention.policies import ORPHAN_PERSON, describe_period, effective_rules


def financial_year_start() -> str:
    """Return the configured first day of the financial year, ``MM-DD`` (Kirjanpitolaki 1:4)."""
    return str(getattr(settings, "FINANCIAL_YEAR_START", "01-01"))


def active_overrides() -> list[RuleOverride]:
    """Return the overrides in force, one per rule at most."""
    return list(RuleOverride.objects.filter(active=True).order_by("changed_at", "id"))


def current_rules() -> dict[str, RetentionRule]:
    """Return every rule as it is in force: the default with its active override applied."""
    return effective_rules(active_overrides())


@dataclass(frozen=True)
class RuleRow:
    """One rule as the retention page shows it."""

    default: RetentionRule
    effective: RetentionRule
    override: RuleOverride | None
    due: int

    @property
    def code(self) -> str:
        return self.default.code

    @property
    def trigger_label(self) -> Promise:
        return TRIGGER_LABELS[self.default.trigger]

    @property
    def period(self) -> str:
        return (
            ""
            if self.effective.open_ended
            else describe_period(self.effective.months, self.effective.days)
        )

    @property
    def default_period(self) -> str:
        return (
            ""
            if self.default.open_ended
            else describe_period(self.default.months, self.default.days)
        )

    @property
    def is_proposal(self) -> bool:
        return self.default.status is Status.PROPOSAL

    @property
    def is_unverified(self) -> bool:
        return self.default.status is Status.UNVERIFIED


def rule_rows(due: dict[str, int] | None = None) -> list[RuleRow]:
    """Return every rule with its period in force, its override and what is due under it."""
    overrides = {o.rule: o for o in active_overrides()}
    effective = effective_rules(overrides.values())
    due = due or {}
    return [
        RuleRow(
            default=rule,
            effective=effective[code],
            override=overrides.get(code),
            due=due.get(code, 0),
        )
        for code, rule in RULES.items()
    ]


def due_counts(today: dt.date) -> dict[str, int]:
    """Return how many records (or fields) are due per rule on ``today``; zeros left out.

    The count is what ``rekisteri purge --execute`` would change that day, people
    left with no record included (under ``orphan_person``).
    """
    from rekisteri.retention.services import plan_purge

    totals: dict[str, int] = {}
    for item in plan_purge(today, with_restricted=False):
        if item.count:
            totals[item.rule.code] = totals.get(item.rule.code, 0) + item.count
    return totals


def recent_runs(limit: int = 20) -> list[PurgeRun]:
    """Return the latest purge runs with their counts."""
    counts = Prefetch("counts", queryset=PurgeCount.objects.order_by("id"))
    return list(PurgeRun.objects.prefetch_related(counts).order_by("-started_at", "-id")[:limit])


def last_run() -> PurgeRun | None:
    """Return the latest executed purge run, or ``None``."""
    return PurgeRun.objects.filter(executed=True).order_by("-started_at", "-id").first()


def override_history(limit: int = 50) -> list[RuleOverride]:
    """Return the latest overrides, in force or ended, newest first."""
    return list(RuleOverride.objects.select_related("changed_by", "ended_by")[:limit])


def model_name(label: str) -> str:
    """Return a record type's name as staff read it ("web-shop order"), or the label."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def rule_title(code: str) -> str:
    """Return a rule's title, the pseudo-rule of orphan people included."""
    if code == ORPHAN_PERSON.code:
        return str(ORPHAN_PERSON.title)
    rule = RULES.get(code)
    return str(rule.title) if rule is not None else code


@dataclass(frozen=True)
class CountRow:
    """One line of the deletion log as the page shows it."""

    rule: str
    rule_title: str
    model: str
    field: str
    action: str
    count: int
    failed: bool


def count_rows(run: PurgeRun) -> list[CountRow]:
    """Return the lines of a run's deletion log with readable names."""
    return [
        CountRow(
            rule=c.rule,
            rule_title=rule_title(c.rule),
            model=model_name(c.model_label),
            field=c.field,
            action=str(c.get_action_display()),
            count=c.count,
            failed=c.action == PurgeAction.FAILED,
        )
        for c in run.counts.all()
    ]
