"""Staff screens of the web-shop register: orders, web-shop accounts and cookie choices.

Orders and accounts arrive from the web shop; staff browse them, correct delivery
and contact data, and move orders on. The password hash is always masked and
cannot be revealed.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.registers.webshop.forms import OrderForm, WebshopAccountForm
from rekisteri.registers.webshop.models import CookieConsent, Order, WebshopAccount
from rekisteri.registers.webshop.services import (
    CORRECTABLE_ORDER_FIELDS,
    correct_order_details,
    update_webshop_account,
)
from rekisteri.web.screens import Screen, register_screen

User = AbstractBaseUser | AnonymousUser


def mask_password_hash(value: str) -> str:
    """Say only that a password is set; the hash itself is never shown (legal.md Art. 15 row)."""
    return gettext("password set") if value else ""


def save_order_form(user: User, form: OrderForm) -> Order:
    """Save a staff correction through :func:`correct_order_details`."""
    # The form has already written the new values onto its instance; compare
    # against the stored order so the audit event names exactly what changed.
    order = Order.objects.get(pk=form.instance.pk)
    changes = {name: form.cleaned_data[name] for name in CORRECTABLE_ORDER_FIELDS}
    return correct_order_details(user, order, changes=changes, status=form.cleaned_data["status"])


def save_account_form(user: User, form: WebshopAccountForm) -> WebshopAccount:
    account = WebshopAccount.objects.get(pk=form.instance.pk)
    return update_webshop_account(
        user, account, email=form.cleaned_data["email"], is_active=form.cleaned_data["is_active"]
    )


register_screen(
    Screen(
        slug="orders",
        model=Order,
        title=_("web-shop orders"),
        view_capability=Capability.WEBSHOP_VIEW,
        edit_capability=Capability.WEBSHOP_EDIT,
        form_class=OrderForm,
        columns=["number", "ordered_at", "delivery_name", "status", "total_amount"],
        save=save_order_form,
        ordering=("-ordered_at", "-id"),
        creatable=False,
        actions=[(_("Order lines"), "webshop:order-lines", Capability.WEBSHOP_VIEW)],
    )
)

register_screen(
    Screen(
        slug="webshop-accounts",
        model=WebshopAccount,
        title=_("web-shop accounts"),
        view_capability=Capability.WEBSHOP_VIEW,
        edit_capability=Capability.WEBSHOP_EDIT,
        form_class=WebshopAccountForm,
        columns=["reference", "username", "created_at", "last_login_at", "is_active"],
        save=save_account_form,
        maskers={"password_hash": mask_password_hash},
        creatable=False,
    )
)

register_screen(
    Screen(
        slug="cookie-choices",
        model=CookieConsent,
        title=_("cookie choices"),
        view_capability=Capability.WEBSHOP_VIEW,
        columns=["reference", "banner_version", "chosen_at"],
        ordering=("-chosen_at", "-id"),
        creatable=False,
        editable=False,
    )
)
