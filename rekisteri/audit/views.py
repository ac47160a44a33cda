"""The audit log page for the administrator and the registrar."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.audit.services import record_event


@require(Capability.AUDIT_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor").order_by("-id")
    person = request.GET.get("person", "").strip()
    kind = request.GET.get("type", "").strip()
    if person:
        events = events.filter(person_ref=person)
    if kind in EventType.values:
        events = events.filter(type=kind)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    with transaction.atomic():
        record_event(request.user, EventType.AUDIT_VIEWED, person_ref=person[:16])
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "person": person, "kind": kind, "types": EventType.choices},
    )
