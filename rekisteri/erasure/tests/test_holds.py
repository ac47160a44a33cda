"""Held data is erased when its hold ends, on the day the retention purge would have."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from rekisteri.erasure import ledger
from rekisteri.erasure.holds import Outcome, release_expired_holds
from rekisteri.erasure.models import HeldRecord
from rekisteri.erasure.services import execute_plan, make_plan, review_plan
from rekisteri.privacy.datamap import declaration_for
from rekisteri.registers.recruiting.models import ApplicationStatus, JobApplication
from rekisteri.registers.recruiting.services import decide_application, receive_application
from rekisteri.registers.service.models import ServiceJob
from rekisteri.registers.service.services import close_service_job
from rekisteri.registers.service.tests.factories import make_job
from rekisteri.retention.queries import current_rules, financial_year_start
from rekisteri.retention.targets import targets_of
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _erase(person: Person, today: dt.date | None = None):
    today = today or _today()
    plan = review_plan(None, make_plan(None, person, today=today))
    return execute_plan(None, plan, today=today)


def _rejected_application(decided: dt.date) -> JobApplication:
    person = Person.objects.create(first_name="Hakija", last_name="Esimerkki")
    application = receive_application(
        None,
        person=person,
        position="Myyjä",
        email="hakija@example.fi",
        received_at=timezone.make_aware(dt.datetime.combine(decided, dt.time(9))),
    )
    return decide_application(
        None, application, status=ApplicationStatus.REJECTED, decided_on=decided, today=decided
    )


def test_an_application_is_held_and_erased_when_the_claims_period_ends():
    decided = _today() - dt.timedelta(days=100)
    application = _rejected_application(decided)
    person = application.person
    plan = _erase(person)
    hold = HeldRecord.objects.get(plan=plan, model_label="recruiting.JobApplication")
    assert hold.hold_until == dt.date(decided.year + 2, decided.month, decided.day)
    assert Person.objects.get(pk=person.pk).is_restricted

    before = release_expired_holds(None, hold.hold_until - dt.timedelta(days=1))
    assert before.changed == []
    assert JobApplication.objects.filter(pk=application.pk).exists()

    report = release_expired_holds(None, hold.hold_until)
    outcomes = {row.model_label: row.outcome for row in report.changed}
    assert outcomes == {
        "recruiting.JobApplication": Outcome.DELETED,
        "subjects.Person": Outcome.ANONYMISED,  # the name the application needed
    }
    assert not JobApplication.objects.filter(pk=application.pk).exists()
    hold.refresh_from_db()
    assert hold.released_at is not None
    person.refresh_from_db()
    assert not person.is_restricted  # nothing of the erasure is held any more
    assert person.first_name == ""  # the name went with the record that needed it
    plan.refresh_from_db()
    assert plan.closed_at is not None
    entries, _problems = ledger.read_entries()
    assert entries[-1]["type"] == "erasure.released"


def test_the_hold_ends_on_the_first_day_the_retention_purge_would_remove_the_record():
    decided = _today() - dt.timedelta(days=100)
    application = _rejected_application(decided)
    plan = _erase(application.person)
    hold = HeldRecord.objects.get(plan=plan, model_label="recruiting.JobApplication")
    declaration = declaration_for(JobApplication)
    assert declaration is not None

    def purge_sees(day: dt.date) -> bool:
        targets = targets_of(declaration, current_rules(), day, financial_year_start())
        # The person is restricted, so the purge counts the record as kept (restricted).
        return any(t.restricted.filter(pk=application.pk).exists() for t in targets)

    assert hold.hold_until is not None
    assert not purge_sees(hold.hold_until - dt.timedelta(days=1))
    assert purge_sees(hold.hold_until)


def test_a_dry_run_changes_nothing():
    application = _rejected_application(_today() - dt.timedelta(days=100))
    plan = _erase(application.person)
    hold = HeldRecord.objects.get(plan=plan, model_label="recruiting.JobApplication")
    assert hold.hold_until is not None
    report = release_expired_holds(None, hold.hold_until, execute=False)
    outcomes = {row.model_label: row.outcome for row in report.changed}
    assert outcomes["recruiting.JobApplication"] == Outcome.DELETED
    assert JobApplication.objects.filter(pk=application.pk).exists()
    hold.refresh_from_db()
    assert hold.released_at is None


def test_an_open_job_is_erased_once_it_is_closed():
    person = Person.objects.create(first_name="Huolto", last_name="Asiakas")
    job = make_job(person)
    plan = _erase(person)
    hold = HeldRecord.objects.get(plan=plan, model_label="service.ServiceJob")
    assert hold.hold_until is None

    still = release_expired_holds(None, _today())
    assert still.count(Outcome.STILL_HELD) >= 1
    assert ServiceJob.objects.filter(pk=job.pk).exists()

    close_service_job(None, job, work_done="Palautettu korjaamatta.")
    release_expired_holds(None, _today())
    assert not ServiceJob.objects.filter(pk=job.pk).exists()
    person.refresh_from_db()
    assert not person.is_restricted
    assert person.last_name == ""


def test_a_restriction_of_its_own_is_not_lifted_by_the_release():
    from rekisteri.dsr.models import Restriction

    application = _rejected_application(_today() - dt.timedelta(days=100))
    person = application.person
    plan = _erase(person)
    Restriction.objects.create(
        person=person, ground="accuracy_contested", started_at=timezone.now()
    )
    hold = HeldRecord.objects.get(plan=plan, model_label="recruiting.JobApplication")
    assert hold.hold_until is not None
    release_expired_holds(None, hold.hold_until)
    person.refresh_from_db()
    assert person.is_restricted


def test_the_release_command_is_a_dry_run_unless_told_to_execute():
    application = _rejected_application(_today() - dt.timedelta(days=100))
    plan = _erase(application.person)
    hold = HeldRecord.objects.get(plan=plan, model_label="recruiting.JobApplication")
    assert hold.hold_until is not None
    out = StringIO()
    call_command("release_holds", "--today", hold.hold_until.isoformat(), stdout=out)
    assert "deleted" in out.getvalue()
    assert "Nothing was changed" in out.getvalue()
    assert JobApplication.objects.filter(pk=application.pk).exists()
    out = StringIO()
    call_command(
        "release_holds", "--execute", "--json", "--today", hold.hold_until.isoformat(), stdout=out
    )
    assert '"outcome": "deleted"' in out.getvalue()
    assert not JobApplication.objects.filter(pk=application.pk).exists()


def test_the_request_register_can_ask_whether_anything_is_held():
    from rekisteri.erasure.queries import has_active_holds

    application = _rejected_application(_today() - dt.timedelta(days=100))
    assert not has_active_holds(application.person)
    plan = _erase(application.person)
    assert has_active_holds(application.person)
    hold = HeldRecord.objects.get(plan=plan, model_label="recruiting.JobApplication")
    assert hold.hold_until is not None
    release_expired_holds(None, hold.hold_until)
    assert not has_active_holds(application.person)
