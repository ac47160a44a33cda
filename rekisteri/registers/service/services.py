"""Use cases of the service register: open, update and close jobs; keep, reveal and
purge the device credentials a technician needs.

Every function that changes data runs in one transaction and writes its audit
event there (field names only, never values or secrets).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor, person_ref_of, save_record
from rekisteri.audit.services import record_event
from rekisteri.privacy.retention import get_rule, retention_ends_on
from rekisteri.registers.service.models import DeviceCredential, JobKind, JobStatus, ServiceJob
from rekisteri.subjects.models import Person

if TYPE_CHECKING:
    from rekisteri.registers.customers.models import Customer

CredentialField = Literal["username", "secret"]

#: Fields :func:`update_service_job` may change; closing has its own use case.
UPDATABLE_JOB_FIELDS = (
    "person",
    "customer",
    "kind",
    "device",
    "serial_number",
    "fault_description",
    "work_done",
    "notes",
    "status",
    "assigned_to",
    "handed_over_at",
)


class ServiceError(Exception):
    """A service use case refused its input; the message is fit for staff."""


class JobClosed(ServiceError):
    pass


class CredentialPurged(ServiceError):
    pass


def _check_kind(kind: str) -> None:
    if kind not in JobKind.values:
        raise ServiceError(_("Unknown kind of job."))


def open_service_job(
    actor: Actor,
    *,
    person: Person,
    device: str,
    fault_description: str,
    kind: str = JobKind.SERVICE,
    serial_number: str = "",
    notes: str = "",
    customer: Customer | None = None,
    assigned_to: User | None = None,
    opened_at: dt.datetime | None = None,
) -> ServiceJob:
    """Open a service or installation job for a customer's device (GDPR Art. 6(1)(b))."""
    _check_kind(kind)
    if not device.strip():
        raise ServiceError(_("Name the device."))
    if not fault_description.strip():
        raise ServiceError(_("Describe the fault or the work asked for."))
    job = ServiceJob(
        person=person,
        customer=customer,
        kind=kind,
        device=device.strip(),
        serial_number=serial_number.strip(),
        fault_description=fault_description.strip(),
        notes=notes.strip(),
        status=JobStatus.RECEIVED,
        assigned_to=assigned_to,
        opened_at=opened_at or timezone.now(),
    )
    changed = [
        name
        for name in (
            "person",
            "customer",
            "kind",
            "device",
            "serial_number",
            "fault_description",
            "notes",
            "status",
            "assigned_to",
            "opened_at",
        )
        if getattr(job, name) not in (None, "")
    ]
    with transaction.atomic():
        save_record(actor, job, changed=changed)
    return job


