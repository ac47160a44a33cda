"""Finding people by identifier (scope ``people:read``) and reading a person's records
(scope ``records:read``).

Both are audited like the staff app: a search writes ``search.performed`` with
the kinds of identifier given, a read writes ``person.viewed`` with the
registers read. People whose processing is restricted (GDPR Art. 18) are left
out of searches and are "not found" for records, as for ordinary staff roles;
only the registrar sees them, in the staff app.

A ``records:read`` key reads the customer registers only — customers, sales,
web shop and service, what a sales clerk's role may view — never recruiting,
staff or health records (least privilege, GDPR Art. 25(2)). Secret values
(HETU, IBAN, device credentials) come masked, as for staff without the right
to unmask them.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from rekisteri.access.formatting import json_value
from rekisteri.accounts.roles import Capability
from rekisteri.api.auth import ApiKey, actor_of
from rekisteri.api.errors import ApiError, errors
from rekisteri.api.routes.common import person_by_reference
from rekisteri.api.schemas import PeopleSearchIn, PersonMatchOut, PersonRecordsOut
from rekisteri.api.scopes import Scope
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.privacy.datamap import declarations
from rekisteri.privacy.index import find_people
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.subjects.models import Person
from rekisteri.web.screens import screen_for_model
from rekisteri.web.views import field_label

router = Router(tags=["people"])

PEOPLE = ApiKey(Scope.PEOPLE_READ)
RECORDS = ApiKey(Scope.RECORDS_READ)

#: The registers a ``records:read`` key reads: those whose screens need one of these.
RECORDS_CAPABILITIES = frozenset(
    {
        Capability.CUSTOMERS_VIEW,
        Capability.SALES_VIEW,
        Capability.WEBSHOP_VIEW,
        Capability.SERVICE_VIEW,
    }
)
#: Most people returned by one search.
SEARCH_LIMIT = 50
#: Most records returned per model.
RECORD_LIMIT = 200


@router.post(
    "/people/search",
    auth=PEOPLE,
    response={200: list[PersonMatchOut], **errors(422)},
    summary="Find people by identifier",
    description=(
        "Scope `people:read`. POST, not GET, so that e-mail addresses and identity codes "
        "stay out of URLs and access logs (OWASP ASVS 5.0 14.2.1). Give one or more of "
        "e-mail, phone, HETU, name, customer number, order number or username; each match "
        "says which identifiers matched where. People whose processing is restricted are "
        "left out."
    ),
)
def search_people(request: HttpRequest, payload: PeopleSearchIn) -> Any:
    data = {k: v.strip() for k, v in payload.model_dump().items() if v and v.strip()}
    if not data:
        raise ApiError(
            422,
            "identifier_required",
            _("Give at least one identifier to search by."),
            fields={"__all__": [_("Give at least one identifier to search by.")]},
        )
    others = [
        (kind, data[name])
        for name, kind in (
            ("customer_number", IdentifierKind.CUSTOMER_NUMBER),
            ("order_number", IdentifierKind.ORDER_NUMBER),
            ("username", IdentifierKind.USERNAME),
        )
        if name in data
    ]
    matches = find_people(
        emails=[data["email"]] if "email" in data else [],
        phones=[data["phone"]] if "phone" in data else [],
        names=[data["name"]] if "name" in data else [],
        hetus=[data["hetu"]] if "hetu" in data else [],
        others=others,
        limit=SEARCH_LIMIT,
    )
    people = Person.objects.in_bulk([m.person_id for m in matches if m.person_id])
    results: list[dict[str, Any]] = []
    for match in matches:
        person = people.get(match.person_id) if match.person_id else None
        if person is None or person.is_restricted:
            continue
        results.append(
            {
                "reference": person.reference,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "matched": [
                    {
                        "kind": e.kind.value,
                        "register_name": apps.get_model(e.model)._meta.app_label,
                        "field": e.field,
                    }
                    for e in match.evidence
                ],
            }
        )
    with transaction.atomic():
        record_event(
            actor_of(request),
            EventType.SEARCH_PERFORMED,
            fields=sorted(data),
            reason=f"{len(results)} matches",
        )
    return results


def _json(value: object) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "reference", None) or value.pk)
    return json_value(value)


def person_records(person: Person, actor: Any) -> list[dict[str, Any]]:
    """Return the person's records in the customer registers, secrets masked."""
    sections: dict[str, dict[str, Any]] = {}
    for declaration in declarations():
        if declaration.subject in (None, "self"):
            continue
        screen = screen_for_model(declaration.model)
        if screen is None or screen.view_capability not in RECORDS_CAPABILITIES:
            continue
        queryset = declaration.model._default_manager.filter(
            **declaration.subject_filter(person.pk)
        ).order_by("pk")
        for instance in queryset[:RECORD_LIMIT]:
            fields = []
            for name in screen.display_fields():
                raw = getattr(instance, name, None)
                text, masked = screen.masked_value(actor, name, raw)
                fields.append(
                    {
                        "name": name,
                        "label": field_label(instance, name),
                        "value": text if masked else _json(raw),
                        "masked": masked,
                    }
                )
            section = sections.setdefault(
                declaration.register,
                {
                    "register_name": declaration.register,
                    "title": str(declaration.model._meta.app_config.verbose_name),
                    "records": [],
                },
            )
            section["records"].append(
                {
                    "model": declaration.label,
                    "reference": declaration.reference_of(instance),
                    "title": str(declaration.model._meta.verbose_name),
                    "fields": fields,
                }
            )
    return list(sections.values())


@router.get(
    "/people/{reference}/records",
    auth=RECORDS,
    response={200: PersonRecordsOut, **errors(404)},
    summary="Read a person's records",
    description=(
        "Scope `records:read`. The person's records in the customer, sales, web-shop and "
        "service registers, each field with its label; secret values are masked. A person "
        "whose processing is restricted (GDPR Art. 18) is not found. The read is audited "
        "(`person.viewed`)."
    ),
)
def read_records(request: HttpRequest, reference: str) -> Any:
    actor = actor_of(request)
    person = person_by_reference(reference, hide_restricted=True)
    registers = person_records(person, actor)
    with transaction.atomic():
        record_event(
            actor,
            EventType.PERSON_VIEWED,
            target=person,
            person_ref=person.reference,
            fields=sorted({r["register_name"] for r in registers}),
        )
    return {
        "person": {
            "reference": person.reference,
            "first_name": person.first_name,
            "last_name": person.last_name,
        },
        "registers": registers,
    }
