"""Retention rules and the pure functions that compute their dates.

The default rules follow the retention table of the project's legal research
(legal.md section 4). Each rule cites its statute. ``status`` tells whether the
period rests on a verified source (``verified``), on a source quoted from memory
that still has to be checked against Finlex (``unverified``), or is a proposal
with no statute behind the exact figure (``proposal``); proposals are shown as
such in the data map and the notices.

All date arithmetic here is pure: no clock, no database. Callers pass ``today``
and the financial-year start.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Trigger(StrEnum):
    """The event that starts a retention clock."""

    END_OF_FINANCIAL_YEAR = "end_of_financial_year"
    END_OF_CALENDAR_YEAR_OF_FINANCIAL_YEAR_END = "end_of_calendar_year_of_financial_year_end"
    LAST_ACTIVITY = "last_activity"
    EVENT = "event"
    JOB_CLOSED = "job_closed"
    APPLICATION_DECIDED = "application_decided"
    EMPLOYMENT_ENDED = "employment_ended"
    WITHDRAWAL = "withdrawal"
    REQUEST_CLOSED = "request_closed"
    CASE_CLOSED = "case_closed"


TRIGGER_LABELS: dict[Trigger, Promise] = {
    Trigger.END_OF_FINANCIAL_YEAR: _("the end of the financial year"),
    Trigger.END_OF_CALENDAR_YEAR_OF_FINANCIAL_YEAR_END: _(
        "the end of the calendar year in which the financial year ended"
    ),
    Trigger.LAST_ACTIVITY: _("the last purchase, service or contact"),
    Trigger.EVENT: _("the date of the record"),
    Trigger.JOB_CLOSED: _("the closing of the service job"),
    Trigger.APPLICATION_DECIDED: _("the decision on the application"),
    Trigger.EMPLOYMENT_ENDED: _("the end of the employment"),
    Trigger.WITHDRAWAL: _("the withdrawal of consent"),
    Trigger.REQUEST_CLOSED: _("the closing of the request"),
    Trigger.CASE_CLOSED: _("the closing of the case"),
}


class EarlyErasure(StrEnum):
    """Whether an erasure request (GDPR Art. 17) can remove the data before the period ends."""

    YES = "yes"
    NO = "no"
    PARTLY = "partly"


class Status(StrEnum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    PROPOSAL = "proposal"


@dataclass(frozen=True)
class RetentionRule:
    """How long one category of data is kept, from which event, and why."""

    code: str
    title: Promise
    trigger: Trigger
    months: int = 0
    days: int = 0
    basis: str = ""
    statute: str = ""
    early_erasure: EarlyErasure = EarlyErasure.YES
    status: Status = Status.VERIFIED
    legal_row: int = 0
    #: Kept for as long as its purpose lasts, with no fixed period (e.g. the
    #: suppression list, kept while any marketing is sent).
    open_ended: bool = False

    @property
    def is_legal_hold(self) -> bool:
        """A hold blocks erasure until the period ends (GDPR Art. 17(3)(b) or (e))."""
        return self.early_erasure is not EarlyErasure.YES


RULES: dict[str, RetentionRule] = {
    rule.code: rule
    for rule in (
        RetentionRule(
            "accounting_books",
            _("Books of account and financial statements"),
            Trigger.END_OF_FINANCIAL_YEAR,
            months=120,
            basis="GDPR Art. 6(1)(c)",
            statute="Kirjanpitolaki 1336/1997 2 luku 10 §",
            early_erasure=EarlyErasure.NO,
            legal_row=1,
        ),
        RetentionRule(
            "accounting_vouchers",
            _("Accounting vouchers (invoices, receipts) with names and addresses"),
            Trigger.END_OF_CALENDAR_YEAR_OF_FINANCIAL_YEAR_END,
            months=72,
            basis="GDPR Art. 6(1)(c)",
            statute="Kirjanpitolaki 1336/1997 2 luku 10 §",
            early_erasure=EarlyErasure.NO,
            legal_row=2,
        ),
        RetentionRule(
            "customer_master",
            _("Customer master data outside vouchers"),
            Trigger.LAST_ACTIVITY,
            months=36,
            basis="GDPR Art. 6(1)(b) and 6(1)(f) (claims)",
            statute="Vanhentumislaki 728/2003 4 §; TSV/2/2018",
            early_erasure=EarlyErasure.YES,
            legal_row=3,
        ),
        RetentionRule(
            "purchase_history",
            _("Purchase history"),
            Trigger.EVENT,
            months=36,
            basis="GDPR Art. 6(1)(f) (warranty and defect claims)",
            statute="Kuluttajansuojalaki 38/1978 5 luku; Vanhentumislaki 728/2003 4 §",
            early_erasure=EarlyErasure.PARTLY,
            status=Status.PROPOSAL,
            legal_row=4,
        ),
        RetentionRule(
            "service_records",
            _("Service and installation records"),
            Trigger.JOB_CLOSED,
            months=36,
            basis="GDPR Art. 6(1)(b) and 6(1)(f)",
            statute="Kuluttajansuojalaki 38/1978 8 luku; Vanhentumislaki 728/2003 4 §",
            early_erasure=EarlyErasure.PARTLY,
            legal_row=5,
        ),
        RetentionRule(
            "device_credentials",
            _("Customer device, software or website credentials"),
            Trigger.JOB_CLOSED,
            days=7,
            basis="GDPR Art. 6(1)(b)",
            statute="GDPR Art. 5(1)(c), 5(1)(e)",
            early_erasure=EarlyErasure.YES,
            status=Status.PROPOSAL,
            legal_row=6,
        ),
        RetentionRule(
            "webshop_account",
            _("Web-shop account (username, password hash)"),
            Trigger.LAST_ACTIVITY,
            months=36,
            basis="GDPR Art. 6(1)(b)",
            statute="GDPR Art. 5(1)(e)",
            early_erasure=EarlyErasure.YES,
            status=Status.PROPOSAL,
            legal_row=8,
        ),
        RetentionRule(
            "order_ip_address",
            _("The IP address of a web-shop order"),
            Trigger.EVENT,
            months=13,
            basis="GDPR Art. 6(1)(f) (fraud prevention)",
            statute="GDPR Art. 5(1)(e)",
            early_erasure=EarlyErasure.YES,
            status=Status.PROPOSAL,
            legal_row=9,
        ),
        RetentionRule(
            "marketing_consent",
            _("Marketing consent records"),
            Trigger.WITHDRAWAL,
            months=36,
            basis="GDPR Art. 6(1)(c) with Art. 7(1)",
            statute="GDPR Art. 7(1)",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
            legal_row=13,
        ),
        RetentionRule(
            "cookie_consent",
            _("Cookie-consent log (pseudonymous)"),
            Trigger.EVENT,
            months=36,
            basis="GDPR Art. 6(1)(c)",
            statute="Laki sähköisen viestinnän palveluista 917/2014 205 §",
            early_erasure=EarlyErasure.YES,
            status=Status.PROPOSAL,
            legal_row=15,
        ),
        RetentionRule(
            "job_applications",
            _("Unsuccessful job and internship applications and CVs"),
            Trigger.APPLICATION_DECIDED,
            months=24,
            basis="GDPR Art. 6(1)(b), then 6(1)(f) and 17(3)(e)",
            statute="Rikoslaki 39/1889 47:3, 8:1; TSV 6652/154/19",
            early_erasure=EarlyErasure.NO,
            legal_row=16,
        ),
        RetentionRule(
            "open_applications",
            _("Open applications (talent pool)"),
            Trigger.EVENT,
            months=12,
            basis="GDPR Art. 6(1)(a)",
            statute="GDPR Art. 5(1)(e), 7(3)",
            early_erasure=EarlyErasure.YES,
            status=Status.PROPOSAL,
            legal_row=17,
        ),
        RetentionRule(
            "employment_certificate",
            _("Employee data needed for the work certificate"),
            Trigger.EMPLOYMENT_ENDED,
            months=120,
            basis="GDPR Art. 6(1)(c)",
            statute="Työsopimuslaki 55/2001 6 luku 7 §",
            early_erasure=EarlyErasure.NO,
            legal_row=18,
        ),
        RetentionRule(
            "personnel_file",
            _("Rest of the personnel file"),
            Trigger.EMPLOYMENT_ENDED,
            months=24,
            basis="GDPR Art. 6(1)(b) and 6(1)(c)",
            statute="Työsopimuslaki 55/2001 13 luku 9 §",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
            legal_row=19,
        ),
        RetentionRule(
            "payroll_tax",
            _("Tax and payroll data, the employee's personal identity code and bank account"),
            Trigger.END_OF_CALENDAR_YEAR_OF_FINANCIAL_YEAR_END,
            months=72,
            basis="GDPR Art. 6(1)(c)",
            statute="Kirjanpitolaki 1336/1997 2 luku 10 §; Tietosuojalaki 1050/2018 29 §",
            early_erasure=EarlyErasure.NO,
            legal_row=21,
        ),
        RetentionRule(
            "sick_leave_certificates",
            _("Sick-leave certificates backing sick pay"),
            Trigger.END_OF_CALENDAR_YEAR_OF_FINANCIAL_YEAR_END,
            months=72,
            basis="GDPR Art. 9(2)(b)",
            statute="Laki yksityisyyden suojasta työelämässä 759/2004 5 §; Kirjanpitolaki 2:10",
            early_erasure=EarlyErasure.NO,
            legal_row=22,
        ),
        RetentionRule(
            "other_health_data",
            _("Other occupational-health data"),
            Trigger.EMPLOYMENT_ENDED,
            months=24,
            basis="GDPR Art. 9(2)(b)",
            statute="Laki yksityisyyden suojasta työelämässä 759/2004 5 §",
            early_erasure=EarlyErasure.YES,
            status=Status.PROPOSAL,
            legal_row=23,
        ),
        RetentionRule(
            "suppression_list",
            _("Marketing suppression list (hashed contacts)"),
            Trigger.WITHDRAWAL,
            basis="GDPR Art. 6(1)(c) and 6(1)(f)",
            statute="GDPR Art. 21(3)",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
            legal_row=14,
            open_ended=True,
        ),
        RetentionRule(
            "disclosure_log",
            _("Disclosure log"),
            Trigger.EVENT,
            months=72,
            basis="GDPR Art. 6(1)(c)",
            statute="GDPR Art. 5(2), 19 and 30",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
            legal_row=11,
        ),
        RetentionRule(
            "subject_requests",
            _("Data-subject requests and their answers"),
            Trigger.REQUEST_CLOSED,
            months=36,
            basis="GDPR Art. 6(1)(c)",
            statute="GDPR Art. 5(2) and 12",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
            legal_row=25,
        ),
        RetentionRule(
            "breach_register",
            _("Breach register"),
            Trigger.CASE_CLOSED,
            months=60,
            basis="GDPR Art. 6(1)(c)",
            statute="GDPR Art. 33(5)",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
            legal_row=26,
        ),
        RetentionRule(
            "controller_records",
            _("Controller, processor and recipient records"),
            Trigger.CASE_CLOSED,
            months=60,
            basis="GDPR Art. 6(1)(c)",
            statute="GDPR Art. 28 and 30",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
        ),
        RetentionRule(
            "retention_log",
            _("Retention deletion log (counts only)"),
            Trigger.EVENT,
            months=60,
            basis="GDPR Art. 6(1)(c)",
            statute="GDPR Art. 5(2)",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
        ),
        RetentionRule(
            "audit_log",
            _("System audit and access logs"),
            Trigger.EVENT,
            months=12,
            basis="GDPR Art. 6(1)(c) and 6(1)(f)",
            statute="GDPR Art. 32; Tietosuojalaki 1050/2018 6 §",
            early_erasure=EarlyErasure.NO,
            status=Status.PROPOSAL,
            legal_row=27,
        ),
        RetentionRule(
            "unverified_requests",
            _("Request-form submissions whose e-mail was never confirmed"),
            Trigger.EVENT,
            days=7,
            basis="GDPR Art. 6(1)(c) with Art. 12(2) and 12(6)",
            statute="GDPR Art. 5(1)(c) and 5(1)(e)",
            status=Status.PROPOSAL,
        ),
        RetentionRule(
            "import_staging",
            _("Import files awaiting review"),
            Trigger.EVENT,
            days=7,
            basis="GDPR Art. 6(1)(c) and 6(1)(f) (moving the shop's existing registers)",
            statute="GDPR Art. 5(1)(e)",
            status=Status.PROPOSAL,
        ),
        RetentionRule(
            "api_idempotency",
            _("Idempotency keys of web-shop API calls"),
            Trigger.EVENT,
            days=1,
            basis="GDPR Art. 6(1)(b)",
            statute="GDPR Art. 5(1)(e)",
            status=Status.PROPOSAL,
        ),
        RetentionRule(
            "rate_limit_counters",
            _("Rate-limit counters (keyed hashes of addresses)"),
            Trigger.EVENT,
            days=1,
            basis="GDPR Art. 6(1)(f) and 32(1)(b)",
            statute="GDPR Art. 32; Tietosuojalaki 1050/2018 6 §",
            status=Status.PROPOSAL,
        ),
    )
}


def get_rule(code: str) -> RetentionRule:
    """Return the rule named ``code``; an unknown name is a programming error."""
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"unknown retention rule {code!r}") from None


# --- Pure date functions --------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by whole calendar months.

    A day the target month lacks (29–31) becomes that month's last day, so
    31 January + 1 month is 28 or 29 February, never 2 or 3 March.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


def parse_financial_year_start(value: str) -> tuple[int, int]:
    """Parse ``MM-DD`` into (month, day); 29 February cannot start a financial year."""
    try:
        month_text, day_text = value.split("-")
        month, day = int(month_text), int(day_text)
        dt.date(2023, month, day)  # a non-leap year rejects 02-29 and nonsense
    except ValueError as exc:
        raise ValueError(f"financial-year start must be MM-DD, got {value!r}") from exc
    return month, day


def financial_year_end(day: dt.date, start: str = "01-01") -> dt.date:
    """Return the last day of the financial year that contains ``day``.

    The financial year is twelve months from ``start`` (Kirjanpitolaki 1336/1997
    1 luku 4 §); with the default 01-01 it is the calendar year.
    """
    month, first = parse_financial_year_start(start)
    this_year_start = dt.date(day.year, month, first)
    begins = this_year_start if day >= this_year_start else dt.date(day.year - 1, month, first)
    return add_months(begins, 12) - dt.timedelta(days=1)


def retention_starts_on(rule: RetentionRule, event_on: dt.date, fy_start: str = "01-01") -> dt.date:
    """Return the day the rule's clock starts for a record whose event was ``event_on``.

    For vouchers the period runs from the end of the calendar year in which the
    financial year ended (Kirjanpitolaki 2:10), so the clock starts on the next
    1 January; for books it runs from the end of the financial year, so it starts
    the day after; for every other trigger it starts on the event's own date.
    """
    if rule.trigger is Trigger.END_OF_FINANCIAL_YEAR:
        return financial_year_end(event_on, fy_start) + dt.timedelta(days=1)
    if rule.trigger is Trigger.END_OF_CALENDAR_YEAR_OF_FINANCIAL_YEAR_END:
        return dt.date(financial_year_end(event_on, fy_start).year + 1, 1, 1)
    return event_on


def retention_ends_on(rule: RetentionRule, event_on: dt.date, fy_start: str = "01-01") -> dt.date:
    """Return the first day on which a record may be disposed of under ``rule``."""
    start = retention_starts_on(rule, event_on, fy_start)
    return add_months(start, rule.months) + dt.timedelta(days=rule.days)


def is_due(rule: RetentionRule, event_on: dt.date, today: dt.date, fy_start: str = "01-01") -> bool:
    """Return whether the retention period for a record has ended by ``today``."""
    return today >= retention_ends_on(rule, event_on, fy_start)
