"""Erasure pages: the plans, one plan with its review and execution, the letter, the holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.erasure.holds import release_expired_holds
from rekisteri.erasure.letters import LANGUAGES, build_letter
from rekisteri.erasure.models import ErasurePlan, ErasurePlanItem, PlanStatus
from rekisteri.erasure.policies import Action
from rekisteri.erasure.queries import (
    active_holds,
    compute_plan,
    list_plans,
    model_title,
    open_plan_for,
    person_by_reference,
    register_title,
)
from rekisteri.erasure.requests import RequestNotFound, request_scope
from rekisteri.erasure.services import (
    ErasureError,
    cancel_plan,
    execute_plan,
    make_plan,
    plan_items,
    replan,
    review_plan,
)
from rekisteri.web.screens import screen_for_model

STATUS_TABS = [
    ("open", gettext_lazy("Open")),
    (PlanStatus.EXECUTED.value, gettext_lazy("Executed")),
    (PlanStatus.CANCELLED.value, gettext_lazy("Cancelled")),
    ("", gettext_lazy("All")),
]


@dataclass
class RecordRow:
    """One record of a plan: what happens to it, and to each of its fields."""

    whole: ErasurePlanItem
    fields: list[ErasurePlanItem] = field(default_factory=list)
    url: str = ""

    @property
    def title(self) -> str:
        return model_title(self.whole.model_label)


@dataclass
class RegisterGroup:
    title: str
    records: list[RecordRow] = field(default_factory=list)

    @property
    def statutes(self) -> list[str]:
        return sorted({i.statute for r in self.records for i in [r.whole, *r.fields] if i.statute})


def _record_url(item: ErasurePlanItem) -> str:
    try:
        model = apps.get_model(item.model_label)
    except (LookupError, ValueError):
        return ""
    if item.model_label == "subjects.Person":
        name, args = "web:person-detail", [item.record_ref]
    else:
        screen = screen_for_model(model)
        if screen is None or screen.lookup != "reference" or not item.record_ref:
            return ""
        name, args = f"web:{screen.slug}-detail", [item.record_ref]
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def group_items(items: list[ErasurePlanItem], *, links: bool) -> list[RegisterGroup]:
    """Group a plan's items by register, then by record (the whole-record item first)."""
    by_record: dict[tuple[str, str], RecordRow] = {}
    fields: dict[tuple[str, str], list[ErasurePlanItem]] = defaultdict(list)
    registers: dict[str, RegisterGroup] = {}
    for item in items:
        key = (item.model_label, item.object_id)
        if item.field:
            fields[key].append(item)
            continue
        row = RecordRow(whole=item, url=_record_url(item) if links else "")
        by_record[key] = row
        group = registers.setdefault(item.register, RegisterGroup(register_title(item.register)))
        group.records.append(row)
    for key, row in by_record.items():
        row.fields = fields.get(key, [])
    return sorted(registers.values(), key=lambda g: g.title)


def _plan_page(request: HttpRequest, plan: ErasurePlan, status: int = 200) -> HttpResponse:
    items = list(plan.items.order_by("model_label", "object_id", "id"))
    return render(
        request,
        "erasure/plan_detail.html",
        {
            "plan": plan,
            "groups": group_items(items, links=plan.status != PlanStatus.EXECUTED),
            "can_execute": has_capability(request.user, Capability.ERASURE_EXECUTE),
            "languages": LANGUAGES,
            "holds": list(plan.holds.order_by("hold_until", "id")),
        },
        status=status,
    )


def _plan(reference: str) -> ErasurePlan:
    return get_object_or_404(ErasurePlan.objects.select_related("person"), reference=reference)


@require(Capability.ERASURE_EXECUTE)
def plan_list(request: HttpRequest) -> HttpResponse:
    """Every erasure plan, open ones first by default."""
    status = request.GET.get("status", "open")
    if status not in {value for value, _label in STATUS_TABS}:
        status = "open"
    return render(
        request,
        "erasure/plan_list.html",
        {"plans": list_plans(status)[:200], "tabs": STATUS_TABS, "status": status},
    )


