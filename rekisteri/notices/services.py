"""Use cases of the notices app: keep the controller's details, publish notice versions.

Each function runs in one transaction and writes its audit event there (field
names only, never values).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.utils.translation import gettext as _

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.notices.defaults import DEFAULT_CONTROLLER
from rekisteri.notices.documents import Notice, content_version
from rekisteri.notices.models import SINGLETON_ID, ControllerSettings, NoticeVersion

Actor = AbstractBaseUser | AnonymousUser | None

#: Fields :func:`update_controller_settings` may change.
CONTROLLER_FIELDS = (
    "name",
    "business_id",
    "street_address",
    "postal_code",
    "city",
    "phone",
    "email",
    "contact_person",
    "websites",
    "dpo_contact",
)


class NoticeError(Exception):
    """A use case refused its input; the message is fit for staff."""


def ensure_controller_settings(using: str = DEFAULT_DB_ALIAS) -> ControllerSettings:
    """Create the controller's row from the published notice's details, once.

    Idempotent: an existing row is returned unchanged, so the administrator's
    corrections survive every later migration. The row names the controller
    and its contact point, as GDPR Art. 13(1)(a) and 30(1)(a) require. Like the
    other seeding at migration time it writes no audit event: it is installation,
    not a change made by anyone; every later edit is audited.
    """
    with transaction.atomic(using=using):
        controller, _created = ControllerSettings.objects.using(using).get_or_create(
            pk=SINGLETON_ID, defaults=DEFAULT_CONTROLLER
        )
    return controller


def update_controller_settings(
    actor: Actor, controller: ControllerSettings, *, changes: Mapping[str, str]
) -> ControllerSettings:
    """Change the controller's details; every notice shows the new ones at once.

    The values are validated as the model defines them (business ID check
    digit, phone, e-mail). A changed notice gets a new version, dated the day it
    is first served (GDPR Art. 13(1)(a); Art. 12(1) asks for accurate
    information).
    """
    unknown = set(changes) - set(CONTROLLER_FIELDS)
    if unknown:
        raise NoticeError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    changed = [name for name in CONTROLLER_FIELDS if name in changes]
    changed = [name for name in changed if getattr(controller, name) != changes[name]]
    if not changed:
        return controller
    for name in changed:
        setattr(controller, name, changes[name])
    try:
        controller.full_clean()
    except ValidationError as exc:
        raise NoticeError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        if ControllerSettings.objects.filter(pk=SINGLETON_ID).exists():
            controller.save(update_fields=[*changed, "updated_at"])
        else:
            controller.pk = SINGLETON_ID
            controller.save(force_insert=True)
        record_event(actor, EventType.CONTROLLER_UPDATED, target=controller, fields=changed)
    return controller


def publish_notice(actor: Actor, notice: Notice, *, today: dt.date) -> Notice:
    """Return ``notice`` stamped with its version and the day that version took effect.

    The version is a hash of the content (:func:`content_version`). The first
    time a version is served it is recorded with ``today`` as its first day, so
    the date stays the same on every later request, and a consent can name the
    text it was given under (GDPR Art. 7(1), 13(3)).
    """
    version = content_version(notice)
    lookup = {"audience": notice.audience, "language": notice.language, "version": version}
    row = NoticeVersion.objects.filter(**lookup).first()
    if row is None:
        try:
            with transaction.atomic():
                row = NoticeVersion.objects.create(**lookup, valid_from=today)
                record_event(
                    actor,
                    EventType.NOTICE_PUBLISHED,
                    target=row,
                    fields=["audience", "language", "version", "valid_from"],
                )
        except IntegrityError:  # another request recorded it a moment ago
            row = NoticeVersion.objects.get(**lookup)
    return dataclasses.replace(notice, version=version, valid_from=row.valid_from)
