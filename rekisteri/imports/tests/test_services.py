"""Importing through the register services: every register and format, identity
resolution, all-or-nothing, idempotent re-runs, audit and index kept current."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.audit.services import verify_chain
from rekisteri.imports.models import ImportedRecord
from rekisteri.imports.parsing import FileRejected
from rekisteri.imports.services import CommandActor, ImportResult
from rekisteri.imports.tests.helpers import EXAMPLES, csv_bytes, customer, jsonl_bytes, run
from rekisteri.privacy.index import find_people
from rekisteri.privacy.models import IndexEntry
from rekisteri.registers.customers.models import Customer, CustomerEmail, CustomerPhone
from rekisteri.registers.customers.services import register_customer
from rekisteri.registers.sales.models import Voucher, VoucherStatus
from rekisteri.registers.service.models import DeviceCredential, JobStatus, ServiceJob
from rekisteri.registers.webshop.models import Order, OrderStatus, WebshopAccount
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db

ACTOR = CommandActor("test:import")


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def import_examples() -> dict[str, ImportResult]:
    results = {}
    for register, name, fmt in (
        ("customers", "customers.csv", "csv"),
        ("customers", "customers.jsonl", "json"),
        ("webshop-accounts", "webshop-accounts.csv", "csv"),
        ("webshop-orders", "webshop-orders.csv", "csv"),
        ("sales", "sales.csv", "csv"),
        ("service", "service.csv", "csv"),
    ):
        results[name] = run(example(name), register, file_format=fmt, actor=ACTOR)
    return results


# --- Every register and format -----------------------------------------------------------


def test_the_example_files_import_and_a_second_run_creates_nothing():
    first = import_examples()
    assert all(r.applied and not r.rejected for r in first.values()), {
        k: r.rejects for k, r in first.items()
    }
    counts = {
        "people": Person.objects.count(),
        "customers": Customer.objects.count(),
        "vouchers": Voucher.objects.count(),
        "jobs": ServiceJob.objects.count(),
        "accounts": WebshopAccount.objects.count(),
        "orders": Order.objects.count(),
    }
    assert counts == {
        "people": 10,
        "customers": 9,
        "vouchers": 4,
        "jobs": 3,
        "accounts": 3,
        "orders": 3,
    }
    second = import_examples()
    for name, result in second.items():
        assert result.records_created == 0, name
        assert result.already_imported == result.rows_read, name
    assert Person.objects.count() == 10
    # Each person once: no two people share a name in the examples.
    names = [p.full_name for p in Person.objects.all()]
    assert len(names) == len(set(names))


def test_a_customer_file_stores_normalised_contacts_and_the_last_activity_date():
    data = csv_bytes(
        [
            customer(
                "1",
                email="Aino.Virtanen@Example.fi",
                phone="040 123 4567",
                street="Kauppakatu 1",
                postal_code="40100",
                city="Jyväskylä",
                last_activity_on="3.11.2025",
            )
        ]
    )
    result = run(data, actor=ACTOR)
    assert result.applied
    assert result.people_created == 1
    assert result.records_created == 1
    customer_row = Customer.objects.get()
    assert customer_row.person is not None
    assert customer_row.person.full_name == "Aino Virtanen"
    assert customer_row.phones.get().value == "+358401234567"
    assert str(customer_row.last_activity_on) == "2025-11-03"
    assert "+358401234567" in result.preview[0]["contact details"]


def test_json_lines_give_the_same_result_as_csv():
    row = customer("9", email="sanna@example.fi", phone="044 987 6543")
    csv_result = run(csv_bytes([row]), dry_run=True)
    json_result = run(jsonl_bytes([row]), file_format="json", dry_run=True)
    assert csv_result.counts() == json_result.counts()
    assert Person.objects.count() == 0


def test_a_sales_file_issues_vouchers_through_the_sales_services_and_links_customers():
    run(csv_bytes([customer("1001", street="Kauppakatu 1", postal_code="40100", city="Jyväskylä")]))
    data = csv_bytes(
        [
            {
                "voucher_number": "L-1",
                "kind": "sales_invoice",
                "issued_on": "2024-06-12",
                "customer_number": "1001",
                "description": "Kannettava",
                "quantity": "1",
                "unit_price": "639,20",
                "vat_rate": "24",
            },
            {
                "voucher_number": "L-1",
                "description": "Asennus",
                "quantity": "1,5",
                "unit_price": "48,00",
                "vat_rate": "24",
            },
        ]
    )
    result = run(data, "sales", actor=ACTOR)
    assert result.applied, result.rejects
    voucher = Voucher.objects.get()
    assert voucher.status == VoucherStatus.ISSUED
    assert voucher.lines.count() == 2
    assert voucher.customer is not None
    assert voucher.person == voucher.customer.person
    assert voucher.billed_name == "Aino Virtanen"
    assert "40100" in voucher.billed_address
    assert AuditEvent.objects.filter(type=EventType.VOUCHER_ISSUED).count() == 1


def test_a_credit_note_and_an_invoice_without_a_buyer_are_rejected():
    base = {"issued_on": "2025-01-02", "description": "x", "unit_price": "1"}
    data = csv_bytes(
        [
            {"voucher_number": "H-1", "kind": "credit_note", **base},
            {"voucher_number": "L-2", "kind": "sales_invoice", **base},
        ]
    )
    result = run(data, "sales")
    assert result.rejected == 2
    assert not result.applied
    assert "Credit notes" in result.rejects[0].reason
    assert "name and address" in result.rejects[1].reason


def test_a_service_file_opens_and_closes_jobs_with_the_old_dates():
    data = csv_bytes(
        [
            {
                "job_number": "T-1",
                "first_name": "Ville",
                "last_name": "Salminen",
                "device": "ThinkPad",
                "fault_description": "Ei käynnisty",
                "work_done": "Korjattu",
                "status": "closed",
                "opened_on": "2025-03-02",
                "closed_on": "2025-03-09",
            },
            {
                "job_number": "T-2",
                "first_name": "Ville",
                "last_name": "Salminen",
                "email": "ville@example.fi",
                "device": "Tulostin",
                "fault_description": "Jumissa",
                "status": "odottaa osia",
            },
        ]
    )
    result = run(data, "service", actor=ACTOR)
    assert result.applied, result.rejects
    closed = ServiceJob.objects.get(status=JobStatus.CLOSED)
    assert str(timezone.localdate(closed.closed_at)) == "2025-03-09"
    assert ServiceJob.objects.get(status=JobStatus.WAITING_PARTS)
    assert DeviceCredential.objects.count() == 0


@pytest.mark.parametrize("column", ["password", "username", "salasana", "pin"])
def test_device_credentials_cannot_be_imported_in_any_column(column):
    data = csv_bytes(
        [{"job_number": "T-1", "device": "x", "fault_description": "y", column: "s3cret"}]
    )
    with pytest.raises(FileRejected, match="Device credentials are not imported"):
        run(data, "service")


def test_web_shop_accounts_are_imported_without_a_usable_password():
    data = csv_bytes(
        [
            {
                "username": "ainov",
                "email": "aino@example.fi",
                "first_name": "Aino",
                "last_name": "Virtanen",
                "last_login_on": "2025-10-28 18:02",
                "is_active": "1",
            }
        ]
    )
    result = run(data, "webshop-accounts", actor=ACTOR)
    assert result.applied
    account = WebshopAccount.objects.get()
    assert account.password_hash == ""
    assert not account.has_password
    assert account.last_login_at is not None


@pytest.mark.parametrize("column", ["password", "password_hash", "salasana"])
def test_passwords_and_hashes_refuse_the_accounts_file(column):
    data = csv_bytes([{"username": "a", "email": "a@example.fi", column: "x"}])
    with pytest.raises(FileRejected, match="Passwords and password hashes are not imported"):
        run(data, "webshop-accounts")


def test_a_taken_username_rejects_the_account_row():
    from rekisteri.registers.webshop.services import create_webshop_account

    person = Person.objects.create(first_name="Matti", last_name="M")
    create_webshop_account(
        None, person=person, username="Matti", email="m@example.fi", password="pitkä salasana 42"
    )
    result = run(csv_bytes([{"username": "matti", "email": "m2@example.fi"}]), "webshop-accounts")
    assert result.rejected == 1
    assert "already taken" in result.rejects[0].reason


def test_orders_are_placed_with_their_lines_ip_address_and_final_status():
    order = {
        "order_number": "W1",
        "ordered_at": "2025-10-28 18:10",
        "status": "delivered",
        "email": "tuula@example.fi",
        "delivery_name": "Tuula Hämäläinen",
        "delivery_street": "Sepänkatu 20",
        "delivery_postal_code": "40100",
        "delivery_city": "Jyväskylä",
        "ip_address": "192.0.2.41",
        "shipping_amount": "5,90",
        "product_name": "Hiiri",
        "quantity": "1",
        "unit_price": "29,90",
    }
    line = {"order_number": "W1", "product_name": "Matto", "quantity": "2", "unit_price": "7,50"}
    result = run(csv_bytes([order, line], list(order)), "webshop-orders", actor=ACTOR)
    assert result.applied, result.rejects
    stored = Order.objects.get()
    assert stored.status == OrderStatus.DELIVERED
    assert stored.lines.count() == 2
    assert str(stored.total_amount) == "50.80"
    assert stored.ip_address == "192.0.2.41"
    assert stored.person is not None
    assert stored.person.full_name == "Tuula Hämäläinen"


# --- Malformed rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"phone": "+358 12"}, "not a valid phone number"),
        ({"phone": "+358-40-CALL-ME"}, "not a valid phone number"),
        ({"email": "a@b"}, "not a valid e-mail"),
        ({"email": "<script>@x.fi"}, "not a valid e-mail"),
        ({"hetu": "131052-308U"}, "personal identity code"),
        ({"hetu": "010594y9032"}, "personal identity code"),
        ({"last_activity_on": "2099-01-01"}, "in the future"),
        ({"postal_code": "123", "street": "Tie 1", "city": "X"}, "five digits"),
    ],
)
def test_invalid_values_reject_the_row_with_the_reason(extra, reason):
    result = run(csv_bytes([customer("1", **extra)]))
    assert result.rejected == 1
    assert reason in result.rejects[0].reason
    assert Person.objects.count() == 0


def test_duplicated_rows_in_one_file_are_rejected_with_the_first_row_named():
    result = run(csv_bytes([customer("5"), customer("6"), customer("5")]))
    assert result.rejected == 1
    assert result.rejects[0].row == 4
    assert "first on row 2" in result.rejects[0].reason


def test_an_empty_file_and_a_header_without_rows_are_refused():
    with pytest.raises(FileRejected):
        run(b"")
    with pytest.raises(FileRejected, match="no rows"):
        run(b"customer_number;first_name\n")


def test_the_rejects_file_has_the_row_number_reason_and_original_values():
    rejects = io.StringIO()
    result = run(csv_bytes([customer("1"), customer("2", email="not-an-address")]), rejects=rejects)
    assert result.rejected == 1
    lines = rejects.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("row;reason;customer_number")
    assert lines[1].startswith("3;")
    assert "not-an-address" in lines[1]


# --- All or nothing ---------------------------------------------------------------------


def test_one_rejected_row_writes_nothing_and_a_dry_run_reports_the_same():
    data = csv_bytes([customer("1"), customer("2"), customer("3", phone="123")])
    before = (Person.objects.count(), AuditEvent.objects.count(), IndexEntry.objects.count())
    dry = run(data, dry_run=True)
    real = run(data, actor=ACTOR)
    assert dry.counts() == real.counts()
    assert real.rejected == 1
    assert not real.applied
    after = (Person.objects.count(), AuditEvent.objects.count(), IndexEntry.objects.count())
    assert before == after
    assert ImportedRecord.objects.count() == 0


def test_a_dry_run_writes_nothing_even_when_every_row_is_good():
    result = run(csv_bytes([customer("1"), customer("2", "Mikko", "Korhonen")]), dry_run=True)
    assert result.records_created == 2
    assert not result.applied
    assert Person.objects.count() == Customer.objects.count() == AuditEvent.objects.count() == 0


# --- Identity resolution ----------------------------------------------------------------


def test_a_row_whose_identifiers_point_to_one_person_joins_that_person():
    existing = register_customer(
        None, first_name="Aino", last_name="Virtanen", email="aino@example.fi", phone="0401234567"
    )
    result = run(
        csv_bytes(
            [customer("1", "A.", "Virtanen", email="AINO@example.fi", phone="+358 40 123 4567")]
        )
    )
    assert result.people_matched == 1
    assert result.people_created == 0
    assert result.likely_duplicates == 0
    assert Customer.objects.exclude(pk=existing.pk).get().person == existing.person
    assert Person.objects.count() == 1


def test_identifiers_of_different_people_are_a_likely_duplicate_not_a_merge():
    a = register_customer(None, first_name="Aino", last_name="Virtanen", email="aino@example.fi")
    b = register_customer(None, first_name="Mikko", last_name="Korhonen", phone="0501112222")
    result = run(csv_bytes([customer("1", email="aino@example.fi", phone="050 111 2222")]))
    assert result.likely_duplicates == 1
    assert result.people_created == 1
    [duplicate] = result.duplicates
    assert duplicate.why == "conflict"
    assert a.person is not None
    assert b.person is not None
    assert set(duplicate.candidates) == {a.person.reference, b.person.reference}
    assert Person.objects.count() == 3


def test_a_match_by_name_only_is_reported_for_review():
    existing = register_customer(None, first_name="Matti", last_name="Virtanen")
    result = run(csv_bytes([customer("1", "Matti", "Virtanen", email="matti@example.fi")]))
    assert result.likely_duplicates == 1
    assert result.people_created == 1
    assert result.duplicates[0].why == "name"
    assert existing.person is not None
    assert result.duplicates[0].candidates == [existing.person.reference]


def test_rows_of_one_file_that_are_the_same_person_resolve_to_one_person():
    data = csv_bytes(
        [
            customer("1", email="aino@example.fi"),
            customer("2", "Aino", "Virtanen", phone="040 123 4567", email="Aino@Example.fi"),
            customer("3", "", "Virtanen", phone="+358401234567"),
        ]
    )
    result = run(data)
    assert result.applied
    assert result.people_created == 1
    assert result.people_matched == 2
    assert Person.objects.count() == 1
    assert Customer.objects.count() == 3


def test_hetu_matches_but_is_never_stored_in_the_customer_register():
    from rekisteri.privacy.identifiers import normalise_hetu

    hetu = "131052-308T"
    assert normalise_hetu(hetu) == hetu
    run(csv_bytes([customer("1", hetu=hetu)]))
    assert not IndexEntry.objects.filter(kind="hetu").exists()


# --- Audit and index --------------------------------------------------------------------


def test_audit_and_index_are_current_after_an_import():
    data = csv_bytes([customer("1", email="aino@example.fi", phone="040 123 4567")])
    result = run(data, actor=ACTOR)
    person = Person.objects.get()
    [match] = find_people(emails=["aino@example.fi"])
    assert match.person_id == person.pk
    assert find_people(phones=["0401234567"])[0].person_id == person.pk
    types = list(AuditEvent.objects.order_by("id").values_list("type", flat=True))
    assert types.count(EventType.PERSON_CREATED) == 1
    assert types.count(EventType.RECORD_CREATED) >= 3  # customer, e-mail, phone
    applied = AuditEvent.objects.get(type=EventType.IMPORT_APPLIED)
    assert applied.actor_label == "test:import"
    assert applied.reason.startswith("customers: rows 1, matched 0, people 1, records 1")
    assert types[-1] == EventType.IMPORT_APPLIED
    assert verify_chain() == []
    assert result.applied
    assert CustomerEmail.objects.count() == CustomerPhone.objects.count() == 1


def test_the_ledger_holds_keyed_hashes_not_the_old_numbers():
    run(csv_bytes([customer("CUST-4711")]))
    entry = ImportedRecord.objects.get()
    assert "4711" not in entry.key_digest
    assert len(entry.key_digest) == 64
    assert entry.target_ref == Customer.objects.get().reference


def test_every_problem_of_a_row_is_reported_at_once():
    row = customer(
        "1", email="eino@", phone="040 12", street="Tie 1", postal_code="401", city="Jyväskylä"
    )
    result = run(csv_bytes([row]))
    reason = result.rejects[0].reason
    assert "e-mail" in reason
    assert "phone" in reason
    assert "five digits" in reason


def test_the_preview_tells_new_people_from_matched_ones():
    existing = register_customer(None, first_name="Aino", last_name="Virtanen", phone="0401234567")
    data = csv_bytes(
        [
            customer("1", phone="040 123 4567"),
            customer("2", "Mikko", "Korhonen", email="mikko@example.fi"),
            customer("3", "Mikko", "Korhonen", email="MIKKO@example.fi"),
        ]
    )
    result = run(data, dry_run=True)
    assert existing.person is not None
    assert [row["person"] for row in result.preview] == [
        existing.person.reference,
        "new",
        "same as row 3",
    ]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "first_name",
                "last_name",
                "email",
                "phone",
                "hetu",
                "street",
                "postal_code",
                "city",
                "notes",
                "last_activity_on",
            ]
        ),
        st.text(max_size=40),
    )
)
def test_arbitrary_text_in_a_row_never_crashes_the_importer(values):
    """The whole path (parse, clean, resolve, services) accepts the row or rejects it
    with a reason; a dry run leaves nothing behind either way."""
    row = {"customer_number": "1", **values}
    try:
        result = run(csv_bytes([row]), dry_run=True)
    except FileRejected as exc:
        refusal = str(exc)
        assert refusal
        return
    assert result.rows_read >= 1
    assert result.records_created + result.rejected >= 1
    for reject in result.rejects:
        assert reject.reason.strip()
    assert not Person.objects.exists()
