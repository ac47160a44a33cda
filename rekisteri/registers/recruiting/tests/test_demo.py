"""The recruitment demo data."""

from __future__ import annotations

import datetime as dt
import random

import faker
import pytest
from django.utils import timezone

from rekisteri.privacy.identifiers import normalise_phone
from rekisteri.registers.recruiting import demo, storage
from rekisteri.registers.recruiting.models import JobApplication
from rekisteri.registers.recruiting.policies import PDF, TEXT, detect_cv_format
from rekisteri.subjects.models import Person


def test_the_demo_pdf_is_a_pdf_with_its_text_and_a_correct_xref():
    data = demo.minimal_pdf(["Äänekoski (Keski-Suomi)", "back\\slash"])
    assert detect_cv_format(data, max_bytes=10_000) is PDF
    assert b"\\304\\344nekoski \\(Keski-Suomi\\)" in data
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert data[xref_at:].startswith(b"xref\n")
    offset = int(data[xref_at:].split(b"\n")[3][:10])
    assert data[offset:].startswith(b"1 0 obj")


def test_demo_phones_are_finnish_mobile_numbers():
    rng = random.Random(1)
    for _ in range(20):
        phone = normalise_phone(demo.demo_phone(rng))
        assert phone is not None
        assert phone.startswith(("+35840", "+35850", "+35845"))


@pytest.mark.django_db
def test_the_demo_creates_applications_with_readable_cvs(django_capture_on_commit_callbacks):
    fake = faker.Faker("fi_FI")
    fake.seed_instance(7)
    people = [
        Person.objects.create(first_name=fake.first_name(), last_name=fake.last_name())
        for _ in range(40)
    ]
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        demo.populate(people, fake, random.Random(7), today)

    applications = list(JobApplication.objects.all())
    assert len(applications) == 25
    assert all(a.email.endswith("@example.fi") for a in applications)
    formats = {
        detect_cv_format(storage.read_cv(a.cv_stored_name), max_bytes=10**6) for a in applications
    }
    assert formats <= {PDF, TEXT}
    cutoff = today - dt.timedelta(days=730)
    assert JobApplication.objects.decided_before(cutoff).exists()
    assert JobApplication.objects.filter(decided_on__isnull=True).exists()
