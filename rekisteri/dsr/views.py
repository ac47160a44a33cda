"""Pages of the request register: list, intake, detail, every handling step, and the letters.

Anyone in the shop may take a request (``requests.intake``) and then sees only
the confirmation of what they entered; the register itself is for
``requests.view`` (registrar, administrator), and every handling step for
``requests.handle`` (registrar). Opening a request or a letter is audited: they
hold the requester's personal data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.dsr import letters as letter_module
from rekisteri.dsr.display import due_info, editable_fields, entry_rows, value_rows
from rekisteri.dsr.forms import (
    AnswerForm,
    AssignForm,
    ExtendForm,
    IdentityCheckForm,
    IntakeForm,
    LiftNoticeForm,
    ObjectionForm,
    RectifyForm,
    RefuseForm,
    RestrictForm,
    WithdrawForm,
    attach_errors,
)
from rekisteri.dsr.links import access_url, erasure_url
from rekisteri.dsr.models import (
    RequestKind,
    RequestState,
    Restriction,
    SubjectRequest,
)
from rekisteri.dsr.queries import (
    RequestNotFound,
    active_restrictions,
    confirmed_people,
    confirmed_records,
    discover,
    get_request,
    identity_verified,
    list_requests,
    searched_kinds,
)
from rekisteri.dsr.rights import (
    decide_objection,
    lift_restriction,
    record_lifting_notice,
    record_marketing_objection,
    rectify_record,
    restrict_processing,
)
from rekisteri.dsr.services import (
    RequestError,
    RequestInput,
    RequestInvalid,
    answer_request,
    assign_request,
    confirm_records,
    extend_request,
    receive_request,
    record_identity_check,
    refuse_request,
    withdraw_request,
)
from rekisteri.subjects.models import Person

STATE_FILTERS = ("open", "closed", "all", *RequestState.values)

INTAKE_FIELDS = [
    "kind",
    "objection_scope",
    "channel",
    "received_at",
    "requester_name",
    "requester_email",
    "requester_phone",
    "customer_number",
    "order_number",
    "reply_address",
    "language",
    "description",
]


def _request_or_404(reference: str) -> SubjectRequest:
    try:
        return get_request(reference)
    except RequestNotFound:
        raise Http404 from None


def _today() -> Any:
    return timezone.localdate()


# --- Lists ----------------------------------------------------------------------------------


def _rows(requests: Any) -> list[tuple[SubjectRequest, Any]]:
    today = _today()
    return [(item, due_info(item, today)) for item in requests]


@require(Capability.REQUESTS_VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    """Every request, the earliest due first, with due badges and filters."""
    state = request.GET.get("state", "open")
    if state not in STATE_FILTERS:
        state = "open"
    kind = request.GET.get("kind", "")
    if kind not in RequestKind.values:
        kind = ""
    overdue = request.GET.get("overdue") == "1"
    mine = request.GET.get("mine") == "1"
    queryset = list_requests(
        state=state,
        kind=kind,
        overdue_on=_today() if overdue else None,
        assignee=request.user if mine else None,
    )
    return render(
        request,
        "dsr/request_list.html",
        {
            "rows": _rows(queryset[:500]),
            "state": state,
            "kind": kind,
            "overdue": overdue,
            "mine": mine,
            "states": [
                ("open", _("Open")),
                ("closed", _("Closed")),
                ("all", _("All")),
                *RequestState.choices,
            ],
            "kinds": RequestKind.choices,
            "can_intake": has_capability(request.user, Capability.REQUESTS_INTAKE),
        },
    )


@require(Capability.REQUESTS_HANDLE)
def request_mine(request: HttpRequest) -> HttpResponse:
    """The open requests assigned to the signed-in handler."""
    queryset = list_requests(state="open", assignee=request.user)
    return render(
        request,
        "dsr/request_mine.html",
        {
            "rows": _rows(queryset),
            "unassigned": _rows(list_requests(state="open").filter(assignee__isnull=True)),
        },
    )


# --- Intake ---------------------------------------------------------------------------------


@require(Capability.REQUESTS_INTAKE)
def request_intake(request: HttpRequest) -> HttpResponse:
    """Receive a request in the shop, by e-mail, by letter or by phone."""
    form = IntakeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = receive_request_from_form(request, data)
        except RequestInvalid as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The request was received."))
            return redirect("dsr:request-received", created.reference)
    status = 400 if request.method == "POST" else 200
    return render(request, "dsr/request_intake.html", {"form": form}, status=status)


def receive_request_from_form(request: HttpRequest, data: dict[str, Any]) -> SubjectRequest:
    return receive_request(
        request.user,
        RequestInput(
            kind=data["kind"],
            channel=data["channel"],
            requester_name=data["requester_name"],
            requester_email=data["requester_email"],
            requester_phone=data["requester_phone"],
            customer_number=data["customer_number"],
            order_number=data["order_number"],
            reply_address=data["reply_address"],
            language=data["language"],
            description=data["description"],
            objection_scope=data["objection_scope"],
            received_at=data["received_at"],
        ),
    )


@require(Capability.REQUESTS_INTAKE)
def request_received(request: HttpRequest, reference: str) -> HttpResponse:
    """The confirmation of what the staff member entered; only they (and the registrar) see it."""
    item = _request_or_404(reference)
    if item.received_by_id != request.user.pk and not has_capability(
        request.user, Capability.REQUESTS_VIEW
    ):
        raise Http404
    return render(
        request,
        "dsr/request_received.html",
        {
            "item": item,
            "rows": value_rows(item, [*INTAKE_FIELDS, "due_on"]),
            "languages": letter_module.LANGUAGES,
            "can_view": has_capability(request.user, Capability.REQUESTS_VIEW),
        },
    )


# --- Detail ----------------------------------------------------------------------------------


@require(Capability.REQUESTS_VIEW)
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    item = _request_or_404(reference)
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=item,
            person_ref=item.person.reference if item.person else "",
            reason=f"request.viewed {item.reference}",
        )
    today = _today()
    can_handle = has_capability(request.user, Capability.REQUESTS_HANDLE)
    return render(
        request,
        "dsr/request_detail.html",
        {
            "item": item,
            "due": due_info(item, today),
            "rows": value_rows(item, INTAKE_FIELDS),
            "checks": item.identity_checks.select_related("checked_by").order_by(
                "checked_at", "id"
            ),
            "verified": identity_verified(item),
            "people": confirmed_people(item),
            "single_records": item.confirmed_records.order_by("id"),
            "entries": entry_rows(item),
            "restrictions": item.restrictions.select_related("person").order_by("started_at", "id"),
            "letters": letter_module.letters_for(item),
            "languages": letter_module.LANGUAGES,
            "access_url": access_url(item),
            "erasure_url": erasure_url(item),
            "can_handle": can_handle,
            "can_see_tasks": has_capability(request.user, Capability.DISCLOSURES_VIEW),
            "assign_form": AssignForm(initial={"assignee": item.assignee_id})
            if can_handle
            else None,
            "first_month_open": today <= item.first_due_on,
        },
    )


@require(Capability.REQUESTS_HANDLE)
@require_POST
def request_assign(request: HttpRequest, reference: str) -> HttpResponse:
    item = _request_or_404(reference)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            assign_request(request.user, item, assignee=form.chosen())
        except RequestError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The request was assigned."))
    else:
        messages.error(request, _("Choose a member of staff who handles requests."))
    return redirect("dsr:request-detail", item.reference)


# --- Handling steps ----------------------------------------------------------------------------


def _action(
    request: HttpRequest,
    item: SubjectRequest,
    form: forms.Form,
    *,
    title: str,
    intro: str = "",
    submit: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "item": item,
        "form": form,
        "title": title,
        "intro": intro,
        "submit_label": submit or _("Save"),
        **(extra or {}),
    }
    return render(request, "dsr/request_action.html", context, status=status)


def _run(
    request: HttpRequest,
    item: SubjectRequest,
    form: forms.Form,
    call: Any,
    success: str,
) -> HttpResponse | None:
    """Call a service for a valid form; return the redirect, or None with errors on the form."""
    try:
        call()
    except RequestInvalid as exc:
        attach_errors(form, exc)
    except RequestError as exc:
        form.add_error(None, str(exc))
    else:
        messages.success(request, success)
        return redirect("dsr:request-detail", item.reference)
    return None


@require(Capability.REQUESTS_HANDLE)
def request_identity(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an identity check (GDPR Art. 12(6))."""
    item = _request_or_404(reference)
    form = IdentityCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            request,
            item,
            form,
            lambda: record_identity_check(
                request.user,
                item,
                method=data["method"],
                outcome=data["outcome"],
                notes=data["notes"],
            ),
            _("The identity check was recorded."),
        )
        if done:
            return done
    return _action(
        request,
        item,
        form,
        title=_("Check the requester's identity"),
        intro=_(
            "Use what we already hold: the e-mail or phone the request came from, or an order or "
            "customer number with a registered contact. An identity document may be shown in "
            "person; never take a copy. The discovery page shows which of the requester's "
            "identifiers matched our records."
        ),
        status=400 if request.method == "POST" else 200,
        extra={"checks": item.identity_checks.order_by("checked_at", "id")},
    )


