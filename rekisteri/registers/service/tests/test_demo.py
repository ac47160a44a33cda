"""The service demo data: realistic, fictional, and indexed."""

from __future__ import annotations

import datetime as dt
import random

import faker
import pytest

from rekisteri.privacy.models import IndexEntry
from rekisteri.registers.service import demo
from rekisteri.registers.service.models import DeviceCredential, JobStatus, ServiceJob
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def populated(technician):
    fake = faker.Faker("fi_FI")
    fake.seed_instance(11)
    people = [
        Person.objects.create(first_name=fake.first_name(), last_name=fake.last_name())
        for _ in range(200)
    ]
    demo.populate(people, fake, random.Random(11), TODAY)
    return people


def test_the_demo_gives_about_seventy_people_service_jobs(populated, technician):
    assert ServiceJob.objects.values("person").distinct().count() == 70
    assert ServiceJob.objects.exclude(status=JobStatus.CLOSED).exists()
    assert ServiceJob.objects.filter(status=JobStatus.CLOSED).count() > 40
    assert ServiceJob.objects.filter(assigned_to=technician).count() == ServiceJob.objects.count()


def test_only_open_demo_jobs_hold_credentials(populated):
    live = DeviceCredential.objects.filter(purged_at__isnull=True)
    assert live.exists()
    assert not live.filter(job__status=JobStatus.CLOSED).exists()
    for credential in DeviceCredential.objects.filter(purged_at__isnull=False):
        assert (credential.username, credential.secret) == ("", "")


def test_identifiers_in_demo_notes_are_indexed(populated):
    in_text = IndexEntry.objects.filter(model="service.ServiceJob", in_text=True)
    assert in_text.filter(kind="phone").exists()
    assert in_text.filter(kind="email").exists()
