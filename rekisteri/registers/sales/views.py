"""Voucher pages the generic screens cannot do: lines, issuing and correcting.

Vouchers are fetched through the screen's visible queryset, so a guessed
reference gives 404. Issuing and correcting change the books, so they are POST
only and need ``sales.edit``; their GET pages show what will happen first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.records import person_ref_of
from rekisteri.audit.services import record_event
from rekisteri.registers.sales.forms import CorrectionForm, VoucherLineForm
from rekisteri.registers.sales.models import Voucher, VoucherKind, VoucherLocked, VoucherStatus
from rekisteri.registers.sales.policies import LineAmounts, voucher_totals
from rekisteri.registers.sales.services import (
    LineInput,
    add_voucher_line,
    correct_voucher,
    issue_voucher,
    remove_voucher_line,
)
from rekisteri.web.screens import get_screen


def _visible_voucher(request: HttpRequest, reference: str) -> Voucher:
    """Fetch the voucher through the screen's queryset, so a guessed reference is a 404."""
    voucher = get_screen("vouchers").visible(request.user).filter(reference=reference).first()
    if not isinstance(voucher, Voucher):
        raise Http404
    return voucher


def _render_lines(
    request: HttpRequest, voucher: Voucher, form: VoucherLineForm | None = None
) -> HttpResponse:
    lines = list(voucher.lines.all())
    totals = voucher_totals(LineAmounts(x.quantity, x.unit_price, x.vat_rate) for x in lines)
    is_draft = voucher.status == VoucherStatus.DRAFT
    can_edit = is_draft and has_capability(request.user, Capability.SALES_EDIT)
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=voucher,
            target_ref=voucher.reference,
            person_ref=person_ref_of(voucher),
            fields=["lines"],
        )
    return render(
        request,
        "sales/voucher_lines.html",
        {
            "voucher": voucher,
            "lines": lines,
            "totals": totals,
            "is_draft": is_draft,
            "can_edit": can_edit,
            "can_issue": is_draft and has_capability(request.user, Capability.SALES_EDIT),
            "form": (form or VoucherLineForm()) if can_edit else None,
            "corrections": list(voucher.corrections.order_by("id")),
        },
    )


@require(Capability.SALES_VIEW)
def voucher_lines(request: HttpRequest, reference: str) -> HttpResponse:
    """Show a voucher's lines and VAT breakdown; a draft's lines can be changed here."""
    return _render_lines(request, _visible_voucher(request, reference))


@require_POST
@require(Capability.SALES_VIEW, Capability.SALES_EDIT)
def voucher_line_add(request: HttpRequest, reference: str) -> HttpResponse:
    voucher = _visible_voucher(request, reference)
    if voucher.status != VoucherStatus.DRAFT:
        messages.error(request, VoucherLocked().messages[0])
        return redirect("sales:voucher-lines", voucher.reference)
    form = VoucherLineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            add_voucher_line(
                request.user,
                voucher,
                LineInput(
                    data["description"], data["quantity"], data["unit_price"], data["vat_rate"]
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Line added."))
            return redirect("sales:voucher-lines", voucher.reference)
    return _render_lines(request, voucher, form)


@require_POST
@require(Capability.SALES_VIEW, Capability.SALES_EDIT)
def voucher_line_remove(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    voucher = _visible_voucher(request, reference)
    line = voucher.lines.filter(pk=pk).first()
    if line is None:
        raise Http404
    try:
        remove_voucher_line(request.user, line)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Line removed."))
    return redirect("sales:voucher-lines", voucher.reference)


@require(Capability.SALES_VIEW, Capability.SALES_EDIT)
def voucher_issue(request: HttpRequest, reference: str) -> HttpResponse:
    """GET: show what will be issued. POST: issue it (number, totals, locked for good)."""
    voucher = _visible_voucher(request, reference)
    errors: list[str] = []
    if request.method == "POST":
        try:
            issue_voucher(request.user, voucher)
        except ValidationError as exc:
            errors = list(exc.messages)
            voucher.refresh_from_db()
        else:
            messages.success(request, _("Voucher %(number)s issued.") % {"number": voucher.number})
            return redirect("web:vouchers-detail", voucher.reference)
    lines = list(voucher.lines.all())
    totals = voucher_totals(LineAmounts(x.quantity, x.unit_price, x.vat_rate) for x in lines)
    return render(
        request,
        "sales/voucher_issue.html",
        {
            "voucher": voucher,
            "lines": lines,
            "totals": totals,
            "errors": errors,
            "is_draft": voucher.status == VoucherStatus.DRAFT,
        },
    )


@require(Capability.SALES_VIEW, Capability.SALES_EDIT)
def voucher_correct(request: HttpRequest, reference: str) -> HttpResponse:
    """GET: the correction form. POST: issue a credit note (and a new draft, if chosen)."""
    voucher = _visible_voucher(request, reference)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lines = None
        if form.cleaned_data["replacement"] == CorrectionForm.REPLACE_DRAFT:
            lines = [
                LineInput(x.description, x.quantity, x.unit_price, x.vat_rate)
                for x in voucher.lines.all()
            ]
        try:
            correction = correct_voucher(
                request.user,
                voucher,
                reason=form.cleaned_data["reason"],
                lines=lines,
                issue_replacement=False,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Credit note %(number)s issued.") % {"number": correction.credit_note.number},
            )
            if correction.replacement is not None:
                return redirect("sales:voucher-lines", correction.replacement.reference)
            return redirect("web:vouchers-detail", correction.credit_note.reference)
    return render(
        request,
        "sales/voucher_correct.html",
        {
            "voucher": voucher,
            "form": form,
            "can_correct": (
                voucher.is_issued
                and voucher.kind != VoucherKind.CREDIT_NOTE
                and not voucher.corrections.filter(kind=VoucherKind.CREDIT_NOTE).exists()
            ),
        },
    )
