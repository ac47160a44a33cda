"""Staff screens of the accounting register: vouchers.

Drafts are created and edited through the generic screen (the form refuses an
issued voucher); lines, issuing and correcting are the register's own pages,
linked from the voucher as actions.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.registers.sales.forms import VoucherForm
from rekisteri.registers.sales.models import Voucher
from rekisteri.registers.sales.services import create_voucher_draft, update_voucher_draft
from rekisteri.web.screens import Screen, register_screen

User = AbstractBaseUser | AnonymousUser


def save_voucher_form(user: User, form: VoucherForm) -> Voucher:
    """Create a draft, or change one through :func:`update_voucher_draft` (which refuses
    an issued voucher with a translated error)."""
    data = form.cleaned_data
    billing = {
        "billed_name": data.get("billed_name", ""),
        "billed_address": data.get("billed_address", ""),
        "billed_email": data.get("billed_email", ""),
    }
    if form.instance.pk is None:
        return create_voucher_draft(
            user,
            kind=data["kind"],
            customer=form.customer,
            issued_on=data.get("issued_on"),
            **billing,
        )
    # The form has already copied the new values onto its instance: compare with
    # the stored voucher so the audit event names exactly what changed.
    voucher = Voucher.objects.select_related("customer").get(pk=form.instance.pk)
    changes: dict[str, object] = {
        "kind": data["kind"],
        "customer": form.customer,
        "issued_on": data.get("issued_on"),
        **billing,
    }
    return update_voucher_draft(user, voucher, changes=changes)


register_screen(
    Screen(
        slug="vouchers",
        model=Voucher,
        title=_("vouchers"),
        view_capability=Capability.SALES_VIEW,
        edit_capability=Capability.SALES_EDIT,
        form_class=VoucherForm,
        columns=["number", "issued_on", "kind", "billed_name", "total_gross", "status"],
        queryset=lambda user: Voucher.objects.select_related("person", "customer"),
        save=save_voucher_form,
        ordering=("-id",),
        actions=[
            (_("Lines"), "sales:voucher-lines", Capability.SALES_VIEW),
            (_("Issue"), "sales:voucher-issue", Capability.SALES_EDIT),
            (_("Correct"), "sales:voucher-correct", Capability.SALES_EDIT),
        ],
    )
)
