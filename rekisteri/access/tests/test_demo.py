"""Access letters on the demo data: every person, both languages, no secret anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count

from rekisteri.access.queries import assemble_access_data
from rekisteri.access.services import build_access_report
from rekisteri.access.tests.factories import TODAY
from rekisteri.access.tests.helpers import bundle_files, pdf_layout_text, pdf_streams
from rekisteri.demo.loader import load_demo
from rekisteri.registers.service.models import DeviceCredential
from rekisteri.registers.staff.models import Employee
from rekisteri.registers.webshop.models import WebshopAccount
from rekisteri.subjects.models import Person


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(people=40, today=TODAY)
        yield
        transaction.set_rollback(True)


def _secrets_of(person: Person) -> list[str]:
    found: list[str] = []
    for credential in DeviceCredential.objects.filter(job__person=person):
        found += [credential.secret, credential.username]
    for account in WebshopAccount.objects.filter(person=person):
        found.append(account.password_hash)
    for employee in Employee.objects.filter(person=person):
        found += [employee.personal_identity_code, employee.bank_account_iban]
    return [s for s in found if s and len(s) >= 6]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_every_demo_person_gets_a_letter_whose_counts_add_up(demo, db, language):
    for person in Person.objects.order_by("pk"):
        data = assemble_access_data(people=[person], language=language, today=TODAY)

        assert data.record_count >= 1
        assert data.registers[0].register == "subjects"
        assert all(group.records for group in data.registers)
        assert data.redaction_count == sum(
            v.redacted for g in data.registers for r in g.records for v in r.values
        )
        for group in data.registers:
            for record in group.records:
                for value in record.values:
                    assert value.withheld or value.text


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_demo_people_with_secrets_never_see_them_in_any_output(demo, db, registrar, language):
    with_credentials = (
        Person.objects.filter(service_jobs__credentials__isnull=False)
        .annotate(n=Count("service_jobs__credentials"))
        .order_by("-n", "pk")
        .first()
    )
    employee = Employee.objects.order_by("pk").first()
    assert with_credentials is not None
    assert employee is not None

    for person in (with_credentials, employee.person):
        secrets = _secrets_of(person)
        assert secrets
        report = build_access_report(registrar, people=[person], language=language, today=TODAY)

        outputs = [
            report.html,
            pdf_layout_text(report.data),
            pdf_streams(report.pdf).decode("latin-1"),
        ]
        outputs += [c.decode("utf-8-sig") for c in bundle_files(report.bundle).values()]
        for secret in secrets:
            assert all(secret not in output for output in outputs)
        assert person.reference in outputs[1]
