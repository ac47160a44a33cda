"""Pages of the breach register: list with the 72-hour countdown, record, edit, detail,
close and reopen, and the two notification drafts in Finnish and English."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.breaches.display import countdown
from rekisteri.breaches.drafts import LANGUAGES, Draft, authority_notification, people_communication
from rekisteri.breaches.forms import GROUPS, BreachForm
from rekisteri.breaches.models import Breach, PeopleDecision, PeopleException, SubjectGroup
from rekisteri.breaches.services import (
    EDITABLE_FIELDS,
    BreachError,
    BreachInvalid,
    close_breach,
    record_breach,
    reopen_breach,
    update_breach,
)
from rekisteri.privacy.datamap import field_spec
from rekisteri.privacy.vocabulary import Category
from rekisteri.web.views import ValueRow, field_label, format_value

STATES = ("open", "closed", "all")


def _breach(reference: str) -> Breach:
    return get_object_or_404(Breach, reference=reference)


@require(Capability.BREACHES_VIEW)
def breach_list(request: HttpRequest) -> HttpResponse:
    """Every breach, open ones first, with the countdown to the authority deadline."""
    state = request.GET.get("state", "all")
    if state not in STATES:
        state = "all"
    breaches = Breach.objects.all()
    if state == "open":
        breaches = breaches.filter(closed_at__isnull=True)
    elif state == "closed":
        breaches = breaches.filter(closed_at__isnull=False)
    now = timezone.now()
    rows = [
        (breach, countdown(breach, now))
        for breach in sorted(breaches, key=lambda b: (b.is_closed, -b.aware_at.timestamp()))
    ]
    return render(
        request,
        "breaches/breach_list.html",
        {
            "rows": rows,
            "state": state,
            "states": [
                ("open", _("Open")),
                ("closed", _("Closed")),
                ("all", _("All")),
            ],
            "can_edit": has_capability(request.user, Capability.BREACHES_EDIT),
        },
    )


def _form_page(
    request: HttpRequest, form: BreachForm, breach: Breach | None, status: int = 200
) -> HttpResponse:
    return render(
        request, "breaches/breach_form.html", {"form": form, "breach": breach}, status=status
    )


def _submitted(form: BreachForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name in form.cleaned_data}


@require(Capability.BREACHES_EDIT)
def breach_create(request: HttpRequest) -> HttpResponse:
    """Record a new breach; the 72-hour clock starts at the awareness time given."""
    now = timezone.now()
    if request.method != "POST":
        return _form_page(request, BreachForm(now=now), None)
    form = BreachForm(request.POST, now=now)
    if form.is_valid():
        try:
            breach = record_breach(request.user, data=_submitted(form), now=now)
        except BreachInvalid as exc:
            _attach(form, exc)
        except BreachError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The breach was recorded."))
            return redirect("breaches:breach-detail", breach.reference)
    return _form_page(request, form, None, status=400)


@require(Capability.BREACHES_EDIT)
def breach_edit(request: HttpRequest, reference: str) -> HttpResponse:
    """Change a breach as facts, the assessment and the notifications progress."""
    breach = _breach(reference)
    now = timezone.now()
    if breach.is_closed:
        messages.info(request, _("This breach is closed; reopen it to change it."))
        return redirect("breaches:breach-detail", breach.reference)
    if request.method != "POST":
        return _form_page(request, BreachForm(instance=breach, now=now), breach)
    form = BreachForm(request.POST, instance=breach, now=now)
    if form.is_valid():
        # The form has written the new values onto its instance; the service compares
        # them with the stored record so that the audit event names what changed.
        stored = _breach(reference)
        try:
            update_breach(request.user, stored, changes=_submitted(form), now=now)
        except BreachInvalid as exc:
            _attach(form, exc)
        except BreachError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The breach was saved."))
            return redirect("breaches:breach-detail", stored.reference)
    return _form_page(request, form, breach, status=400)


def _attach(form: BreachForm, exc: BreachInvalid) -> None:
    for name, errors in exc.errors.items():
        for message in errors:
            form.add_error(name if name in form.fields else None, message)


def _value(breach: Breach, name: str) -> str:
    value = getattr(breach, name)
    if name == "data_categories":
        labels = dict(Category.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if name == "subject_categories":
        labels = dict(SubjectGroup.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    display = getattr(breach, f"get_{name}_display", None)
    if display is not None and value:
        return str(display())
    return format_value(value, field_spec(Breach, name))


def _sections(breach: Breach) -> list[tuple[str, list[ValueRow]]]:
    return [
        (
            str(title),
            [
                ValueRow(
                    name=name,
                    label=field_label(Breach, name),
                    value=_value(breach, name),
                    masked=False,
                    spec=field_spec(Breach, name),
                )
                for name in names
            ],
        )
        for title, names in GROUPS
    ]


@require(Capability.BREACHES_VIEW)
def breach_detail(request: HttpRequest, reference: str) -> HttpResponse:
    breach = _breach(reference)
    now = timezone.now()
    return render(
        request,
        "breaches/breach_detail.html",
        {
            "breach": breach,
            "clock": countdown(breach, now),
            "status": breach.deadline_status(now),
            "sections": _sections(breach),
            "can_edit": has_capability(request.user, Capability.BREACHES_EDIT),
            "languages": LANGUAGES,
        },
    )


@require(Capability.BREACHES_VIEW)
def breach_countdown(request: HttpRequest, reference: str) -> HttpResponse:
    """The countdown badge alone, refreshed every minute on the detail page."""
    breach = _breach(reference)
    return render(
        request,
        "breaches/_countdown.html",
        # The fragment replaces itself and keeps polling.
        {"breach": breach, "clock": countdown(breach, timezone.now()), "poll": True},
    )


@require(Capability.BREACHES_EDIT)
@require_POST
def breach_close(request: HttpRequest, reference: str) -> HttpResponse:
    """Close a breach whose handling is complete (GDPR Art. 33(5))."""
    breach = _breach(reference)
    try:
        close_breach(request.user, breach, now=timezone.now())
    except BreachInvalid as exc:
        for errors in exc.errors.values():
            for message in errors:
                messages.error(request, message)
    except BreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The breach was closed."))
    return redirect("breaches:breach-detail", breach.reference)


@require(Capability.BREACHES_EDIT)
@require_POST
def breach_reopen(request: HttpRequest, reference: str) -> HttpResponse:
    breach = _breach(reference)
    try:
        reopen_breach(request.user, breach)
    except BreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The breach was reopened."))
    return redirect("breaches:breach-detail", breach.reference)


def _draft(breach: Breach, kind: str, language: str) -> Draft:
    if language not in LANGUAGES:
        raise Http404
    if kind == "authority":
        return authority_notification(breach, language, now=timezone.now())
    return people_communication(breach, language)


def _draft_page(request: HttpRequest, reference: str, kind: str, language: str) -> HttpResponse:
    breach = _breach(reference)
    draft = _draft(breach, kind, language)
    not_told = breach.people_decision in (PeopleDecision.NOT_REQUIRED, PeopleDecision.EXEMPT)
    return render(
        request,
        "breaches/draft.html",
        {
            "breach": breach,
            "draft": draft,
            "text": draft.as_text(),
            "kind": kind,
            "languages": LANGUAGES,
            "public": breach.people_exception == PeopleException.DISPROPORTIONATE,
            "not_told": not_told,
            "text_url_name": f"breaches:{kind}-draft-text",
            "page_url_name": f"breaches:{kind}-draft",
        },
    )


def _draft_text(reference: str, kind: str, language: str) -> HttpResponse:
    breach = _breach(reference)
    draft = _draft(breach, kind, language)
    response = HttpResponse(draft.as_text(), content_type="text/plain; charset=utf-8")
    filename = f"{breach.reference}-{kind}-{language}.txt"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require(Capability.BREACHES_VIEW)
def authority_draft(request: HttpRequest, reference: str, language: str) -> HttpResponse:
    """The draft notification to the Data Protection Ombudsman (GDPR Art. 33(3))."""
    return _draft_page(request, reference, "authority", language)


@require(Capability.BREACHES_VIEW)
def authority_draft_text(request: HttpRequest, reference: str, language: str) -> HttpResponse:
    return _draft_text(reference, "authority", language)


@require(Capability.BREACHES_VIEW)
def people_draft(request: HttpRequest, reference: str, language: str) -> HttpResponse:
    """The draft communication to the people affected (GDPR Art. 34(2))."""
    return _draft_page(request, reference, "people", language)


@require(Capability.BREACHES_VIEW)
def people_draft_text(request: HttpRequest, reference: str, language: str) -> HttpResponse:
    return _draft_text(reference, "people", language)
