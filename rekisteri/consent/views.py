"""Pages of consent and marketing: a person's consents, recent consent events,
recording a consent, consent texts and the marketing export."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.consent.forms import (
    ConsentTextForm,
    GrantConsentForm,
    MarketingBasisForm,
    MarketingExportForm,
    OptOutForm,
    PersonLookupForm,
    RecordConsentForm,
    SuppressForm,
    WithdrawForm,
)
from rekisteri.consent.models import ConsentRecord, ConsentText
from rekisteri.consent.policies import Verdict
from rekisteri.consent.queries import (
    current_consent_texts,
    person_by_reference,
    person_consents,
    recent_consent_events,
)
from rekisteri.consent.services import (
    ConsentError,
    export_marketing_list,
    grant_consent,
    opt_out_of_marketing,
    publish_consent_text,
    set_marketing_basis,
    suppress_person_contacts,
    withdraw_consent,
)
from rekisteri.subjects.models import Person

VERDICT_LABELS = {
    Verdict.ALLOWED: (gettext_lazy("Marketing allowed"), "badge-ok"),
    Verdict.RESTRICTED: (gettext_lazy("Processing restricted"), "badge-restricted"),
    Verdict.OPTED_OUT: (gettext_lazy("Opted out"), "badge-warn"),
    Verdict.NO_BASIS: (gettext_lazy("No basis"), ""),
    Verdict.CONSENT_MISSING: (gettext_lazy("Consent withdrawn or missing"), "badge-warn"),
    Verdict.CUSTOMER_RELATIONSHIP_ENDED: (
        gettext_lazy("No purchase within the period"),
        "badge-warn",
    ),
}

EVENT_LABELS = {
    "granted": gettext_lazy("Consent given"),
    "withdrawn": gettext_lazy("Consent withdrawn"),
    "opted_out": gettext_lazy("Opted out"),
}


def _can_see_restricted(request: HttpRequest) -> bool:
    """Restricted people are hidden from roles that cannot read the audit log, as on the
    person card (GDPR Art. 18(2))."""
    return has_capability(request.user, Capability.AUDIT_VIEW)


def _person_or_404(request: HttpRequest, reference: str) -> Person:
    person = person_by_reference(reference)
    if person is None or (person.is_restricted and not _can_see_restricted(request)):
        raise Http404
    return person


def _person_page(
    request: HttpRequest,
    person: Person,
    *,
    status: int = 200,
    **bound: forms.Form,
) -> HttpResponse:
    today = timezone.localdate()
    overview = person_consents(person, today=today)
    can_edit = has_capability(request.user, Capability.CONSENT_EDIT)
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=person,
            person_ref=person.reference,
            fields=["consents", "marketing_preferences", "suppression"],
        )
    channels = [
        (status_row, *VERDICT_LABELS[status_row.verdict]) for status_row in overview.channels
    ]
    context: dict[str, Any] = {
        "person": person,
        "overview": overview,
        "channels": channels,
        "can_edit": can_edit,
        "can_open_card": has_capability(request.user, Capability.PERSON_VIEW),
        "has_texts": bool(current_consent_texts()),
    }
    if can_edit:
        context.update(
            grant_form=bound.get("grant_form") or GrantConsentForm(),
            basis_form=bound.get("basis_form") or MarketingBasisForm(today=today),
            opt_out_form=bound.get("opt_out_form") or OptOutForm(),
            suppress_form=bound.get("suppress_form") or SuppressForm(),
            withdraw_form=WithdrawForm(),
        )
    return render(request, "consent/person_consents.html", context, status=status)


@require(Capability.CONSENT_VIEW)
def person_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A person's marketing channels, consents and suppression status."""
    return _person_page(request, _person_or_404(request, reference))


@require(Capability.CONSENT_EDIT)
@require_POST
def consent_grant(request: HttpRequest, reference: str) -> HttpResponse:
    person = _person_or_404(request, reference)
    form = GrantConsentForm(request.POST)
    if form.is_valid():
        try:
            grant_consent(
                request.user,
                person,
                form.cleaned_data["text"],
                channel=form.cleaned_data["channel"],
                evidence=form.cleaned_data["evidence"],
            )
        except ConsentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("consent:person-detail", person.reference)
    return _person_page(request, person, status=400, grant_form=form)


@require(Capability.CONSENT_EDIT)
@require_POST
def consent_withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    """Withdraw a consent with one click from the person's consent list (GDPR Art. 7(3))."""
    consent = (
        ConsentRecord.objects.select_related("person", "text").filter(reference=reference).first()
    )
    if consent is None:
        raise Http404
    person = _person_or_404(request, consent.person.reference)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            withdraw_consent(request.user, consent, channel=form.cleaned_data["channel"])
        except ConsentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The consent was withdrawn."))
        return redirect("consent:person-detail", person.reference)
    messages.error(request, _("Choose how the person asked."))
    return redirect("consent:person-detail", person.reference)


@require(Capability.CONSENT_EDIT)
@require_POST
def basis_set(request: HttpRequest, reference: str) -> HttpResponse:
    person = _person_or_404(request, reference)
    form = MarketingBasisForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        data = form.cleaned_data
        try:
            set_marketing_basis(
                request.user,
                person,
                channel=data["channel"],
                basis=data["basis"],
                since=data["since"],
                product_groups=data["product_groups"],
                language=data["language"],
                opt_out_offered=data["opt_out_offered"],
            )
        except ConsentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The marketing basis was recorded."))
            return redirect("consent:person-detail", person.reference)
    return _person_page(request, person, status=400, basis_form=form)


