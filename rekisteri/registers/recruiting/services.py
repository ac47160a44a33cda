"""Use cases of the recruitment register: receive, decide, replace the CV, download
the CV and delete an application.

Each runs in one transaction and writes its audit event there (field names only,
never values). CV files are staged inside the transaction and published or
removed only when it commits (see ``storage.py``), so a failed use case leaves
neither a row without its file nor a file without its row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor, delete_record, person_ref_of, save_record
from rekisteri.audit.services import record_event
from rekisteri.crypto.aead import DecryptionError
from rekisteri.privacy.identifiers import normalise_email, normalise_phone
from rekisteri.registers.recruiting import storage
from rekisteri.registers.recruiting.models import (
    ApplicationKind,
    ApplicationStatus,
    JobApplication,
)
from rekisteri.registers.recruiting.policies import (
    CvRejected,
    decision_problem,
    detect_cv_format,
    download_filename,
    is_final_status,
    new_stored_name,
    sanitise_original_name,
)
from rekisteri.subjects.models import Person


class RecruitingError(ValueError):
    """A use case was asked to do something the rules forbid; ``message`` is for staff."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(code)
        self.message = message
        self.code = code


class CvUnavailable(RecruitingError):
    """The application has no readable CV file."""


@dataclass(frozen=True)
class CvFile:
    """An uploaded CV as received: the name the uploader gave and the raw bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class CvDownload:
    """A decrypted CV ready to be sent as an attachment."""

    data: bytes
    filename: str
    content_type: str


_CV_FIELDS = ["cv_stored_name", "cv_original_name", "cv_content_type", "cv_size"]


def _attach_cv(application: JobApplication, cv: CvFile) -> Path:
    """Check the CV by its content, stage it encrypted and set the ``cv_*`` fields."""
    try:
        cv_format = detect_cv_format(cv.data, max_bytes=settings.MAX_UPLOAD_BYTES)
    except CvRejected as exc:
        raise RecruitingError(exc.message, exc.code) from None
    stored_name = new_stored_name(cv_format)
    staged = storage.stage_cv_until_commit(stored_name, cv.data)
    application.cv_stored_name = stored_name
    application.cv_original_name = sanitise_original_name(cv.name)
    application.cv_content_type = cv_format.content_type
    application.cv_size = len(cv.data)
    return staged


def _clean_contact(email: str, phone: str) -> tuple[str, str]:
    email = email.strip()
    phone = phone.strip()
    if email and normalise_email(email) is None:
        raise RecruitingError(_("Enter a valid e-mail address."), "invalid_email")
    if phone:
        normalised = normalise_phone(phone)
        if normalised is None:
            raise RecruitingError(
                _("Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567."),
                "invalid_phone",
            )
        phone = normalised
    return email, phone


def receive_application(
    actor: Actor,
    *,
    kind: str = ApplicationKind.JOB,
    position: str = "",
    email: str = "",
    phone: str = "",
    cover_letter: str = "",
    cv: CvFile | None = None,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    received_at: dt.datetime | None = None,
) -> JobApplication:
    """Register a job, internship or open application, with its CV if one came.

    The applicant becomes a Person unless ``person`` is given (one person may
    apply, be a customer and later an employee). Processing rests on steps
    before a contract (GDPR Art. 6(1)(b)); the CV is checked by its content and
    stored encrypted (GDPR Art. 32). The retention clock starts only when the
    decision is made (legal.md §4 row 16, Ombudsman decision 6652/154/19).
    """
    if kind not in ApplicationKind.values:
        raise RecruitingError(_("Unknown kind of application."), "invalid_kind")
    email, phone = _clean_contact(email, phone)
    staged: Path | None = None
    try:
        with transaction.atomic():
            if person is None:
                if not (first_name.strip() or last_name.strip()):
                    raise RecruitingError(_("Give the applicant's name."), "name_required")
                person = save_record(
                    actor, Person(first_name=first_name.strip(), last_name=last_name.strip())
                )
            application = JobApplication(
                person=person,
                kind=kind,
                position=position.strip(),
                email=email,
                phone=phone,
                cover_letter=cover_letter,
                received_at=received_at or timezone.now(),
            )
            if cv is not None:
                staged = _attach_cv(application, cv)
            filled = [
                f.name
                for f in JobApplication._meta.concrete_fields
                if getattr(application, f.attname) not in (None, "")
            ]
            save_record(actor, application, changed=filled)
    except BaseException:
        if staged is not None:
            storage.discard_staged(staged)
        raise
    return application


def update_application(
    actor: Actor,
    application: JobApplication,
    *,
    kind: str,
    position: str,
    email: str,
    phone: str,
    cover_letter: str,
) -> JobApplication:
    """Correct the applicant's contact details and the application text (GDPR Art. 16).

    Only changed fields are saved and named in the audit event.
    """
    if kind not in ApplicationKind.values:
        raise RecruitingError(_("Unknown kind of application."), "invalid_kind")
    email, phone = _clean_contact(email, phone)
    values = {
        "kind": kind,
        "position": position.strip(),
        "email": email,
        "phone": phone,
        "cover_letter": cover_letter,
    }
    changed = [name for name, value in values.items() if getattr(application, name) != value]
    if not changed:
        return application
    with transaction.atomic():
        for name in changed:
            setattr(application, name, values[name])
        save_record(actor, application, changed=changed)
    return application


def decide_application(
    actor: Actor,
    application: JobApplication,
    *,
    status: str,
    decided_on: dt.date | None = None,
    notes: str | None = None,
    today: dt.date | None = None,
) -> JobApplication:
    """Record the state of an application and, for a final one, the decision date.

    A final status (rejected, hired, withdrawn) starts the two-year retention
    period on ``decided_on`` (default: today): the claims period for recruitment
    discrimination (Rikoslaki 47:3, Yhdenvertaisuuslaki 1325/2014; Ombudsman
    decision 6652/154/19; legal.md §4 row 16). A non-final status has no date.
    ``notes`` replaces the decision notes when given.
    """
    today = today or timezone.localdate()
    if status not in ApplicationStatus.values:
        raise RecruitingError(_("Unknown status."), "invalid_status")
    if is_final_status(status):
        decided_on = decided_on or today
    received_on = timezone.localdate(application.received_at)
    problem = decision_problem(
        status=status, decided_on=decided_on, received_on=received_on, today=today
    )
    if problem is not None:
        raise RecruitingError(problem, "invalid_decision")
    values: dict[str, object] = {"status": status, "decided_on": decided_on}
    if notes is not None:
        values["decision_notes"] = notes
    changed = [name for name, value in values.items() if getattr(application, name) != value]
    if not changed:
        return application
    with transaction.atomic():
        for name in changed:
            setattr(application, name, values[name])
        save_record(actor, application, changed=changed, reason="decision")
    return application


def replace_cv(actor: Actor, application: JobApplication, cv: CvFile) -> JobApplication:
    """Store a new CV for the application; the previous file is removed on commit.

    The new file is checked by its content and encrypted like the first one
    (GDPR Art. 32); keeping only the current CV follows data minimisation
    (GDPR Art. 5(1)(c)).
    """
    previous = {name: getattr(application, name) for name in _CV_FIELDS}
    staged: Path | None = None
    try:
        with transaction.atomic():
            staged = _attach_cv(application, cv)
            save_record(actor, application, changed=_CV_FIELDS, reason="cv replaced")
    except BaseException:
        if staged is not None:
            storage.discard_staged(staged)
        for name, value in previous.items():
            setattr(application, name, value)
        raise
    return application


def download_cv(actor: Actor, application: JobApplication) -> CvDownload:
    """Decrypt the application's CV for the actor and log the download.

    Every download is audited (``file.downloaded``) so the registrar can tell
    who read a CV (GDPR Art. 5(2), Art. 32; security.md §1.7 16.3.2).
    """
    if not application.cv_stored_name:
        raise CvUnavailable(_("This application has no CV file."), "no_cv")
    try:
        data = storage.read_cv(application.cv_stored_name)
    except (FileNotFoundError, ValueError, DecryptionError):
        raise CvUnavailable(_("The CV file cannot be read."), "unreadable") from None
    with transaction.atomic():
        record_event(
            actor,
            EventType.FILE_DOWNLOADED,
            target=application,
            target_ref=application.reference,
            person_ref=person_ref_of(application),
            fields=["cv_stored_name"],
        )
    return CvDownload(
        data=data,
        filename=download_filename(application.reference, application.cv_stored_name),
        content_type=application.cv_content_type or "application/octet-stream",
    )


def delete_application(actor: Actor, application: JobApplication, *, reason: str = "") -> None:
    """Delete an application; its CV file is removed when the deletion commits
    (by the handler in ``signals.py``, which also serves the retention sweep).

    Used when the applicant withdraws consent to an open application (GDPR
    Art. 7(3), 17(1)(b)) or when the company no longer needs the data; the
    retention sweep deletes decided applications after two years. The Person
    stays: they may have other records.
    """
    with transaction.atomic():
        delete_record(actor, application, reason=reason or "recruiting.JobApplication")
