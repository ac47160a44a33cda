"""Customer pages the generic screens cannot show: a customer's contact details.

The contacts page lists a customer's e-mails, phones, addresses and (for a
company) contact persons, with forms to add and buttons to remove them. The
customer is fetched through the screen's visible queryset, so a guessed
reference gives 404; reading the page is logged like any record view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.records import person_ref_of
from rekisteri.audit.services import record_event
from rekisteri.registers.customers import services
from rekisteri.registers.customers.forms import (
    ContactPersonForm,
    CustomerAddressForm,
    CustomerEmailForm,
    CustomerPhoneForm,
)
from rekisteri.registers.customers.models import Customer
from rekisteri.web.screens import get_screen

FormClass = type[forms.ModelForm]  # type: ignore[type-arg]

#: The kinds of contact detail, with their form, how to add one, and how to find
#: and remove one of a customer's.
CONTACT_KINDS: dict[str, tuple[FormClass, str, Callable[..., Any], Callable[..., None]]] = {
    "email": (
        CustomerEmailForm,
        "emails",
        services.add_contact_email,
        services.remove_contact_email,
    ),
    "phone": (
        CustomerPhoneForm,
        "phones",
        services.add_contact_phone,
        services.remove_contact_phone,
    ),
    "address": (
        CustomerAddressForm,
        "addresses",
        services.add_contact_address,
        services.remove_contact_address,
    ),
    "contact-person": (
        ContactPersonForm,
        "contact_persons",
        services.link_contact_person,
        services.unlink_contact_person,
    ),
}


def _visible_customer(request: HttpRequest, reference: str) -> Customer:
    """Fetch the customer through the screen's queryset, so a guessed reference is a 404."""
    customer = get_screen("customers").visible(request.user).filter(reference=reference).first()
    if not isinstance(customer, Customer):
        raise Http404
    return customer


def _kinds_for(customer: Customer) -> list[str]:
    kinds = ["email", "phone", "address"]
    return [*kinds, "contact-person"] if customer.is_company else kinds


def _render_contacts(
    request: HttpRequest,
    customer: Customer,
    bound: dict[str, forms.ModelForm] | None = None,  # type: ignore[type-arg]
) -> HttpResponse:
    can_edit = has_capability(request.user, Capability.CUSTOMERS_EDIT)
    add_forms: dict[str, forms.ModelForm] = {}  # type: ignore[type-arg]
    if can_edit:
        for kind in _kinds_for(customer):
            form_class = CONTACT_KINDS[kind][0]
            add_forms[kind.replace("-", "_")] = (bound or {}).get(kind) or form_class(prefix=kind)
    context = {
        "customer": customer,
        "person": customer.person,
        "emails": list(customer.emails.all()),
        "phones": list(customer.phones.all()),
        "addresses": list(customer.addresses.all()),
        "contact_persons": list(customer.contact_persons.select_related("person")),
        "is_company": customer.is_company,
        "can_edit": can_edit,
        "forms": add_forms,
    }
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=customer,
            target_ref=customer.reference,
            person_ref=person_ref_of(customer),
            fields=[CONTACT_KINDS[kind][1] for kind in _kinds_for(customer)],
        )
    return render(request, "customers/customer_contacts.html", context)


@require(Capability.CUSTOMERS_VIEW)
def customer_contacts(request: HttpRequest, reference: str) -> HttpResponse:
    """Show a customer's contact details (and forms to change them, for editors)."""
    customer = _visible_customer(request, reference)
    return _render_contacts(request, customer)


@require_POST
@require(Capability.CUSTOMERS_VIEW, Capability.CUSTOMERS_EDIT)
def contact_add(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """Add one e-mail, phone, address or contact person; a bad form is shown again as typed."""
    customer = _visible_customer(request, reference)
    if kind not in _kinds_for(customer):
        raise Http404
    form_class, _related, add, _remove = CONTACT_KINDS[kind]
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        try:
            add(request.user, customer, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Contact details saved."))
            return redirect("customers:customer-contacts", customer.reference)
    return _render_contacts(request, customer, {kind: form})


@require_POST
@require(Capability.CUSTOMERS_VIEW, Capability.CUSTOMERS_EDIT)
def contact_remove(request: HttpRequest, reference: str, kind: str, pk: int) -> HttpResponse:
    """Remove one contact detail of the customer (only one of this customer's)."""
    customer = _visible_customer(request, reference)
    if kind not in _kinds_for(customer):
        raise Http404
    _form, related, _add, remove = CONTACT_KINDS[kind]
    manager: models.Manager[Any] = getattr(customer, related)
    contact = manager.filter(pk=pk).first()
    if contact is None:
        raise Http404
    remove(request.user, contact)
    messages.success(request, _("Contact details removed."))
    return redirect("customers:customer-contacts", customer.reference)