@require(Capability.CONSENT_EDIT)
@require_POST
def opt_out(request: HttpRequest, reference: str) -> HttpResponse:
    person = _person_or_404(request, reference)
    form = OptOutForm(request.POST)
    if form.is_valid():
        try:
            opt_out_of_marketing(
                request.user, person, channels=form.channels(), via=form.cleaned_data["via"]
            )
        except ConsentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The opt-out was recorded."))
            return redirect("consent:person-detail", person.reference)
    return _person_page(request, person, status=400, opt_out_form=form)


@require(Capability.CONSENT_EDIT)
@require_POST
def suppress(request: HttpRequest, reference: str) -> HttpResponse:
    """Put the person's contacts on the suppression list (GDPR Art. 21(3))."""
    person = _person_or_404(request, reference)
    form = SuppressForm(request.POST)
    if form.is_valid():
        try:
            result = suppress_person_contacts(
                request.user,
                person,
                reason=form.cleaned_data["reason"],
                request_ref=form.cleaned_data["request_ref"],
            )
        except ConsentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "%(added)d contact was added to the suppression list "
                    "(%(already)d were there already).",
                    "%(added)d contacts were added to the suppression list "
                    "(%(already)d were there already).",
                    result.added,
                )
                % {"added": result.added, "already": result.already},
            )
            return redirect("consent:person-detail", person.reference)
    return _person_page(request, person, status=400, suppress_form=form)


@require(Capability.CONSENT_VIEW)
def consent_list(request: HttpRequest) -> HttpResponse:
    """Recent consents, withdrawals and opt-outs, with a lookup by person reference."""
    form = PersonLookupForm(request.GET if "person" in request.GET else None)
    if form.is_bound and form.is_valid():
        person = person_by_reference(form.cleaned_data["person"])
        if person is not None and (not person.is_restricted or _can_see_restricted(request)):
            return redirect("consent:person-detail", person.reference)
        form.add_error("person", _("No person has this reference."))
    events = [
        (event, EVENT_LABELS[event.kind])
        for event in recent_consent_events(include_restricted=_can_see_restricted(request))
    ]
    return render(request, "consent/consent_list.html", {"form": form, "events": events})


@require(Capability.CONSENT_EDIT)
def consent_record(request: HttpRequest) -> HttpResponse:
    """Record a consent given in the shop (or by phone, e-mail or letter) for any person."""
    can_see = _can_see_restricted(request)
    if request.method == "POST":
        form = RecordConsentForm(request.POST, can_see_restricted=can_see)
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                grant_consent(
                    request.user,
                    person,
                    form.cleaned_data["text"],
                    channel=form.cleaned_data["channel"],
                    evidence=form.cleaned_data["evidence"],
                )
            except ConsentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The consent was recorded."))
                return redirect("consent:person-detail", person.reference)
    else:
        form = RecordConsentForm(
            initial={"person": request.GET.get("person", "")[:16]}, can_see_restricted=can_see
        )
    return render(
        request,
        "consent/consent_record.html",
        {"form": form, "has_texts": bool(current_consent_texts())},
        status=400 if form.errors else 200,
    )


@require(Capability.CONSENT_VIEW)
def text_list(request: HttpRequest) -> HttpResponse:
    """Every version of every consent text, newest first; the current ones marked."""
    current = {t.pk for t in current_consent_texts()}
    texts = ConsentText.objects.select_related("published_by").order_by(
        "purpose", "language", "-version"
    )
    return render(
        request,
        "consent/text_list.html",
        {
            "texts": [(t, t.pk in current) for t in texts],
            "can_edit": has_capability(request.user, Capability.CONSENT_EDIT),
        },
    )


@require(Capability.CONSENT_EDIT)
def text_create(request: HttpRequest) -> HttpResponse:
    """Publish a new version of a consent text; published versions never change."""
    if request.method == "POST":
        form = ConsentTextForm(request.POST)
        if form.is_valid():
            try:
                text = publish_consent_text(
                    request.user,
                    purpose=form.cleaned_data["purpose"],
                    language=form.cleaned_data["language"],
                    text=form.cleaned_data["text"],
                )
            except ConsentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Version %(version)d was published.") % {"version": text.version}
                )
                return redirect("consent:text-list")
    else:
        form = ConsentTextForm()
    return render(
        request, "consent/text_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require(Capability.MARKETING_EXPORT)
def marketing_export(request: HttpRequest) -> HttpResponse:
    """Download the marketing list as CSV for the e-mail or text-message processor."""
    if request.method == "POST":
        form = MarketingExportForm(request.POST)
        if form.is_valid():
            channel = form.cleaned_data["channel"]
            today = timezone.localdate()
            buffer = io.StringIO()
            export_marketing_list(request.user, channel=channel, today=today, out=buffer)
            response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="marketing-{channel}-{today.isoformat()}.csv"'
            )
            return response
    else:
        form = MarketingExportForm()
    return render(
        request,
        "consent/marketing_export.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
