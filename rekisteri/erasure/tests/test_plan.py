"""Making an erasure plan from the data map: per record and field, with holds and their statutes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.erasure.models import ErasurePlan, ErasurePlanItem, PlanStatus
from rekisteri.erasure.policies import Action, Ground
from rekisteri.erasure.queries import Note, compute_plan, execution_order
from rekisteri.erasure.services import (
    ErasureError,
    cancel_plan,
    make_plan,
    replan,
    review_plan,
)
from rekisteri.erasure.tests.records import canary_world
from rekisteri.registers.customers.tests.factories import private_customer
from rekisteri.registers.service.tests.factories import make_job
from rekisteri.registers.staff.services import EmployeeData, end_employment, hire_employee
from rekisteri.retention.services import set_rule_override
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _records(draft):
    return {r.label: r for r in draft.records}


def test_a_customer_with_a_voucher_keeps_the_voucher_and_loses_the_rest():
    world = canary_world()
    draft = compute_plan(world.person, _today())
    records = _records(draft)

    assert records["customers.CustomerEmail"].action is Action.DELETE
    assert records["customers.CustomerPhone"].action is Action.DELETE
    assert records["customers.CustomerAddress"].action is Action.DELETE
    assert records["webshop.Order"].action is Action.DELETE
    assert records["webshop.WebshopAccount"].action is Action.DELETE
    assert records["service.ServiceJob"].action is Action.DELETE
    assert records["recruiting.JobApplication"].action is Action.DELETE  # decided 3 years ago
    assert records["customers.Customer"].action is Action.ANONYMISE
    assert records["subjects.Person"].action is Action.ANONYMISE
    voucher = records["sales.Voucher"]
    assert voucher.action is Action.HOLD
    assert {f.name for f in voucher.held} >= {"billed_name", "billed_address", "billed_email"}
    governing = voucher.governing()
    assert governing is not None
    assert governing.ground is Ground.LEGAL_OBLIGATION
    assert governing.statute == "Kirjanpitolaki 1336/1997 2 luku 10 §"
    assert governing.hold_until == dt.date(_today().year + 7, 1, 1)


def test_the_disclosure_log_is_kept_so_that_it_survives_the_erasure():
    world = canary_world()
    records = _records(compute_plan(world.person, _today()))
    disclosure = records["disclosures.Disclosure"]
    assert disclosure.action is Action.HOLD
    assert disclosure.governing().statute == "GDPR Art. 5(2), 19 and 30"


def test_an_open_service_job_is_kept_while_the_job_is_open():
    customer = private_customer()
    assert customer.person is not None
    make_job(customer.person)
    job = _records(compute_plan(customer.person, _today()))["service.ServiceJob"]
    assert job.action is Action.HOLD
    decision = job.governing()
    assert decision is not None
    assert decision.ground is Ground.STILL_NEEDED
    assert decision.hold_until is None
    # The open job needs the customer's name to hand the device back.
    person = _records(compute_plan(customer.person, _today()))["subjects.Person"]
    assert person.action is Action.HOLD
    assert person.note == Note.IDENTIFIES


def test_a_former_employees_certificate_data_keeps_the_persons_name():
    person = Person.objects.create(first_name="Entinen", last_name="Työntekijä")
    employee = hire_employee(
        None,
        EmployeeData(job_title="Myyjä", started_on=dt.date(2020, 1, 1), home_city="Jyväskylä"),
        person=person,
    )
    end_employment(None, employee, ended_on=_today() - dt.timedelta(days=30))
    records = _records(compute_plan(person, _today()))

    staff = records["staff.Employee"]
    assert staff.action is Action.HOLD
    by_name = {f.name: f.decision for f in staff.fields}
    assert by_name["job_title"].statute == "Työsopimuslaki 55/2001 6 luku 7 §"
    assert by_name["job_title"].ground is Ground.LEGAL_OBLIGATION
    assert by_name["home_city"].ground is Ground.LEGAL_CLAIMS  # TSL 13:9, two years
    name = records["subjects.Person"]
    assert name.action is Action.HOLD
    assert {f.name for f in name.held} == {"first_name", "last_name"}
    assert name.hold_until == staff.hold_until


def test_the_plan_uses_the_retention_period_in_force(administrator):
    world = canary_world()
    set_rule_override(
        administrator, "accounting_vouchers", months=84, days=0, reason="Tilitoimiston ohje"
    )
    voucher = _records(compute_plan(world.person, _today()))["sales.Voucher"]
    assert voucher.hold_until == dt.date(_today().year + 8, 1, 1)


def test_children_are_handled_before_their_parents_and_the_person_last():
    world = canary_world()
    order = [r.label for r in execution_order(compute_plan(world.person, _today()).records)]
    assert order.index("webshop.OrderLine") < order.index("webshop.Order")
    assert order.index("customers.CustomerEmail") < order.index("customers.Customer")
    assert order[-1] == "subjects.Person"


def test_making_a_plan_stores_items_per_record_and_field_and_an_audit_event(registrar):
    world = canary_world()
    plan = make_plan(registrar, world.person, today=_today(), request_ref="PR-TEST1234")

    assert plan.status == PlanStatus.DRAFT
    assert plan.reference.startswith("EP-")
    assert plan.records_held == 3  # voucher, its line, the disclosure
    assert plan.fingerprint
    items = ErasurePlanItem.objects.filter(plan=plan)
    voucher_name = items.get(model_label="sales.Voucher", field="billed_name")
    assert voucher_name.action == Action.HOLD
    assert voucher_name.statute.startswith("Kirjanpitolaki")
    assert voucher_name.hold_until == dt.date(_today().year + 7, 1, 1)
    assert "17(3)(b)" in voucher_name.reason
    assert items.get(model_label="webshop.Order", field="").action == Action.DELETE
    assert items.filter(model_label="customers.Customer", action=Action.ANONYMISE).exists()
    event = AuditEvent.objects.filter(type=EventType.ERASURE_PLANNED, target_ref=plan.reference)
    assert event.get().person_ref == world.person.reference
    assert event.get().actor_id == registrar.pk


def test_the_plan_holds_no_personal_value(registrar):
    world = canary_world()
    plan = make_plan(registrar, world.person, today=_today())
    text = " ".join(
        " ".join(str(v) for v in row)
        for row in ErasurePlanItem.objects.filter(plan=plan).values_list()
    )
    for value in ("Zqxvarjonen", "zqx.canary", "Kanarialinnuntie", "123 9876"):
        assert value not in text


def test_a_second_open_plan_for_the_same_person_and_request_is_refused(registrar):
    world = canary_world()
    first = make_plan(registrar, world.person, today=_today())
    with pytest.raises(ErasureError, match=first.reference):
        make_plan(registrar, world.person, today=_today())


def test_reviewing_cancelling_and_replanning(registrar):
    world = canary_world()
    plan = make_plan(registrar, world.person, today=_today())
    review_plan(registrar, plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEWED
    assert plan.reviewed_by == registrar
    with pytest.raises(ErasureError):
        review_plan(registrar, plan)
    new = replan(registrar, plan, today=_today())
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CANCELLED
    assert plan.closed_at is not None
    assert new.status == PlanStatus.DRAFT
    cancel_plan(registrar, new)
    with pytest.raises(ErasureError):
        cancel_plan(registrar, new)


def test_records_confirmed_one_by_one_join_the_plan(registrar):
    world = canary_world()
    stranger = private_customer(first_name="Toinen", last_name="Kaksoisolento")
    email = stranger.emails.get()
    plan = make_plan(
        registrar,
        world.person,
        today=_today(),
        extra_records=[["customers.CustomerEmail", str(email.pk)]],
    )
    assert plan.items.filter(
        model_label="customers.CustomerEmail", object_id=str(email.pk)
    ).exists()
    # Nothing else of the other person is in the plan.
    assert not plan.items.filter(
        model_label="customers.Customer", object_id=str(stranger.pk)
    ).exists()


def test_a_record_another_record_protects_is_anonymised_instead_of_deleted():
    customer = private_customer()
    assert customer.person is not None
    records = _records(compute_plan(customer.person, _today()))
    assert records["customers.Customer"].action is Action.ANONYMISE


def test_a_plan_needs_a_person_or_records(registrar):
    with pytest.raises(ErasureError):
        make_plan(registrar, None, today=_today())
    assert not ErasurePlan.objects.exists()


def test_the_request_itself_is_kept_and_its_confirmed_person_link_is_left_alone(registrar):
    from rekisteri.dsr.services import confirm_records
    from rekisteri.dsr.tests.factories import make_request, verify

    world = canary_world()
    request = verify(
        registrar, make_request(registrar, kind="erasure", requester_email="zqx@example.fi")
    )
    confirm_records(registrar, request, people=[world.person])
    records = _records(compute_plan(world.person, _today()))
    assert records["dsr.SubjectRequest"].action is Action.HOLD  # proof of the answer (Art. 5(2))
    assert "dsr.ConfirmedPerson" not in records  # no personal field: nothing to erase


def test_planning_costs_the_same_however_many_other_people_there_are():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = canary_world()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            compute_plan(world.person, _today())
        return len(captured.captured_queries)

    few = queries()
    for number in range(25):
        private_customer(
            first_name="Muu", last_name=f"Asiakas{number}", email=f"m{number}@example.fi"
        )
    assert queries() == few
