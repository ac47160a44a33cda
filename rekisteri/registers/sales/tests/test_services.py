"""Drafting, issuing and correcting vouchers; issued vouchers never change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.privacy.index import find_people
from rekisteri.registers.customers.services import update_customer
from rekisteri.registers.customers.tests.factories import private_customer
from rekisteri.registers.sales.models import (
    Voucher,
    VoucherKind,
    VoucherLine,
    VoucherLocked,
    VoucherSequence,
    VoucherStatus,
)
from rekisteri.registers.sales.services import (
    LineInput,
    add_voucher_line,
    correct_voucher,
    create_voucher_draft,
    issue_voucher,
    remove_voucher_line,
    update_voucher_draft,
)
from rekisteri.registers.sales.tests.factories import (
    LAPTOP,
    MOUSE,
    customer_of,
    draft_for_customer,
    person_of,
)

pytestmark = pytest.mark.django_db

ISSUE_DAY = dt.date(2026, 3, 10)


def test_a_draft_copies_the_customers_billing_details_and_keeps_totals_current(clerk):
    draft = draft_for_customer(clerk)
    assert draft.status == VoucherStatus.DRAFT
    assert draft.reference.startswith("T-")
    assert draft.number is None
    assert draft.billed_name == "Testi Asiakas"
    assert draft.billed_address == "Esimerkkikatu 1 A 2\n40100 Jyväskylä"
    assert draft.billed_email == "testi.asiakas@example.fi"
    assert draft.person == customer_of(draft).person
    assert (draft.total_net, draft.total_vat, draft.total_gross) == (
        D("839.98"),
        D("214.19"),
        D("1054.17"),
    )


def test_adding_and_removing_lines_refreshes_the_draft_and_is_audited(clerk):
    draft = create_voucher_draft(clerk, kind=VoucherKind.RECEIPT)
    line = add_voucher_line(clerk, draft, LAPTOP)
    assert line.line_total == D("800.00")
    draft.refresh_from_db()
    assert draft.total_gross == D("1004.00")
    remove_voucher_line(clerk, line)
    draft.refresh_from_db()
    assert draft.total_gross == D("0.00")
    deleted = AuditEvent.objects.get(type=EventType.RECORD_DELETED)
    assert deleted.reason == "sales.VoucherLine"
    assert deleted.actor_id == clerk.pk


def test_a_bad_line_is_refused_with_translated_errors(clerk):
    draft = create_voucher_draft(clerk)
    with pytest.raises(ValidationError) as caught:
        add_voucher_line(clerk, draft, LineInput("", D("0"), D("1.00"), D("23")))
    with translation.override("en"):
        errors = caught.value.message_dict
    assert set(errors) == {"description", "quantity", "vat_rate"}
    assert not VoucherLine.objects.exists()


def test_credit_notes_cannot_be_drafted_directly(clerk):
    with pytest.raises(ValidationError):
        create_voucher_draft(clerk, kind=VoucherKind.CREDIT_NOTE)


def test_issuing_numbers_the_voucher_and_records_the_event(clerk):
    customer = private_customer(clerk, today=dt.date(2026, 1, 5))
    draft = draft_for_customer(clerk, customer=customer)

    voucher = issue_voucher(clerk, draft, issued_on=ISSUE_DAY)

    voucher.refresh_from_db()
    assert voucher.status == VoucherStatus.ISSUED
    assert voucher.number == "2026-000001"
    assert voucher.financial_year == 2026
    assert voucher.issued_on == ISSUE_DAY
    assert voucher.issued_at is not None
    assert voucher.total_gross == D("1054.17")
    event = AuditEvent.objects.get(type=EventType.VOUCHER_ISSUED)
    assert event.actor_id == clerk.pk
    assert event.target_ref == voucher.reference
    assert event.person_ref == person_of(voucher).reference
    assert {"number", "status", "total_gross"} <= set(event.fields)
    assert "Testi" not in str(event.fields) + event.reason
    customer.refresh_from_db()
    assert customer.last_activity_on == ISSUE_DAY


def test_numbers_run_without_gaps_within_a_financial_year(clerk):
    first = issue_voucher(clerk, draft_for_customer(clerk), issued_on=dt.date(2025, 12, 31))
    second = issue_voucher(clerk, draft_for_customer(clerk), issued_on=dt.date(2026, 1, 1))
    third = issue_voucher(clerk, draft_for_customer(clerk), issued_on=dt.date(2026, 1, 2))
    assert [first.number, second.number, third.number] == [
        "2025-000001",
        "2026-000001",
        "2026-000002",
    ]
    assert dict(VoucherSequence.objects.values_list("financial_year", "last_number")) == {
        2025: 1,
        2026: 2,
    }


@override_settings(FINANCIAL_YEAR_START="05-01")
def test_a_non_calendar_financial_year_names_the_series_by_its_end(clerk):
    voucher = issue_voucher(clerk, draft_for_customer(clerk), issued_on=dt.date(2026, 5, 1))
    assert voucher.financial_year == 2027
    assert voucher.number == "2027-000001"


def test_an_empty_voucher_cannot_be_issued_and_nothing_changes(clerk):
    draft = create_voucher_draft(clerk)
    with translation.override("en"), pytest.raises(ValidationError, match="line"):
        issue_voucher(clerk, draft)
    draft.refresh_from_db()
    assert draft.status == VoucherStatus.DRAFT
    assert not VoucherSequence.objects.exists()
    assert not AuditEvent.objects.filter(type=EventType.VOUCHER_ISSUED).exists()


def test_an_invoice_needs_the_buyers_name_and_address(clerk):
    draft = create_voucher_draft(clerk, kind=VoucherKind.SALES_INVOICE, lines=[LAPTOP])
    with translation.override("en"), pytest.raises(ValidationError, match="address"):
        issue_voucher(clerk, draft)
    receipt = create_voucher_draft(clerk, kind=VoucherKind.RECEIPT, lines=[LAPTOP])
    assert issue_voucher(clerk, receipt).status == VoucherStatus.ISSUED


def test_an_issued_voucher_refuses_every_change(clerk):
    voucher = issue_voucher(clerk, draft_for_customer(clerk), issued_on=ISSUE_DAY)
    line = voucher.lines.all()[0]

    voucher.billed_name = "Joku Muu"
    with pytest.raises(VoucherLocked):
        voucher.save()
    with pytest.raises(VoucherLocked):
        voucher.delete()
    line.unit_price = D("1.00")
    with pytest.raises(VoucherLocked):
        line.save()
    with pytest.raises(VoucherLocked):
        line.delete()
    with pytest.raises(VoucherLocked):
        Voucher.objects.filter(pk=voucher.pk).update(billed_name="X")
    with pytest.raises(VoucherLocked):
        Voucher.objects.filter(pk=voucher.pk).delete()
    with pytest.raises(VoucherLocked):
        VoucherLine.objects.filter(voucher=voucher).update(unit_price=D("1.00"))
    with pytest.raises(VoucherLocked):
        add_voucher_line(clerk, voucher, MOUSE)
    with pytest.raises(VoucherLocked):
        update_voucher_draft(clerk, voucher, changes={"billed_name": "Joku Muu"})
    with pytest.raises(VoucherLocked):
        issue_voucher(clerk, voucher)

    stored = Voucher.objects.get(pk=voucher.pk)
    assert stored.billed_name == "Testi Asiakas"
    assert stored.lines.count() == 2


def test_the_lock_says_why_in_finnish_and_english(clerk):
    error = VoucherLocked()
    with translation.override("en"):
        assert "credit note" in error.messages[0]
    with translation.override("fi"):
        assert "hyvityslasku" in error.messages[0]


def test_the_lock_ends_with_the_retention_period(clerk):
    voucher = issue_voucher(clerk, draft_for_customer(clerk), issued_on=dt.date(2019, 6, 1))
    with time_machine.travel(dt.datetime(2025, 12, 31, 12, tzinfo=dt.UTC)):
        assert voucher.is_locked()
    with time_machine.travel(dt.datetime(2026, 1, 2, 12, tzinfo=dt.UTC)):
        assert not voucher.is_locked()
        Voucher.objects.filter(pk=voucher.pk).update(billed_name="", billed_address="")
    voucher.refresh_from_db()
    assert voucher.billed_name == ""


def test_the_billing_snapshot_stays_as_issued_when_the_customer_changes(clerk):
    voucher = issue_voucher(clerk, draft_for_customer(clerk), issued_on=ISSUE_DAY)
    update_customer(clerk, customer_of(voucher), changes={"last_name": "Uusinimi"})
    voucher.refresh_from_db()
    assert voucher.billed_name == "Testi Asiakas"


def test_a_draft_can_be_changed_and_only_changed_fields_are_logged(clerk):
    draft = draft_for_customer(clerk)
    before = AuditEvent.objects.count()
    update_voucher_draft(
        clerk, draft, changes={"billed_name": "Testi Asiakas", "billed_address": "Uusi katu 1"}
    )
    [event] = AuditEvent.objects.order_by("id")[before:]
    assert event.type == EventType.RECORD_UPDATED
    assert event.fields == ["billed_address"]


def test_correcting_issues_a_credit_note_that_reverses_the_original(clerk):
    original = issue_voucher(clerk, draft_for_customer(clerk), issued_on=ISSUE_DAY)

    correction = correct_voucher(
        clerk, original, reason="Väärä hinta", issued_on=dt.date(2026, 3, 12)
    )

    credit = correction.credit_note
    assert correction.replacement is None
    assert credit.kind == VoucherKind.CREDIT_NOTE
    assert credit.status == VoucherStatus.ISSUED
    assert credit.corrects == original
    assert credit.number == "2026-000002"
    assert credit.correction_reason == "Väärä hinta"
    assert (credit.total_net, credit.total_vat, credit.total_gross) == (
        -original.total_net,
        -original.total_vat,
        -original.total_gross,
    )
    assert credit.billed_name == original.billed_name
    assert [line.quantity for line in credit.lines.all()] == [D("-1.00"), D("-2.00")]
    original.refresh_from_db()
    assert original.status == VoucherStatus.ISSUED
    event = AuditEvent.objects.get(type=EventType.VOUCHER_CORRECTED)
    assert event.actor_id == clerk.pk
    assert event.target_ref == original.reference
    assert event.fields == ["corrections"]
    assert "Väärä" not in event.reason
    assert credit.number in event.reason


def test_a_correction_may_issue_a_replacement_at_once_or_leave_it_as_a_draft(clerk):
    original = issue_voucher(clerk, draft_for_customer(clerk), issued_on=ISSUE_DAY)
    fixed = [LineInput("Kannettava tietokone", D("1"), D("750.00"), D("25.5"))]
    correction = correct_voucher(clerk, original, reason="Hinta", lines=fixed, issued_on=ISSUE_DAY)
    replacement = correction.replacement
    assert replacement is not None
    assert replacement.status == VoucherStatus.ISSUED
    assert replacement.corrects == original
    assert replacement.number == "2026-000003"
    assert replacement.total_net == D("750.00")

    other = issue_voucher(clerk, draft_for_customer(clerk), issued_on=ISSUE_DAY)
    correction = correct_voucher(
        clerk,
        other,
        reason="Nimi väärin",
        lines=fixed,
        issue_replacement=False,
        billed_name="Oikea Nimi",
    )
    draft = correction.replacement
    assert draft is not None
    assert (draft.status, draft.billed_name, draft.number) == (
        VoucherStatus.DRAFT,
        "Oikea Nimi",
        None,
    )


def test_a_voucher_is_credited_only_once_and_credit_notes_and_drafts_not_at_all(clerk):
    original = issue_voucher(clerk, draft_for_customer(clerk), issued_on=ISSUE_DAY)
    credit = correct_voucher(clerk, original, reason="Palautus").credit_note
    with translation.override("en"):
        with pytest.raises(ValidationError, match="already been credited"):
            correct_voucher(clerk, original, reason="Uudestaan")
        with pytest.raises(ValidationError, match="credit note cannot"):
            correct_voucher(clerk, credit, reason="Hyvityksen hyvitys")
        with pytest.raises(ValidationError, match="Only an issued"):
            correct_voucher(clerk, draft_for_customer(clerk), reason="Luonnos")
        with pytest.raises(ValidationError):
            correct_voucher(clerk, original, reason="  ")
    assert Voucher.objects.filter(kind=VoucherKind.CREDIT_NOTE).count() == 1


def test_the_index_finds_vouchers_by_billed_email_and_name(clerk):
    voucher = issue_voucher(clerk, draft_for_customer(clerk), issued_on=ISSUE_DAY)
    matches = find_people(emails=["testi.asiakas@example.fi"])
    [match] = matches
    assert match.person_id == voucher.person_id
    assert ("sales.Voucher", "billed_email") in {(e.model, e.field) for e in match.evidence}
    [by_name] = find_people(names=["Testi Asiakas"])
    assert ("sales.Voucher", "billed_name") in {(e.model, e.field) for e in by_name.evidence}
