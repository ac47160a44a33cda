"""Read helpers: gather what the documents need from the database.

The documents themselves are built by pure functions
(:mod:`rekisteri.notices.documents`, :mod:`~rekisteri.notices.processing`,
:mod:`~rekisteri.notices.schedule`); this module reads their inputs — the
controller's details, the recipient and processor registers of the disclosures
app, the retention rules in force, the named health-data handlers — and the
published notice versions.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from rekisteri.accounts.roles import Role
from rekisteri.disclosures.models import (
    Processor,
    ProcessorService,
    Recipient,
    TransferMechanism,
)
from rekisteri.disclosures.policies import is_third_country
from rekisteri.disclosures.queries import list_processors, list_recipients
from rekisteri.notices.defaults import DEFAULT_CONTROLLER
from rekisteri.notices.documents import ControllerContact, NoticeInputs, RecipientInfo
from rekisteri.notices.models import SINGLETON_ID, Audience, ControllerSettings, NoticeVersion
from rekisteri.notices.security import SecurityFacts
from rekisteri.privacy.vocabulary import RecipientType
from rekisteri.retention.queries import current_rules

#: Which notices a processor serves, by the subject groups it records.
SUBJECT_GROUP_AUDIENCES: dict[str, str] = {
    "customers": Audience.CUSTOMERS,
    "webshop_users": Audience.CUSTOMERS,
    "business_contacts": Audience.CUSTOMERS,
    "job_applicants": Audience.APPLICANTS,
    "employees": Audience.STAFF,
}

#: Recipient types a processor service stands for (so the accounting firm is not
#: listed both as a recipient and as a processor).
SERVICE_RECIPIENT_TYPES: dict[str, str] = {
    "financial_administration": RecipientType.ACCOUNTING_FIRM,
}


def get_controller_settings() -> ControllerSettings:
    """Return the controller's details; an unsaved default row if none is stored yet."""
    stored = ControllerSettings.objects.filter(pk=SINGLETON_ID).first()
    return stored if stored is not None else ControllerSettings(**DEFAULT_CONTROLLER)


def health_data_handlers() -> list[str]:
    """Return the names of the named health-data handlers (YksTL 759/2004 5 §).

    They are the active users holding the health-data-handler role; the staff
    notice names them, as the law asks the employer to.
    """
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.HEALTH_DATA_HANDLER.value)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [user.get_full_name() or user.get_username() for user in users]


def _recipient_info(recipient: Recipient) -> RecipientInfo:
    return RecipientInfo(
        name="" if recipient.is_example else recipient.name,
        role=recipient.role,
        recipient_type=recipient.type,
        country=recipient.country,
        outside_eea=bool(recipient.country) and is_third_country(recipient.country),
    )


def _processor_info(processor: Processor) -> RecipientInfo:
    mechanism = processor.transfer_mechanism
    abroad = (bool(processor.country) and is_third_country(processor.country)) or (
        mechanism != TransferMechanism.NONE
    )
    audiences = {
        SUBJECT_GROUP_AUDIENCES[g] for g in processor.subject_groups if g in SUBJECT_GROUP_AUDIENCES
    }
    return RecipientInfo(
        name="" if processor.is_example else processor.name,
        role="processor",
        # Lazy labels: the notice turns them into text in its own language.
        description=ProcessorService(processor.service).label,
        country=", ".join(filter(None, [processor.country, processor.location])),
        outside_eea=abroad,
        safeguard=(
            TransferMechanism(mechanism).label if mechanism != TransferMechanism.NONE else ""
        ),
        audiences=tuple(sorted(audiences)),
        categories=tuple(processor.data_categories),
    )


def notice_inputs() -> NoticeInputs:
    """Return every input of the documents, read from the database and the settings."""
    processors = list(list_processors())
    return NoticeInputs(
        controller=ControllerContact.from_settings(get_controller_settings()),
        recipients=tuple(_recipient_info(r) for r in list_recipients()),
        processors=tuple(_processor_info(p) for p in processors),
        health_handlers=tuple(health_data_handlers()),
        facts=SecurityFacts(
            https=bool(getattr(settings, "HTTPS", False)),
            session_minutes=int(settings.SESSION_COOKIE_AGE) // 60,
        ),
        rules=current_rules(),
        covered_types=tuple(
            sorted(
                {
                    SERVICE_RECIPIENT_TYPES[p.service]
                    for p in processors
                    if p.service in SERVICE_RECIPIENT_TYPES
                }
            )
        ),
    )


def unfinished_entries() -> list[str]:
    """Return the names of recipients and processors still marked as examples.

    The notices show such entries by their kind only; the staff pages list them
    so the registrar completes them.
    """
    names = [r.name for r in list_recipients() if r.is_example]
    names += [p.name for p in list_processors() if p.is_example]
    return names


def processors_without_location() -> list[str]:
    """Return processors in use whose country is unknown: a transfer cannot be ruled out."""
    return [p.name for p in list_processors() if not p.country]


def list_notice_versions(audience: str | None = None) -> QuerySet[NoticeVersion]:
    """Return the recorded notice versions, newest first within each audience and language."""
    versions = NoticeVersion.objects.all()
    if audience:
        versions = versions.filter(audience=audience)
    return versions.order_by("audience", "language", "-valid_from", "-id")