@require(Capability.REQUESTS_HANDLE)
def request_discovery(request: HttpRequest, reference: str) -> HttpResponse:
    """Find the requester's people and records in the subject index, and confirm them."""
    item = _request_or_404(reference)
    proposals = discover(item)
    error = ""
    if request.method == "POST":
        refs = request.POST.getlist("people")
        extra = [
            r.strip().upper()
            for r in request.POST.get("extra_people", "").replace(",", " ").split()
        ]
        wanted = [*refs, *extra]
        found = {p.reference: p for p in Person.objects.filter(reference__in=wanted)}
        missing = [r for r in wanted if r not in found]
        records = []
        for key in request.POST.getlist("records"):
            label, _sep, object_id = key.partition("#")
            if label and object_id:
                records.append((label, object_id))
        if missing:
            error = _("No person has the reference %(refs)s.") % {"refs": ", ".join(missing)}
        else:
            people = list(dict.fromkeys(found[r] for r in wanted))
            try:
                confirm_records(request.user, item, people=people, records=records)
            except RequestError as exc:
                error = str(exc)
            else:
                messages.success(request, _("The requester's records were confirmed."))
                return redirect("dsr:request-detail", item.reference)
    with transaction.atomic():
        record_event(
            request.user,
            EventType.SEARCH_PERFORMED,
            target=item,
            fields=searched_kinds(item),
            reason=f"request.discovery {item.reference}: {len(proposals)} matches",
        )
    confirmed = {p.reference for p in confirmed_people(item)}
    confirmed_keys = {f"{r.model_label}#{r.object_id}" for r in item.confirmed_records.all()}
    return render(
        request,
        "dsr/request_discovery.html",
        {
            "item": item,
            "proposals": proposals,
            "confirmed": confirmed,
            "confirmed_keys": confirmed_keys,
            "error": error,
        },
        status=400 if error else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def request_extend(request: HttpRequest, reference: str) -> HttpResponse:
    """Extend by one or two months, decided inside the first month (GDPR Art. 12(3))."""
    item = _request_or_404(reference)
    form = ExtendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            request,
            item,
            form,
            lambda: extend_request(
                request.user, item, months=data["months"], reason=data["reason"]
            ),
            _("The request was extended; send the extension notice."),
        )
        if done:
            return done
    return _action(
        request,
        item,
        form,
        title=_("Extend the time to answer"),
        intro=_(
            "By at most two further months, where the request is complex or there are many "
            "requests. The person must be told, with the reasons, by %(due)s (GDPR Art. 12(3))."
        )
        % {"due": formats.date_format(item.first_due_on, "SHORT_DATE_FORMAT")},
        status=400 if request.method == "POST" else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def request_refuse(request: HttpRequest, reference: str) -> HttpResponse:
    """Refuse to act, with the reasons (GDPR Art. 12(4)–(5))."""
    item = _request_or_404(reference)
    form = RefuseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            request,
            item,
            form,
            lambda: refuse_request(
                request.user, item, ground=data["ground"], reasons=data["reasons"]
            ),
            _("The request was refused; send the refusal letter."),
        )
        if done:
            return done
    return _action(
        request,
        item,
        form,
        title=_("Refuse the request"),
        intro=_(
            "Only with reasons we can show: a manifestly unfounded or excessive request, a "
            "requester who could not be identified, or a right that does not apply. The letter "
            "tells the person they may complain to the Data Protection Ombudsman and go to court."
        ),
        submit=_("Refuse"),
        status=400 if request.method == "POST" else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def request_answer(request: HttpRequest, reference: str) -> HttpResponse:
    """Mark the request answered and close it."""
    item = _request_or_404(reference)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        done = _run(
            request,
            item,
            form,
            lambda: answer_request(request.user, item, note=note),
            _("The request was answered and closed."),
        )
        if done:
            return done
    return _action(
        request,
        item,
        form,
        title=_("Record the answer"),
        intro=_("Record this once the answer has been sent to the requester."),
        submit=_("Close as answered"),
        status=400 if request.method == "POST" else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def request_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    item = _request_or_404(reference)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        done = _run(
            request,
            item,
            form,
            lambda: withdraw_request(request.user, item, note=note),
            _("The request was closed as withdrawn."),
        )
        if done:
            return done
    return _action(
        request,
        item,
        form,
        title=_("The requester withdrew the request"),
        submit=_("Close as withdrawn"),
        status=400 if request.method == "POST" else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def request_rectify(request: HttpRequest, reference: str) -> HttpResponse:
    """Correct fields of the confirmed records, one at a time (GDPR Art. 16)."""
    item = _request_or_404(reference)
    error_form: RectifyForm | None = None
    if request.method == "POST":
        form = RectifyForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = rectify_record(
                    request.user,
                    item,
                    model_label=data["model_label"],
                    object_id=data["object_id"],
                    field_name=data["field_name"],
                    new_value=data["new_value"],
                )
            except RequestInvalid as exc:
                attach_errors(form, exc)
                error_form = form
            except RequestError as exc:
                form.add_error(None, str(exc))
                error_form = form
            else:
                if entry.is_applied:
                    messages.success(request, _("The value was corrected."))
                else:
                    messages.warning(
                        request,
                        _(
                            "The record is an issued voucher and was not edited: a correction "
                            "note was recorded. Ask sales staff to make the correction entry."
                        ),
                    )
                return redirect("dsr:request-rectify", item.reference)
        else:
            error_form = form
    records = editable_fields(confirmed_records(item))
    return render(
        request,
        "dsr/request_rectify.html",
        {
            "item": item,
            "records": records,
            "entries": entry_rows(item),
            "error_form": error_form,
            "verified": identity_verified(item),
        },
        status=400 if error_form is not None else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def request_restrict(request: HttpRequest, reference: str) -> HttpResponse:
    """Restrict the processing of a confirmed person's data (GDPR Art. 18)."""
    item = _request_or_404(reference)
    people = confirmed_people(item)
    choices = [(p.reference, f"{p.full_name} ({p.reference})") for p in people]
    form = RestrictForm(request.POST if request.method == "POST" else None, people=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next(p for p in people if p.reference == data["person"])
        done = _run(
            request,
            item,
            form,
            lambda: restrict_processing(
                request.user, item, person=person, ground=data["ground"], notes=data["notes"]
            ),
            _("Processing was restricted; send the restriction confirmation."),
        )
        if done:
            return done
    return _action(
        request,
        item,
        form,
        title=_("Restrict processing"),
        intro=_(
            "While restricted, the person's data is only stored: it is left out of ordinary "
            "roles' lists and searches, marketing and disclosures. Recipients of the data get a "
            "notification task (GDPR Art. 19)."
        ),
        submit=_("Restrict"),
        status=400 if request.method == "POST" else 200,
    )


@require(Capability.REQUESTS_HANDLE)
def request_objection(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an objection: marketing stops at once, other objections are weighed (Art. 21)."""
    item = _request_or_404(reference)
    if item.kind != RequestKind.OBJECTION:
        raise Http404
    if item.is_marketing_objection:
        error = ""
        if request.method == "POST":
            try:
                record_marketing_objection(request.user, item)
            except RequestError as exc:
                error = str(exc)
            else:
                messages.success(
                    request, _("Direct marketing was stopped and the contacts suppressed.")
                )
                return redirect("dsr:request-detail", item.reference)
        return render(
            request,
            "dsr/request_marketing_objection.html",
            {"item": item, "people": confirmed_people(item), "error": error},
            status=400 if error else 200,
        )
    form = ObjectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            request,
            item,
            form,
            lambda: decide_objection(
                request.user, item, decision=data["decision"], reasons=data["reasons"]
            ),
            _("The outcome of the objection was recorded."),
        )
        if done:
            return done
    return _action(
        request,
        item,
        form,
        title=_("Weigh the objection (GDPR Art. 21(1))"),
        intro=_(
            "The processing stops unless we can show compelling legitimate grounds that override "
            "the person's interests, rights and freedoms, or the data is needed for legal claims. "
            "While weighing, you may restrict the processing (GDPR Art. 18(1)(d))."
        ),
        status=400 if request.method == "POST" else 200,
    )


# --- Restrictions ---------------------------------------------------------------------------------


def _restriction_or_404(reference: str) -> Restriction:
    found = (
        Restriction.objects.select_related("person", "request").filter(reference=reference).first()
    )
    if found is None:
        raise Http404
    return found


@require(Capability.REQUESTS_VIEW)
def restriction_list(request: HttpRequest) -> HttpResponse:
    """Active restrictions of processing (GDPR Art. 18), oldest first to review."""
    return render(
        request,
        "dsr/restriction_list.html",
        {
            "restrictions": active_restrictions(),
            "can_handle": has_capability(request.user, Capability.REQUESTS_HANDLE),
        },
    )


@require(Capability.REQUESTS_HANDLE)
def restriction_notice(request: HttpRequest, reference: str) -> HttpResponse:
    """Record that the person was told the restriction will be lifted (GDPR Art. 18(3))."""
    restriction = _restriction_or_404(reference)
    form = LiftNoticeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_lifting_notice(
                request.user, restriction, reason=data["reason"], told_at=data["told_at"]
            )
        except RequestInvalid as exc:
            attach_errors(form, exc)
        except RequestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Recorded that the person was told."))
            return redirect("dsr:restriction-list")
    return render(
        request,
        "dsr/restriction_notice.html",
        {"restriction": restriction, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require(Capability.REQUESTS_HANDLE)
@require_POST
def restriction_lift(request: HttpRequest, reference: str) -> HttpResponse:
    restriction = _restriction_or_404(reference)
    try:
        lift_restriction(request.user, restriction)
    except RequestError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The restriction was lifted."))
    return redirect("dsr:restriction-list")


# --- Letters ------------------------------------------------------------


def _letter_access(request: HttpRequest, item: SubjectRequest, kind: str) -> None:
    """The registrar reads every letter; whoever took the request may print its acknowledgement."""
    if has_capability(request.user, Capability.REQUESTS_VIEW):
        return
    if (
        kind == letter_module.ACKNOWLEDGEMENT
        and has_capability(request.user, Capability.REQUESTS_INTAKE)
        and item.received_by_id == request.user.pk
    ):
        return
    raise Http404


def _letter(
    request: HttpRequest, reference: str, kind: str, language: str
) -> tuple[SubjectRequest, letter_module.Letter]:
    item = _request_or_404(reference)
    _letter_access(request, item, kind)
    try:
        letter = letter_module.build_letter(item, kind, language, _today())
    except letter_module.LetterUnavailable:
        raise Http404 from None
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=item,
            person_ref=item.person.reference if item.person else "",
            reason=f"request.letter_viewed {item.reference} {kind} {language}",
        )
    return item, letter


@require(Capability.REQUESTS_INTAKE)
def letter_page(request: HttpRequest, reference: str, kind: str, language: str) -> HttpResponse:
    item, letter = _letter(request, reference, kind, language)
    return render(
        request,
        "dsr/letter.html",
        {
            "item": item,
            "letter": letter,
            "kind": kind,
            "kind_label": letter_module.kind_label(kind),
            "languages": letter_module.LANGUAGES,
            "can_view": has_capability(request.user, Capability.REQUESTS_VIEW),
        },
    )


@require(Capability.REQUESTS_INTAKE)
def letter_text(request: HttpRequest, reference: str, kind: str, language: str) -> HttpResponse:
    item, letter = _letter(request, reference, kind, language)
    response = HttpResponse(letter.as_text(), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{item.reference}-{kind}-{language}.txt"'
    return response


@require(Capability.REQUESTS_INTAKE)
def letter_pdf(request: HttpRequest, reference: str, kind: str, language: str) -> HttpResponse:
    from weasyprint import HTML

    item, letter = _letter(request, reference, kind, language)
    with translation.override(language):
        html = render_to_string("dsr/letter_pdf.html", {"letter": letter, "item": item})
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{item.reference}-{kind}-{language}.pdf"'
    return response
