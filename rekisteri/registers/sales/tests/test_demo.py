"""The demo data of the accounting register spans seven years and has corrections."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db.models import Count, Max
from faker import Faker

from rekisteri.registers.customers import demo as customers_demo
from rekisteri.registers.customers.models import Customer
from rekisteri.registers.sales import demo as sales_demo
from rekisteri.registers.sales.models import Voucher, VoucherKind, VoucherSequence, VoucherStatus
from rekisteri.registers.sales.policies import (
    LineAmounts,
    last_disposable_financial_year,
    voucher_totals,
)
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def demo():
    fake = Faker("fi_FI")
    fake.seed_instance(3)
    rng = random.Random(3)
    people = Person.objects.bulk_create(
        [Person(first_name=fake.first_name(), last_name=fake.last_name()) for _ in range(200)]
    )
    customers_demo.populate(people, fake, rng, TODAY)
    sales_demo.populate(people, fake, rng, TODAY)


def test_demo_vouchers_span_seven_years_and_some_are_past_retention(demo):
    issued = Voucher.objects.filter(status=VoucherStatus.ISSUED)
    assert issued.count() > 300
    assert not Voucher.objects.filter(status=VoucherStatus.DRAFT).exists()
    years = {y for y in issued.values_list("financial_year", flat=True) if y is not None}
    assert min(years) <= last_disposable_financial_year(TODAY)
    assert max(years) == 2026
    assert issued.filter(financial_year__lte=last_disposable_financial_year(TODAY)).exists()
    assert issued.filter(customer=None, person=None).exists()  # anonymous receipts


def test_demo_numbers_are_unique_and_continue_in_the_sequence(demo):
    per_year = Voucher.objects.values("financial_year").annotate(n=Count("id"))
    sequences = dict(VoucherSequence.objects.values_list("financial_year", "last_number"))
    assert {row["financial_year"]: row["n"] for row in per_year} == sequences
    last = Voucher.objects.filter(financial_year=2026).aggregate(Max("number"))["number__max"]
    assert last == f"2026-{sequences[2026]:06d}"


def test_demo_totals_match_the_lines_and_the_vat_rate_of_the_day(demo):
    for voucher in Voucher.objects.prefetch_related("lines")[:100]:
        lines = list(voucher.lines.all())
        totals = voucher_totals(LineAmounts(x.quantity, x.unit_price, x.vat_rate) for x in lines)
        assert (totals.net, totals.vat, totals.gross) == (
            voucher.total_net,
            voucher.total_vat,
            voucher.total_gross,
        )
        assert voucher.issued_on is not None
        expected = "25.5" if voucher.issued_on >= dt.date(2024, 9, 1) else "24.0"
        if voucher.kind != VoucherKind.CREDIT_NOTE:
            assert {str(x.vat_rate) for x in lines} == {expected}


def test_demo_has_credit_notes_referring_to_their_originals(demo):
    credits = list(Voucher.objects.filter(kind=VoucherKind.CREDIT_NOTE).select_related("corrects"))
    assert len(credits) == 3
    for credit in credits:
        assert credit.corrects is not None
        assert credit.total_gross == -credit.corrects.total_gross
        assert credit.correction_reason
    assert (
        Voucher.objects.exclude(kind=VoucherKind.CREDIT_NOTE).filter(corrects__isnull=False).count()
        == 1
    )


def test_demo_purchases_move_the_customers_last_activity(demo):
    for customer in Customer.objects.annotate(last=Max("vouchers__issued_on")).exclude(last=None)[
        :50
    ]:
        assert customer.last_activity_on is not None
        assert customer.last_activity_on >= customer.last
