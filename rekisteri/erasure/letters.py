"""The erasure confirmation letter (GDPR Art. 12, 17 and 19), in Finnish or English.

legal.md section 5, "Rectification, erasure and restriction confirmations":
what was deleted or anonymised, and for everything kept the exact Art. 17(3)
ground — (b) a legal obligation with the statute and the date it ends, (e)
legal claims — or that the data is still needed (an open job) and when it goes.
It names the recipients told of the erasure (Art. 19), says that marketing has
stopped, how backups are handled, and the right to complain to the Data
Protection Ombudsman (Art. 77).

The letter is built from the plan's items (no register is read), so it shows
model names and field names, never the erased values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from rekisteri.consent.models import SuppressionEntry
from rekisteri.disclosures.models import RecipientNotification
from rekisteri.erasure.models import ErasurePlan, ErasurePlanItem, PlanStatus
from rekisteri.erasure.policies import Action
from rekisteri.erasure.queries import field_title, model_title
from rekisteri.erasure.texts import explain_hold
from rekisteri.notices.queries import get_controller_settings

LANGUAGES = ("fi", "en")


@dataclass
class LetterLine:
    """One kind of record and what happened to it."""

    title: str
    count: int
    fields: list[str] = field(default_factory=list)
    why: str = ""


@dataclass
class Letter:
    plan: ErasurePlan
    language: str
    controller: Any
    date: dt.date
    deleted: list[LetterLine]
    anonymised: list[LetterLine]
    kept: list[LetterLine]
    recipients: list[str]
    marketing_stopped: bool

    @property
    def is_draft(self) -> bool:
        return self.plan.status != PlanStatus.EXECUTED


def _records(items: list[ErasurePlanItem]) -> dict[tuple[str, str], list[ErasurePlanItem]]:
    grouped: dict[tuple[str, str], list[ErasurePlanItem]] = defaultdict(list)
    for item in items:
        grouped[(item.model_label, item.object_id)].append(item)
    return grouped


def _lines(
    records: dict[tuple[str, str], list[ErasurePlanItem]], action: Action
) -> list[LetterLine]:
    """Records deleted, or anonymised (kept records whose other fields were emptied too)."""
    counts: dict[str, int] = defaultdict(int)
    fields: dict[str, set[str]] = defaultdict(set)
    for (label, _pk), items in records.items():
        whole = next((i for i in items if not i.field), None)
        emptied = any(i.field and i.action == Action.ANONYMISE for i in items)
        if whole is None:
            continue
        if whole.action != action and not (action == Action.ANONYMISE and emptied):
            continue
        counts[label] += 1
        fields[label].update(i.field for i in items if i.field and i.action == Action.ANONYMISE)
    return [
        LetterLine(
            title=model_title(label, plural=counts[label] > 1),
            count=counts[label],
            fields=sorted(field_title(label, name) for name in fields[label]),
        )
        for label in sorted(counts, key=lambda lab: model_title(lab))
    ]


def _kept(records: dict[tuple[str, str], list[ErasurePlanItem]]) -> list[LetterLine]:
    """Held fields grouped by record type, ground, statute and end date."""
    groups: dict[tuple[str, str, str, dt.date | None, str], set[tuple[str, str]]] = defaultdict(set)
    fields: dict[tuple[str, str, str, dt.date | None, str], set[str]] = defaultdict(set)
    for (label, pk), items in records.items():
        for item in items:
            if not item.field or item.action != Action.HOLD:
                continue
            key = (label, item.ground, item.statute, item.hold_until, item.rule)
            groups[key].add((label, pk))
            fields[key].add(field_title(label, item.field))
    lines = []
    for key in sorted(groups, key=lambda k: (model_title(k[0]), str(k[3] or ""))):
        label, ground, statute, until, rule = key
        count = len(groups[key])
        lines.append(
            LetterLine(
                title=model_title(label, plural=count > 1),
                count=count,
                fields=sorted(fields[key]),
                why=explain_hold(ground, statute, until, rule),
            )
        )
    return lines


def build_letter(plan: ErasurePlan, language: str, *, today: dt.date) -> Letter:
    """Return the letter's content in ``language`` (call within that language's override)."""
    items = list(plan.items.order_by("id"))
    records = _records(items)
    request_ref = plan.request_ref or plan.reference
    recipients: list[str] = []
    if plan.person is not None:
        recipients = sorted(
            {
                task.recipient.name
                for task in RecipientNotification.objects.filter(
                    person=plan.person, change="erasure", request_ref=request_ref
                ).select_related("recipient")
            }
        )
    with translation.override(language):
        return Letter(
            plan=plan,
            language=language,
            controller=get_controller_settings(),
            date=today,
            deleted=_lines(records, Action.DELETE),
            anonymised=_lines(records, Action.ANONYMISE),
            kept=_kept(records),
            recipients=recipients,
            marketing_stopped=SuppressionEntry.objects.filter(request_ref=request_ref).exists(),
        )