@require(Capability.REQUESTS_HANDLE)
def plan_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One plan, its items by register with their statutes, and its actions."""
    return _plan_page(request, _plan(reference))


def _act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    plan = _plan(reference)
    today = timezone.localdate()
    try:
        if action == "review":
            review_plan(request.user, plan)
            messages.success(request, _("The plan is marked reviewed."))
        elif action == "execute":
            execute_plan(request.user, plan, today=today)
            messages.success(request, _("The erasure was executed."))
        elif action == "cancel":
            cancel_plan(request.user, plan)
            messages.success(request, _("The plan was cancelled."))
        else:
            new = replan(request.user, plan, today=today)
            messages.success(request, _("A new plan was made; review it."))
            return redirect("erasure:plan-detail", new.reference)
    except ErasureError as exc:
        messages.error(request, str(exc))
        plan.refresh_from_db()
        return _plan_page(request, plan, status=400)
    return redirect("erasure:plan-detail", plan.reference)


@require(Capability.REQUESTS_HANDLE)
@require_POST
def plan_review(request: HttpRequest, reference: str) -> HttpResponse:
    """Mark a draft plan reviewed."""
    return _act(request, reference, "review")


@require(Capability.ERASURE_EXECUTE)
@require_POST
def plan_execute(request: HttpRequest, reference: str) -> HttpResponse:
    """Execute a reviewed plan, in one transaction."""
    return _act(request, reference, "execute")


@require(Capability.REQUESTS_HANDLE)
@require_POST
def plan_cancel(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, "cancel")


@require(Capability.REQUESTS_HANDLE)
@require_POST
def plan_replan(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(request, reference, "replan")


@require(Capability.REQUESTS_HANDLE)
def plan_for_person(request: HttpRequest, reference: str) -> HttpResponse:
    """Preview a person's erasure (nothing stored), and make the plan (POST)."""
    person = person_by_reference(reference)
    if person is None:
        raise Http404
    existing = open_plan_for(person, "")
    if request.method == "POST":
        try:
            plan = make_plan(request.user, person, today=timezone.localdate())
        except ErasureError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The plan was made; review it."))
            return redirect("erasure:plan-detail", plan.reference)
    draft = compute_plan(person, timezone.localdate())
    preview = plan_items(ErasurePlan(person=person), draft)
    return render(
        request,
        "erasure/plan_for_person.html",
        {
            "person": person,
            "existing": existing,
            "groups": group_items(preview, links=True),
            "deleted": draft.count(Action.DELETE),
            "anonymised": draft.count(Action.ANONYMISE),
            "held": draft.count(Action.HOLD),
        },
        status=400 if request.method == "POST" else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def plan_for_request(request: HttpRequest, reference: str) -> HttpResponse:
    """The plans of an erasure request: one per confirmed person; make the missing ones (POST)."""
    try:
        scope = request_scope(reference)
    except RequestNotFound:
        raise Http404 from None
    today = timezone.localdate()
    if request.method == "POST" and scope.is_erasure:
        made = 0
        for index, person in enumerate(scope.people or [None]):
            if person is not None and open_plan_for(person, scope.request.reference):
                continue
            extra = scope.extra_for(index)
            if person is None and not extra:
                continue
            try:
                make_plan(
                    request.user,
                    person,
                    today=today,
                    request_ref=scope.request.reference,
                    extra_records=extra,
                )
            except ErasureError as exc:
                messages.error(request, str(exc))
            else:
                made += 1
        if made:
            messages.success(
                request,
                ngettext("%(n)d plan was made.", "%(n)d plans were made.", made) % {"n": made},
            )
        return redirect("erasure:plan-for-request", scope.request.reference)
    plans = list(
        ErasurePlan.objects.filter(request_ref=scope.request.reference)
        .select_related("person")
        .order_by("-created_at")
    )
    planned = {p.person_id for p in plans if p.is_open or p.status == PlanStatus.EXECUTED}
    return render(
        request,
        "erasure/plan_for_request.html",
        {
            "scope": scope,
            "plans": plans,
            "unplanned": [p for p in scope.people if p.pk not in planned],
        },
    )


@require(Capability.REQUESTS_HANDLE)
def plan_letter(request: HttpRequest, reference: str, language: str) -> HttpResponse:
    """The confirmation letter in Finnish or English (a draft until the plan is executed)."""
    if language not in LANGUAGES:
        raise Http404
    plan = _plan(reference)
    letter = build_letter(plan, language, today=timezone.localdate())
    with translation.override(language):
        return render(
            request,
            "erasure/letter.html",
            {"letter": letter, "plan": plan, "languages": LANGUAGES},
        )


@require(Capability.REQUESTS_VIEW)
def hold_list(request: HttpRequest) -> HttpResponse:
    """Data kept after erasures, restricted until its hold ends."""
    return render(
        request,
        "erasure/hold_list.html",
        {
            "holds": list(active_holds().order_by("hold_until", "id")[:500]),
            "today": timezone.localdate(),
            "can_release": has_capability(request.user, Capability.ERASURE_EXECUTE),
        },
    )


@require(Capability.ERASURE_EXECUTE)
@require_POST
def hold_release(request: HttpRequest) -> HttpResponse:
    """Erase now what the holds ending today no longer keep (the daily job does the same)."""
    report = release_expired_holds(request.user, timezone.localdate())
    count = len(report.changed)
    messages.success(
        request,
        ngettext("%(n)d held record was released.", "%(n)d held records were released.", count)
        % {"n": count},
    )
    return redirect("erasure:hold-list")
