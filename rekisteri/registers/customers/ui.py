"""Staff screens of the customer register.

Customers are listed, created and edited through the generic screens; their
contact details (e-mails, phones, addresses, contact persons) are kept on the
customer's contacts page (``customers:customer-contacts``). The contact models
also get read-only screens outside the menu so that the person card shows every
contact detail held about a person.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.registers.customers.forms import CustomerForm
from rekisteri.registers.customers.models import (
    ContactPerson,
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerPhone,
)
from rekisteri.registers.customers.queries import list_customers
from rekisteri.registers.customers.services import (
    EDITABLE_FIELDS,
    register_customer,
    update_customer,
)
from rekisteri.web.screens import Screen, register_screen

User = AbstractBaseUser | AnonymousUser


def save_customer_form(user: User, form: CustomerForm) -> Customer:
    """Create through :func:`register_customer`, or rectify through :func:`update_customer`."""
    data = form.cleaned_data
    if not form.is_editing:
        return register_customer(
            user,
            kind=data["kind"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            company_name=data.get("company_name", ""),
            business_id=data.get("business_id", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            address_kind=data.get("address_kind", ""),
            street=data.get("street", ""),
            postal_code=data.get("postal_code", ""),
            city=data.get("city", ""),
            country=data.get("country", "FI"),
            source=data["source"],
            notes=data.get("notes", ""),
        )
    # The form has already copied the new values onto its instance: compare with
    # the stored customer so the audit event names exactly what changed.
    customer = Customer.objects.select_related("person").get(pk=form.instance.pk)
    changes = {name: data[name] for name in EDITABLE_FIELDS if name in form.fields}
    return update_customer(user, customer, changes=changes)


def _contacts(model: type[models.Model]) -> Any:
    def queryset(user: User) -> models.QuerySet[Any]:
        return model._default_manager.select_related("customer")

    return queryset


register_screen(
    Screen(
        slug="customers",
        model=Customer,
        title=_("customers"),
        view_capability=Capability.CUSTOMERS_VIEW,
        edit_capability=Capability.CUSTOMERS_EDIT,
        form_class=CustomerForm,
        columns=["customer_number", "name", "kind", "city"],
        column_labels={"name": _("name"), "city": _("city")},
        queryset=lambda user: list_customers(),
        save=save_customer_form,
        ordering=("-customer_number", "-id"),
        detail_fields=[
            "customer_number",
            "kind",
            "person",
            "company_name",
            "business_id",
            "source",
            "last_activity_on",
            "notes",
            "created_at",
            "updated_at",
        ],
        actions=[(_("Contact details"), "customers:customer-contacts", Capability.CUSTOMERS_VIEW)],
    )
)

for _slug, _model, _title, _columns in (
    ("customer-emails", CustomerEmail, _("customer e-mails"), ["customer", "value", "label"]),
    ("customer-phones", CustomerPhone, _("customer phones"), ["customer", "value", "label"]),
    (
        "customer-addresses",
        CustomerAddress,
        _("customer addresses"),
        ["customer", "kind", "street", "city"],
    ),
    ("contact-persons", ContactPerson, _("contact persons"), ["customer", "person", "role_title"]),
):
    register_screen(
        Screen(
            slug=_slug,
            model=_model,
            title=_title,
            view_capability=Capability.CUSTOMERS_VIEW,
            columns=_columns,
            lookup="pk",
            queryset=_contacts(_model),
            list_in_menu=False,
            creatable=False,
            editable=False,
        )
    )
