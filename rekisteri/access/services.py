"""Use cases of access reports: build, show and download a letter and its bundle.

Every service reads the person's records through
:func:`rekisteri.access.queries.assemble_access_data` and writes its audit
events in the same transaction as that read, one per person (the audit log
is searched by person). Rendering the PDF and the ZIP happens after the
transaction, so a slow PDF never holds the database's write lock; the event
says what was read, which is true even if rendering then fails.

Who may do it: holders of ``requests.handle`` (the registrar), or the system
itself (``actor=None``, the command line run on the server). Health records
are included only for a holder of ``health.view`` (YksTL 759/2004 5 §).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.access.queries import assemble_access_data
from rekisteri.access.render import bundle_zip, letter_pdf, render_letter
from rekisteri.access.report import AccessData
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.subjects.models import Person

Actor = AbstractBaseUser | AnonymousUser | None

LANGUAGES = ("fi", "en")

#: Until ``access.report_built`` and ``export.downloaded`` exist (see docs/access.md),
#: building a letter is logged as a read of the person's records and a download as
#: a file download.
BUILT_EVENT = EventType.ACCESS_REPORT_BUILT
DOWNLOADED_EVENT = EventType.EXPORT_DOWNLOADED


class AccessReportError(Exception):
    """A report that cannot be made; the message is fit for staff."""


class AccessNotAllowed(AccessReportError, PermissionError):
    """The actor may not make access reports."""


@dataclass(frozen=True)
class AccessReport:
    """An access letter (HTML and PDF) and the portability bundle (ZIP) of one person."""

    html: str
    pdf: bytes
    bundle: bytes
    redaction_count: int
    record_count: int
    data: AccessData


def _check(actor: Actor, people: Sequence[Person], language: str) -> None:
    """Only the registrar, the command line, or an integration the administrator gave
    access reports to (an API key with the ``access:read`` scope sets
    ``may_read_access_reports`` on its actor) may read a person's whole data."""
    if (
        actor is not None
        and not has_capability(actor, Capability.REQUESTS_HANDLE)
        and not getattr(actor, "may_read_access_reports", False)
    ):
        raise AccessNotAllowed(_("Only the registrar may make access reports."))
    if language not in LANGUAGES:
        raise AccessReportError(
            _("Unknown language %(language)s; choose fi or en.") % {"language": language}
        )
    if not people:
        raise AccessReportError(_("Choose at least one person."))
    if len({p.pk for p in people}) != len(people):
        raise AccessReportError(_("The same person was given twice."))


def _may_read_health(actor: Actor) -> bool:
    return actor is not None and has_capability(actor, Capability.HEALTH_VIEW)


def _read(
    actor: Actor,
    *,
    people: Sequence[Person],
    language: str,
    request_ref: str,
    today: dt.date,
    records: Sequence[tuple[str, str]],
    event: EventType,
    reason: str,
) -> AccessData:
    """Assemble the data and write the audit events, in one transaction."""
    _check(actor, people, language)
    with transaction.atomic():
        data = assemble_access_data(
            people=people,
            language=language,
            today=today,
            request_ref=request_ref,
            include_special=_may_read_health(actor),
            records=records,
        )
        for person in data.people:
            record_event(
                actor,
                event,
                target_ref=request_ref,
                person_ref=person.reference,
                fields=data.models_read,
                reason=f"{reason} ({language})",
            )
        # Every read of a health record is logged on its own (YksTL 759/2004 5 §).
        for special in data.special_records:
            record_event(
                actor,
                EventType.HEALTH_RECORD_VIEWED,
                target_ref=special.reference,
                person_ref=special.person_reference,
                reason=f"access report ({special.model_label})",
            )
    return data


def build_access_report(
    actor: Actor,
    *,
    people: Sequence[Person],
    language: str,
    request_ref: str = "",
    today: dt.date,
    records: Sequence[tuple[str, str]] = (),
) -> AccessReport:
    """Build the access letter (HTML and PDF) and the portability bundle for ``people``.

    ``people`` are the ``Person`` rows the registrar confirmed as the same human;
    the letter covers all their records. It holds the confirmation and a copy
    of the data with the GDPR Art. 15(1)(a)–(h) and 15(2) information, a note
    on what was left out to protect others (Art. 15(4)); the bundle holds what
    the person provided on consent or a contract (Art. 20(1)). ``request_ref``
    names the request answered ("" for a letter made without one); ``today``
    is the letter's date. Writes one ``record.viewed`` event per person (to
    become ``access.report_built``).
    """
    data = _read(
        actor,
        people=people,
        language=language,
        request_ref=request_ref,
        today=today,
        records=records,
        event=BUILT_EVENT,
        reason="access report built",
    )
    return AccessReport(
        html=render_letter(data),
        pdf=letter_pdf(data),
        bundle=bundle_zip(data, generated_at=timezone.now()),
        redaction_count=data.redaction_count,
        record_count=data.record_count,
        data=data,
    )


def show_access_letter(
    actor: Actor,
    *,
    people: Sequence[Person],
    language: str,
    request_ref: str = "",
    today: dt.date,
    records: Sequence[tuple[str, str]] = (),
) -> AccessData:
    """Return the letter's content for the staff page; logged like building a report."""
    return _read(
        actor,
        people=people,
        language=language,
        request_ref=request_ref,
        today=today,
        records=records,
        event=BUILT_EVENT,
        reason="access letter shown",
    )


def download_access_letter(
    actor: Actor,
    *,
    people: Sequence[Person],
    language: str,
    request_ref: str = "",
    today: dt.date,
    records: Sequence[tuple[str, str]] = (),
) -> bytes:
    """Return the letter as a PDF; the download is logged per person (``file.downloaded``)."""
    data = _read(
        actor,
        people=people,
        language=language,
        request_ref=request_ref,
        today=today,
        records=records,
        event=DOWNLOADED_EVENT,
        reason="access letter PDF downloaded",
    )
    return letter_pdf(data)


def download_portability_bundle(
    actor: Actor,
    *,
    people: Sequence[Person],
    language: str,
    request_ref: str = "",
    today: dt.date,
    records: Sequence[tuple[str, str]] = (),
) -> bytes:
    """Return the portability bundle (GDPR Art. 20) as a ZIP; the download is logged per person."""
    data = _read(
        actor,
        people=people,
        language=language,
        request_ref=request_ref,
        today=today,
        records=records,
        event=DOWNLOADED_EVENT,
        reason="portability bundle downloaded",
    )
    return bundle_zip(data, generated_at=timezone.now())
