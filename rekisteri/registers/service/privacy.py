"""Data-map declarations of the service register: service jobs and the device
credentials kept for them (legal.md §4 rows 5 and 6).

Fault descriptions, work notes and notes are free text and are scanned for
identifiers. Credentials are secret: encrypted, masked, never exported, and
purged at job close (seven days at the latest).
"""

from __future__ import annotations

from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    Purpose,
    RecipientType,
    Sensitivity,
    Source,
)
from rekisteri.registers.service.models import DeviceCredential, ServiceJob

declare(
    ServiceJob,
    register="service",
    subject="person",
    purposes=[Purpose.SERVICE],
    basis=Basis.CONTRACT,
    # The clock starts at ``closed_at`` (Trigger.JOB_CLOSED).
    retention="service_records",
    retention_from="closed_at",
    erasure=Erasure.DELETE,
    recipients=[RecipientType.SERVICE_CALL, RecipientType.WARRANTY_REGISTRATION],
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "customer": NOT_PERSONAL,
        "kind": personal(Category.SERVICE, portable=True),
        "device": personal(Category.SERVICE, portable=True),
        "serial_number": personal(Category.SERVICE, portable=True),
        "fault_description": personal(Category.SERVICE, free_text=True, portable=True),
        "work_done": personal(Category.SERVICE, source=Source.EMPLOYER, free_text=True),
        "notes": personal(Category.NOTES, source=Source.EMPLOYER, free_text=True),
        "status": NOT_PERSONAL,
        "opened_at": personal(Category.SERVICE),
        "closed_at": personal(Category.SERVICE, source=Source.EMPLOYER),
        "assigned_to": NOT_PERSONAL,
        "handed_over_at": personal(Category.SERVICE, source=Source.EMPLOYER),
    },
)

declare(
    DeviceCredential,
    register="service",
    subject="job__person",
    purposes=[Purpose.SERVICE],
    basis=Basis.CONTRACT,
    # Purged at job close; a hard limit of seven days after closing (legal.md §4 row 6).
    retention="device_credentials",
    retention_from=("job__closed_at", "job__handed_over_at"),
    erasure=Erasure.DELETE,
    portable=False,
    recipients=[],
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "job": NOT_PERSONAL,
        "label": personal(Category.DEVICE_CREDENTIAL),
        "username": personal(Category.DEVICE_CREDENTIAL, sensitivity=Sensitivity.SECRET),
        "secret": personal(Category.DEVICE_CREDENTIAL, sensitivity=Sensitivity.SECRET),
        "created_at": personal(Category.DEVICE_CREDENTIAL, source=Source.EMPLOYER),
        "purged_at": NOT_PERSONAL,
    },
)
