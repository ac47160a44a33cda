"""Retention pages: the rules and what is due, and the administrator's changes of periods."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.retention.forms import EndOverrideForm, RuleOverrideForm
from rekisteri.retention.models import PurgeAction, PurgeRun, RuleOverride
from rekisteri.retention.queries import (
    CountRow,
    active_overrides,
    count_rows,
    financial_year_start,
    model_name,
    override_history,
    recent_runs,
    rule_rows,
)
from rekisteri.retention.services import (
    PurgeItem,
    end_rule_override,
    execute_purge,
    plan_purge,
    set_rule_override,
)


@dataclass(frozen=True)
class DueRow:
    item: PurgeItem
    model: str
    action: str


@require(Capability.RETENTION_VIEW)
def rules(request: HttpRequest) -> HttpResponse:
    """The rules in force with their sources, what each has due today, and the past runs."""
    today = timezone.localdate()
    items = plan_purge(today)
    due: dict[str, int] = {}
    for item in items:
        due[item.rule.code] = due.get(item.rule.code, 0) + item.count
    due_rows = [
        DueRow(item, model_name(item.model_label), str(PurgeAction(item.action).label))
        for item in items
        if item.count or item.restricted
    ]
    runs: list[tuple[PurgeRun, list[CountRow]]] = [(run, count_rows(run)) for run in recent_runs()]
    return render(
        request,
        "retention/rules.html",
        {
            "today": today,
            "financial_year_start": financial_year_start(),
            "rows": rule_rows(due),
            "due_rows": due_rows,
            "orphans": next((i.count for i in items if i.rule.code == "orphan_person"), 0),
            "runs": runs,
            "can_manage": has_capability(request.user, Capability.RETENTION_MANAGE),
        },
    )


def _overrides_page(
    request: HttpRequest,
    form: RuleOverrideForm,
    end_forms: dict[int, EndOverrideForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    end_forms = end_forms or {}
    active: list[tuple[RuleOverride, EndOverrideForm]] = [
        (o, end_forms.get(o.pk) or EndOverrideForm(prefix=f"end-{o.pk}"))
        for o in active_overrides()
    ]
    return render(
        request,
        "retention/overrides.html",
        {
            "form": form,
            "active": active,
            "history": override_history(),
            "rows": rule_rows(),
        },
        status=status,
    )


@require(Capability.RETENTION_MANAGE)
def overrides(request: HttpRequest) -> HttpResponse:
    """Tighten or extend a rule's period, with the reason; every change is audited."""
    if request.method != "POST":
        return _overrides_page(request, RuleOverrideForm())
    form = RuleOverrideForm(request.POST)
    if form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            set_rule_override(
                request.user,
                data["rule"],
                months=data["months"],
                days=data["days"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The new period is in force."))
            return redirect("retention:overrides")
    return _overrides_page(request, form, status=400)


@require(Capability.RETENTION_MANAGE)
@require_POST
def override_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Go back to the default period of a rule, with the reason."""
    override = get_object_or_404(RuleOverride, pk=pk)
    form = EndOverrideForm(request.POST, prefix=f"end-{pk}")
    if form.is_valid():
        try:
            end_rule_override(request.user, override, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The default period is in force again."))
            return redirect("retention:overrides")
    return _overrides_page(request, RuleOverrideForm(), {pk: form}, status=400)


@require(Capability.RETENTION_MANAGE)
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    """Run the purge now, as the scheduled job would, and log it under the user's name."""
    run = execute_purge(request.user, timezone.localdate())
    total = run.total
    failed = sum(c.count for c in run.counts.all() if c.action == PurgeAction.FAILED)
    messages.success(
        request,
        ngettext(
            "The purge ran: %(count)d record or value was removed.",
            "The purge ran: %(count)d records or values were removed.",
            total,
        )
        % {"count": total},
    )
    if failed:
        messages.warning(
            request,
            ngettext(
                "%(count)d record was refused by its register.",
                "%(count)d records were refused by their register.",
                failed,
            )
            % {"count": failed},
        )
    return redirect("retention:rules")
