"""Data-map declarations of the retention app: the deletion log and the rule overrides.

The deletion log holds counts only (rule, record type, field, action, number),
never a person's data; it is about no data subject. The staff account that ran
a purge or changed a rule, and the reason written for a change, are kept as
proof of storage limitation and of who decided a period (GDPR Art. 5(2) and
30(1)(f)) for as long as the controller's other records of processing
(``controller_records``).
"""

from __future__ import annotations

from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source
from rekisteri.retention.models import PurgeCount, PurgeRun, RuleOverride

_PURPOSES = [Purpose.ACCOUNTABILITY]

declare(
    PurgeRun,
    register="retention",
    subject=None,
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    retention="retention_log",
    erasure=Erasure.HOLD,
    source=Source.EMPLOYER,
    fields={
        "id": NOT_PERSONAL,
        "started_at": NOT_PERSONAL,
        "finished_at": NOT_PERSONAL,
        "as_of": NOT_PERSONAL,
        "executed": NOT_PERSONAL,
        "financial_year_start": NOT_PERSONAL,
        "actor": personal(Category.IDENTITY),
        "actor_label": personal(Category.IDENTITY),
    },
)

declare(
    PurgeCount,
    register="retention",
    subject=None,
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    retention="retention_log",
    erasure=Erasure.HOLD,
    source=Source.EMPLOYER,
    fields={
        "id": NOT_PERSONAL,
        "run": NOT_PERSONAL,
        "rule": NOT_PERSONAL,
        "model_label": NOT_PERSONAL,
        "field": NOT_PERSONAL,
        "action": NOT_PERSONAL,
        "count": NOT_PERSONAL,
    },
)

declare(
    RuleOverride,
    register="retention",
    subject=None,
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    retention="controller_records",
    erasure=Erasure.HOLD,
    source=Source.EMPLOYER,
    fields={
        "id": NOT_PERSONAL,
        "rule": NOT_PERSONAL,
        "months": NOT_PERSONAL,
        "days": NOT_PERSONAL,
        "reason": personal(Category.NOTES, free_text=True),
        "changed_by": personal(Category.IDENTITY),
        "changed_at": NOT_PERSONAL,
        "active": NOT_PERSONAL,
        "ended_at": NOT_PERSONAL,
        "ended_by": personal(Category.IDENTITY),
        "end_reason": personal(Category.NOTES, free_text=True),
    },
)
