"""Sentences that explain an erasure decision to staff and to the person (translated).

The plan stores codes (action, ground, rule, statute, end date, note); these
functions turn them into text in the active language, so the same plan reads in
Finnish on the page and in English in a letter.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from rekisteri.erasure.policies import Action, Ground
from rekisteri.privacy.retention import RULES, TRIGGER_LABELS


def format_day(day: dt.date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else ""


def waiting_for(rule_code: str) -> str:
    """The event a still-needed hold waits for ("the closing of the service job")."""
    rule = RULES.get(rule_code)
    return str(TRIGGER_LABELS[rule.trigger]) if rule is not None else ""


def explain_hold(ground: str, statute: str, hold_until: dt.date | None, rule_code: str) -> str:
    """Why data is kept, citing the GDPR Art. 17(3) ground, the statute and the end date."""
    if ground == Ground.STILL_NEEDED:
        event = waiting_for(rule_code)
        if event:
            return _("Still needed for its purpose; erased after %(event)s.") % {"event": event}
        return _("Still needed for its purpose.")
    if ground == Ground.LEGAL_OBLIGATION:
        article = _("a legal obligation (GDPR Art. 17(3)(b))")
    else:
        article = _("legal claims (GDPR Art. 17(3)(e))")
    if hold_until is not None:
        return _("Kept for %(article)s under %(statute)s until %(date)s; then erased.") % {
            "article": article,
            "statute": statute,
            "date": format_day(hold_until),
        }
    return _("Kept for %(article)s under %(statute)s for as long as the rule lasts.") % {
        "article": article,
        "statute": statute,
    }


def explain_item(
    *,
    action: str,
    ground: str,
    statute: str,
    hold_until: dt.date | None,
    rule: str,
    note: str,
    whole_record: bool,
) -> str:
    """One line for a plan item: what happens, and why."""
    if action == Action.HOLD:
        text = explain_hold(ground, statute, hold_until, rule)
        if note == "identifies":
            text = _("The name is kept with a held record that needs it: %(why)s") % {"why": text}
        return text
    if action == Action.DELETE:
        return _("Deleted.") if whole_record else _("Emptied.")
    if note == "referenced":
        return _("Anonymised instead of deleted: another record refers to it.")
    return _("Anonymised: its personal fields are emptied.") if whole_record else _("Emptied.")
