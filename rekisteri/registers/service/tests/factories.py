"""Test data for the service register: obviously fake people and devices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rekisteri.registers.service.models import DeviceCredential, ServiceJob
from rekisteri.registers.service.services import add_device_credential, open_service_job
from rekisteri.subjects.models import Person

SECRET = "Kissa-Kala-5551"
DEVICE_USERNAME = "matti.admin"


def make_person(first_name: str = "Testi", last_name: str = "Huoltoasiakas") -> Person:
    return Person.objects.create(first_name=first_name, last_name=last_name)


def make_job(person: Person | None = None, **overrides: Any) -> ServiceJob:
    values: dict[str, Any] = {
        "person": person or make_person(),
        "device": "Lenovo ThinkPad T14",
        "serial_number": "PF12345678",
        "fault_description": "Kone ei käynnisty.",
    }
    values.update(overrides)
    return open_service_job(None, **values)


def make_credential(job: ServiceJob | None = None, **overrides: Any) -> DeviceCredential:
    values: dict[str, Any] = {
        "label": "Windows-kirjautuminen",
        "username": DEVICE_USERNAME,
        "secret": SECRET,
    }
    values.update(overrides)
    return add_device_credential(None, job or make_job(), **values)


def closed_days_ago(job: ServiceJob, days: int, *, today: dt.date) -> ServiceJob:
    """Mark ``job`` closed ``days`` before ``today`` without purging (a leftover)."""
    moment = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(12)))
    ServiceJob.objects.filter(pk=job.pk).update(status="closed", closed_at=moment)
    job.refresh_from_db()
    return job
