"""Build the retention schedule: every rule, its period in force and what uses it.

The schedule is the retention table of legal.md §4 as configured (GDPR Art.
5(1)(e) and 5(2)): for each rule its default and effective period (the
administrator may have changed it), the event that starts the clock, the lawful
basis and statute, whether an erasure request can end it early (Art. 17(3)),
whether the period is a proposal with no statute behind it, and the declared
fields that follow it. ``example_ends_on`` shows the period at work: the first
day a record whose event is ``today`` may be disposed of. Pure: rules and
today's date are passed in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy

from rekisteri.notices.documents import erasure_note, period_from_trigger, period_text
from rekisteri.privacy.datamap import declarations
from rekisteri.privacy.retention import (
    RULES,
    TRIGGER_LABELS,
    RetentionRule,
    Status,
    retention_ends_on,
)
from rekisteri.privacy.vocabulary import Category


@dataclass(frozen=True)
class ScheduleRow:
    code: str
    title: str
    period: str
    default_period: str
    changed: bool
    trigger: str
    example_ends_on: dt.date | None
    basis: str
    statute: str
    early_erasure: str
    proposal: bool
    legal_row: int
    categories: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RetentionSchedule:
    language: str
    today: dt.date
    financial_year_start: str
    rows: tuple[ScheduleRow, ...]


def build_retention_schedule(
    rules: Mapping[str, RetentionRule], *, today: dt.date, fy_start: str, language: str
) -> RetentionSchedule:
    """Build the schedule of every rule in ``RULES`` with the periods in force in ``rules``."""
    fields: dict[str, list[str]] = defaultdict(list)
    categories: dict[str, set[str]] = defaultdict(set)
    for declaration in declarations():
        for spec in declaration.personal_fields():
            fields[spec.retention].append(f"{declaration.label}.{spec.name}")
            categories[spec.retention].add(spec.category)
    with translation.override(language):
        rows = []
        for code, default in RULES.items():
            rule = rules.get(code, default)
            rows.append(
                ScheduleRow(
                    code=code,
                    title=str(rule.title),
                    period=period_from_trigger(rule),
                    default_period=period_text(default),
                    changed=(rule.months, rule.days) != (default.months, default.days),
                    trigger=str(TRIGGER_LABELS[rule.trigger]),
                    example_ends_on=(
                        None if rule.open_ended else retention_ends_on(rule, today, fy_start)
                    ),
                    basis=rule.basis,
                    statute=rule.statute,
                    early_erasure=erasure_note(rule),
                    proposal=rule.status is Status.PROPOSAL,
                    legal_row=rule.legal_row,
                    categories=tuple(str(c.label) for c in Category if c.value in categories[code]),
                    fields=tuple(fields[code]),
                )
            )
        return RetentionSchedule(language, today, fy_start, tuple(rows))


CSV_COLUMNS = (
    ("code", gettext_lazy("Rule")),
    ("title", gettext_lazy("Data")),
    ("period", gettext_lazy("Period in force")),
    ("default_period", gettext_lazy("Default period")),
    ("example_ends_on", gettext_lazy("A record dated today may be disposed of on")),
    ("basis", gettext_lazy("Lawful basis")),
    ("statute", gettext_lazy("Source")),
    ("early_erasure", gettext_lazy("Erasure on request")),
    ("proposal", gettext_lazy("Proposal (no statutory period)")),
    ("legal_row", gettext_lazy("legal.md §4 row")),
    ("categories", gettext_lazy("Categories of personal data")),
    ("fields", gettext_lazy("Fields")),
)


def csv_rows(schedule: RetentionSchedule) -> list[list[str]]:
    """Return the schedule as CSV rows, a header first."""
    with translation.override(schedule.language):
        header = [str(label) for _key, label in CSV_COLUMNS]
        yes, no = str(gettext_lazy("yes")), str(gettext_lazy("no"))
    rows = [header]
    for row in schedule.rows:
        values = {
            "code": row.code,
            "title": row.title,
            "period": row.period,
            "default_period": row.default_period,
            "example_ends_on": row.example_ends_on.isoformat() if row.example_ends_on else "",
            "basis": row.basis,
            "statute": row.statute,
            "early_erasure": row.early_erasure,
            "proposal": yes if row.proposal else no,
            "legal_row": str(row.legal_row or ""),
            "categories": "; ".join(row.categories),
            "fields": "; ".join(row.fields),
        }
        rows.append([values[key] for key, _label in CSV_COLUMNS])
    return rows
