"""Web-shop pages the generic screens cannot show: the lines of one order."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.registers.webshop.models import Order
from rekisteri.web.screens import get_screen


def _visible_order(request: HttpRequest, reference: str) -> Order:
    """Fetch the order through the screen's queryset, so a guessed reference is a 404."""
    order = get_screen("orders").visible(request.user).filter(reference=reference).first()
    if not isinstance(order, Order):
        raise Http404
    return order


@require(Capability.WEBSHOP_VIEW)
def order_lines(request: HttpRequest, reference: str) -> HttpResponse:
    """Show what was ordered: the lines, shipping and total of one order."""
    order = _visible_order(request, reference)
    lines = list(order.lines.all())
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=order,
            target_ref=order.reference,
            person_ref=order.person.reference,
            fields=["lines"],
        )
    return render(request, "webshop/order_lines.html", {"order": order, "lines": lines})
