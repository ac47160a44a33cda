"""Use cases of API clients: issue a key, revoke it, and recognise it on a call.

Issuing and revoking run in one transaction with their audit event
(``api_key.created`` / ``api_key.revoked``). The key itself is returned once by
:func:`issue_api_key` and never stored, logged or shown again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.api import keys
from rekisteri.api.models import ApiClient, IdempotencyRecord
from rekisteri.api.scopes import parse_scopes
from rekisteri.audit.models import EventType
from rekisteri.audit.records import staff_user
from rekisteri.audit.services import record_event

Actor = AbstractBaseUser | AnonymousUser | None

#: Client names appear in the audit log as ``api:<name>``: short, no spaces.
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")
#: ``last_used_at`` is written at most this often per key, not on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class ApiKeyError(Exception):
    """A key use case refused its input; the message is fit for staff."""


class ApiActor(AnonymousUser):
    """Who the audit log names for a call made with an API key: ``api:<client name>``.

    An anonymous user, so that no staff permission can ever leak to a key; the
    key's scopes are checked by the API itself.
    """

    def __init__(self, client: ApiClient) -> None:
        super().__init__()
        self.client = client
        self.audit_label = client.audit_label
        self.scopes = frozenset(client.scopes)
        # Read by rekisteri.access.services: the key may download access bundles.
        self.may_read_access_reports = "access:read" in self.scopes

    def __str__(self) -> str:
        return self.audit_label


@dataclass(frozen=True)
class IssuedKey:
    client: ApiClient
    token: str


def clean_client_name(name: str) -> str:
    cleaned = name.strip().lower()
    if not NAME_PATTERN.match(cleaned):
        raise ApiKeyError(
            _(
                "Use 2–60 lower-case letters, digits, dots, hyphens or underscores, "
                "e.g. webshop or crm-sync."
            )
        )
    return cleaned


def issue_api_key(actor: Actor, *, name: str, scopes: Sequence[str]) -> IssuedKey:
    """Create an API client with a new random key and the given scopes.

    The key is returned here once; only its SHA-256 is stored (see
    :mod:`rekisteri.api.keys`). A client gets only the scopes its integration
    needs (GDPR Art. 25(2), 32(4)).
    """
    cleaned = clean_client_name(name)
    try:
        chosen = parse_scopes(list(scopes))
    except ValueError as exc:
        raise ApiKeyError(_("Unknown scope: %(scopes)s") % {"scopes": exc}) from None
    if not chosen:
        raise ApiKeyError(_("Choose at least one scope."))
    new = keys.make_key()
    client = ApiClient(
        name=cleaned,
        scopes=chosen,
        key_prefix=new.prefix,
        key_hash=new.hash,
        created_by=staff_user(actor),
    )
    try:
        with transaction.atomic():
            if ApiClient.objects.filter(name=cleaned, revoked_at__isnull=True).exists():
                raise ApiKeyError(_("An active client with this name already exists."))
            client.save()
            record_event(
                actor,
                EventType.API_KEY_CREATED,
                target=client,
                target_ref=client.audit_label,
                fields=["name", "scopes", "key_prefix", "key_hash"],
                reason=" ".join(chosen),
            )
    except IntegrityError:
        raise ApiKeyError(_("An active client with this name already exists.")) from None
    return IssuedKey(client=client, token=new.token)


def revoke_api_key(actor: Actor, client: ApiClient, *, now: dt.datetime | None = None) -> ApiClient:
    """Revoke the client's key; the next call with it is refused (401)."""
    with transaction.atomic():
        locked = ApiClient.objects.select_for_update().get(pk=client.pk)
        if locked.revoked_at is not None:
            raise ApiKeyError(_("This key has already been revoked."))
        locked.revoked_at = now or timezone.now()
        locked.save(update_fields=["revoked_at"])
        IdempotencyRecord.objects.filter(client=locked).delete()
        record_event(
            actor,
            EventType.API_KEY_REVOKED,
            target=locked,
            target_ref=locked.audit_label,
            fields=["revoked_at"],
        )
    return locked


def client_for_key(token: str, *, now: dt.datetime | None = None) -> ApiClient | None:
    """Return the active client whose key ``token`` is, or ``None``.

    A revoked key is refused at once: the row is read on every call, nothing is
    cached. ``last_used_at`` is kept to within :data:`LAST_USED_RESOLUTION`.
    """
    prefix = keys.prefix_of(token)
    if prefix is None:
        return None
    client = ApiClient.objects.filter(key_prefix=prefix).first()
    if client is None or not keys.matches(token, client.key_hash) or not client.is_active:
        return None
    now = now or timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


def active_clients() -> list[ApiClient]:
    return list(ApiClient.objects.filter(revoked_at__isnull=True).order_by("name"))