def update_service_job(actor: Actor, job: ServiceJob, *, changes: Mapping[str, Any]) -> ServiceJob:
    """Change a job's details while it is open (GDPR Art. 16 for corrections).

    A closed job is a service record kept as evidence (legal.md §4 row 5) and is
    no longer edited; closing goes through :func:`close_service_job` so that the
    credentials are purged with it.
    """
    unknown = set(changes) - set(UPDATABLE_JOB_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if job.is_closed:
        raise JobClosed(_("This job is closed; it can no longer be edited."))
    if changes.get("status") == JobStatus.CLOSED:
        raise ServiceError(_("Close the job with “Close job”, which also purges its credentials."))
    if "status" in changes and changes["status"] not in JobStatus.values:
        raise ServiceError(_("Unknown job status."))
    if "kind" in changes:
        _check_kind(str(changes["kind"]))
    changed = [name for name, value in changes.items() if getattr(job, name) != value]
    if not changed:
        return job
    for name in changed:
        setattr(job, name, changes[name])
    with transaction.atomic():
        job.save(update_fields=changed)
        _record(actor, EventType.RECORD_UPDATED, job, changed)
    return job


@sensitive_variables("username", "secret")
def add_device_credential(
    actor: Actor, job: ServiceJob, *, label: str, username: str = "", secret: str
) -> DeviceCredential:
    """Store a login the technician needs for the job, encrypted at rest.

    Needed only to perform the service contract (GDPR Art. 6(1)(b)); it is purged
    when the job closes (Art. 5(1)(c) and (e), legal.md §4 row 6).
    """
    if job.is_closed:
        raise JobClosed(_("This job is closed; credentials can no longer be added."))
    if not label.strip():
        raise ServiceError(_("Say what the login is for, e.g. “Windows login”."))
    if not secret:
        raise ServiceError(_("Enter the password or PIN."))
    credential = DeviceCredential(
        job=job, label=label.strip(), username=username.strip(), secret=secret
    )
    with transaction.atomic():
        save_record(
            actor,
            credential,
            changed=["job", "label", "secret", *(["username"] if credential.username else [])],
        )
    return credential


def reveal_device_credential(
    actor: Actor, credential: DeviceCredential, *, field: CredentialField = "secret"
) -> str:
    """Return one credential value in clear to a technician, and log that it was shown.

    Only holders of ``service.reveal_credential`` may see credentials (GDPR
    Art. 32(4), Art. 25(2)); every reveal is an audit event naming the field.
    """
    if actor is None or not has_capability(actor, Capability.SERVICE_REVEAL):
        raise PermissionDenied(_("Only service technicians may reveal device credentials."))
    if field not in ("username", "secret"):
        raise ServiceError(_("Unknown credential field."))
    if credential.is_purged:
        raise CredentialPurged(_("These credentials were purged when the job closed."))
    with transaction.atomic():
        _record(actor, EventType.SECRET_REVEALED, credential, [field])
    return str(getattr(credential, field) or "")


def _purge(
    actor: Actor, credentials: list[DeviceCredential], *, now: dt.datetime, reason: str
) -> int:
    """Erase the values of ``credentials`` (label kept as proof) and log each purge."""
    for credential in credentials:
        credential.username = ""
        credential.secret = ""
        credential.purged_at = now
    DeviceCredential.objects.bulk_update(credentials, ["username", "secret", "purged_at"])
    for credential in credentials:
        _record(
            actor, EventType.CREDENTIAL_PURGED, credential, ["username", "secret"], reason=reason
        )
    return len(credentials)


def close_service_job(actor: Actor, job: ServiceJob, *, work_done: str) -> ServiceJob:
    """Close the job and purge its device credentials in the same transaction.

    Credentials are needed only while the device is being worked on, so they go
    when the job closes (GDPR Art. 5(1)(c) and (e); legal.md §4 row 6). The job
    itself is kept as a service record from this moment (row 5).
    """
    if job.is_closed:
        raise JobClosed(_("This job is already closed."))
    if not work_done.strip():
        raise ServiceError(_("Describe the work done before closing the job."))
    now = timezone.now()
    with transaction.atomic():
        locked = ServiceJob.objects.select_for_update().get(pk=job.pk)
        if locked.is_closed:
            raise JobClosed(_("This job is already closed."))
        job.status = JobStatus.CLOSED
        job.closed_at = now
        job.work_done = work_done.strip()
        job.save(update_fields=["status", "closed_at", "work_done"])
        _record(
            actor,
            EventType.RECORD_UPDATED,
            job,
            ["status", "closed_at", "work_done"],
            reason="job closed",
        )
        credentials = list(job.credentials.filter(purged_at__isnull=True))
        _purge(actor, credentials, now=now, reason="job closed")
    return job


def credential_purge_due_on(
    *, closed_on: dt.date | None, handed_over_on: dt.date | None = None
) -> dt.date | None:
    """Return the last-resort day to purge a job's credentials, or ``None`` while it runs.

    Seven days after the job closed or the device was handed over, whichever came
    first (legal.md §4 row 6: "hard limit 7 days after handover").
    """
    started = [day for day in (closed_on, handed_over_on) if day is not None]
    if not started:
        return None
    return retention_ends_on(get_rule("device_credentials"), min(started))


def purge_expired_credentials(today: dt.date, *, actor: Actor = None) -> int:
    """Purge credentials left behind on jobs closed or handed over seven days ago or more.

    Closing a job purges its credentials already; this sweep enforces the hard
    limit for any left behind (GDPR Art. 5(1)(e); legal.md §4 row 6). Returns
    the number purged.
    """
    rule = get_rule("device_credentials")
    # credential_purge_due_on(d) <= today  <=>  d <= today - rule.days
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=rule.days - 1), dt.time.min)
    )
    with transaction.atomic():
        credentials = list(
            DeviceCredential.objects.select_for_update()
            .filter(purged_at__isnull=True)
            .filter(Q(job__closed_at__lt=cutoff) | Q(job__handed_over_at__lt=cutoff))
            .select_related("job")
        )
        due = [
            c
            for c in credentials
            if (
                day := credential_purge_due_on(
                    closed_on=timezone.localdate(c.job.closed_at) if c.job.closed_at else None,
                    handed_over_on=(
                        timezone.localdate(c.job.handed_over_at) if c.job.handed_over_at else None
                    ),
                )
            )
            is not None
            and day <= today
        ]
        return _purge(actor, due, now=timezone.now(), reason="retention: device_credentials")


def _record(
    actor: Actor,
    event: EventType,
    instance: ServiceJob | DeviceCredential,
    fields: list[str],
    *,
    reason: str = "",
) -> None:
    record_event(
        actor,
        event,
        target=instance,
        target_ref=instance.reference,
        person_ref=person_ref_of(instance),
        fields=fields,
        reason=reason,
    )
