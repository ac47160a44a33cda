"""Pages of the disclosure log, the processor register and the Art. 19 tasks.

Views parse, authorise, call a service or query and render; the rules live in
services.py, queries.py and policies.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.disclosures.forms import (
    CompleteNotificationForm,
    DisclosureFilterForm,
    DisclosureForm,
    NotifyRecipientsForm,
    ProcessorForm,
)
from rekisteri.disclosures.models import (
    Disclosure,
    NotificationStatus,
    Processor,
    RecipientNotification,
)
from rekisteri.disclosures.policies import ART_28_CLAUSES, processor_warnings
from rekisteri.disclosures.queries import (
    DisclosureFilters,
    filter_disclosures,
    list_notifications,
    list_processors,
    visible_disclosures,
)
from rekisteri.disclosures.services import (
    PROCESSOR_FIELDS,
    DisclosureError,
    complete_notification,
    create_recipient_notifications,
    record_disclosure,
    register_processor,
    update_processor,
)
from rekisteri.privacy.datamap import declaration_for
from rekisteri.web.screens import screen_for_model

# --- The disclosure log ---------------------------------------------------------------------


@require(Capability.DISCLOSURES_VIEW)
def disclosure_list(request: HttpRequest) -> HttpResponse:
    """The disclosure log with filters; filtering by a person is an audited read."""
    form = DisclosureFilterForm(request.GET or None)
    disclosures = visible_disclosures(request.user)
    filters = DisclosureFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = DisclosureFilters(
            recipient=data.get("recipient"),
            recipient_type=data.get("type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            person_ref=data.get("person") or "",
        )
        disclosures = filter_disclosures(disclosures, filters)
    elif form.is_bound:
        disclosures = disclosures.none()
    page = Paginator(disclosures, 50).get_page(request.GET.get("page"))
    if filters.person_ref:
        with transaction.atomic():
            record_event(
                request.user,
                EventType.RECORD_VIEWED,
                person_ref=filters.person_ref[:16],
                fields=["disclosures"],
                reason="disclosure log",
            )
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "disclosures/disclosure_list.html",
        {
            "form": form,
            "page": page,
            "extra_query": ("&" + urlencode(query)) if query else "",
            "can_record": has_capability(request.user, Capability.DISCLOSURES_RECORD),
        },
    )


@require(Capability.DISCLOSURES_RECORD)
def disclosure_create(request: HttpRequest) -> HttpResponse:
    """Record a disclosure. GET parameters ``person``, ``record_type`` and ``record_ref``
    pre-fill the form, so another page can link here for a record."""
    if request.method == "POST":
        form = DisclosureForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                disclosure = record_disclosure(
                    request.user,
                    person=data["person"],
                    recipient=data["recipient"],
                    basis=data["basis"],
                    categories=data["categories"],
                    disclosed_on=data["disclosed_on"],
                    reference=data["reference"],
                    record=form.record,
                )
            except DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The disclosure was recorded."))
                _warn_if_undeclared(request, disclosure)
                return redirect("disclosures:disclosure-detail", disclosure.reference)
    else:
        initial = {
            key: request.GET[key]
            for key in ("person", "record_type", "record_ref")
            if request.GET.get(key)
        }
        form = DisclosureForm(initial=initial, user=request.user)
    return render(
        request,
        "disclosures/disclosure_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _warn_if_undeclared(request: HttpRequest, disclosure: Disclosure) -> None:
    """Tell staff when the data map does not list this kind of recipient for the record.

    The privacy notice lists recipients from the data map (GDPR Art. 13(1)(e));
    a disclosure it does not mention must reach the registrar.
    """
    if not disclosure.record_model:
        return
    declaration = declaration_for(apps.get_model(disclosure.record_model))
    if declaration is None:
        return
    declared = {t for spec in declaration.personal_fields() for t in spec.recipients}
    if disclosure.recipient.type not in declared:
        messages.warning(
            request,
            _(
                "The data map does not list “%(type)s” as a recipient of this kind of "
                "record, so the privacy notice may not mention it. Tell the registrar."
            )
            % {"type": disclosure.recipient.get_type_display()},
        )


@require(Capability.DISCLOSURES_VIEW)
def disclosure_detail(request: HttpRequest, reference: str) -> HttpResponse:
    disclosure = visible_disclosures(request.user).filter(reference=reference).first()
    if disclosure is None:
        raise Http404
    with transaction.atomic():
        record_event(
            request.user,
            EventType.RECORD_VIEWED,
            target=disclosure,
            person_ref=disclosure.person.reference,
        )
    record_url = ""
    if disclosure.record_model and disclosure.record_ref:
        record_url = _record_url(request, disclosure.record_model, disclosure.record_ref)
    return render(
        request,
        "disclosures/disclosure_detail.html",
        {
            "disclosure": disclosure,
            "record_url": record_url,
            "record_title": _record_title(disclosure.record_model),
            "can_open_person": has_capability(request.user, Capability.PERSON_VIEW),
        },
    )


def _record_title(label: str) -> str:
    if not label:
        return ""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return label


def _record_url(request: HttpRequest, label: str, reference: str) -> str:
    try:
        model = apps.get_model(label)
    except LookupError:
        return ""
    screen = screen_for_model(model)
    if screen is None or not has_capability(request.user, screen.view_capability):
        return ""
    try:
        return reverse(f"web:{screen.slug}-detail", args=[reference])
    except NoReverseMatch:
        return ""


# --- Art. 19 notification tasks ---------------------------------------------------------------


@require(Capability.DISCLOSURES_VIEW)
def notification_list(request: HttpRequest) -> HttpResponse:
    """Open Art. 19 tasks first; ``?status=`` shows the done ones too."""
    status = request.GET.get("status", NotificationStatus.OPEN)
    if status not in (*NotificationStatus.values, "all"):
        status = NotificationStatus.OPEN
    tasks = list_notifications("" if status == "all" else status)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosures/notification_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [*NotificationStatus.choices, ("all", _("All"))],
            "extra_query": "&" + urlencode({"status": status}),
            "can_handle": has_capability(request.user, Capability.RECIPIENTS_EDIT),
        },
    )


@require(Capability.DISCLOSURES_VIEW)
def notification_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One task; holders of ``recipients.edit`` close it here."""
    task = (
        RecipientNotification.objects.select_related("person", "recipient", "disclosure", "done_by")
        .filter(reference=reference)
        .first()
    )
    if task is None:
        raise Http404
    can_handle = has_capability(request.user, Capability.RECIPIENTS_EDIT)
    form = None
    if task.is_open and can_handle:
        form = CompleteNotificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied
        if form is None:
            messages.info(request, _("This task is already done."))
            return redirect("disclosures:notification-detail", task.reference)
        if form.is_valid():
            try:
                complete_notification(
                    request.user,
                    task,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
            except DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The task is done."))
                return redirect("disclosures:notification-list")
    return render(
        request,
        "disclosures/notification_detail.html",
        {"task": task, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require(Capability.RECIPIENTS_EDIT)
def notification_create(request: HttpRequest) -> HttpResponse:
    """Create the Art. 19 tasks for a person by hand (the request workflow does it itself)."""
    if request.method == "POST":
        form = NotifyRecipientsForm(request.POST)
        if form.is_valid():
            try:
                tasks = create_recipient_notifications(
                    request.user,
                    form.cleaned_data["person"],
                    change=form.cleaned_data["change"],
                    request_ref=form.cleaned_data["request_ref"],
                )
            except DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                if tasks:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d recipient is to be notified.",
                            "%(count)d recipients are to be notified.",
                            len(tasks),
                        )
                        % {"count": len(tasks)},
                    )
                else:
                    messages.info(
                        request,
                        _("No disclosures of this person's data are logged: nobody to notify."),
                    )
                return redirect("disclosures:notification-list")
    else:
        initial = {"person": request.GET["person"]} if request.GET.get("person") else {}
        form = NotifyRecipientsForm(initial=initial)
    return render(
        request,
        "disclosures/notification_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- The processor register ---------------------------------------------------------------


@require(Capability.RECIPIENTS_EDIT)
def processor_list(request: HttpRequest) -> HttpResponse:
    """Every processor with its warnings (GDPR Art. 28); retired ones last."""
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    processors = list_processors(active_only=not show_all)
    rows = [(p, processor_warnings(p, today)) for p in processors]
    rows.sort(key=lambda row: (not row[0].is_active, row[0].name.casefold()))
    return render(
        request,
        "disclosures/processor_list.html",
        {
            "rows": rows,
            "show_all": show_all,
            "attention": sum(1 for _p, w in rows if w),
        },
    )


def _get_processor(reference: str) -> Processor:
    processor = Processor.objects.filter(reference=reference).first()
    if processor is None:
        raise Http404
    return processor


@require(Capability.RECIPIENTS_EDIT)
def processor_detail(request: HttpRequest, reference: str) -> HttpResponse:
    processor = _get_processor(reference)
    clauses = [
        (
            letter,
            getattr(Processor._meta.get_field(name), "verbose_name", name),
            getattr(processor, name),
        )
        for letter, name in ART_28_CLAUSES
    ]
    return render(
        request,
        "disclosures/processor_detail.html",
        {
            "processor": processor,
            "warnings": processor_warnings(processor, timezone.localdate()),
            "clauses": clauses,
        },
    )


@require(Capability.RECIPIENTS_EDIT)
def processor_create(request: HttpRequest) -> HttpResponse:
    return _processor_form(request, None)


@require(Capability.RECIPIENTS_EDIT)
def processor_edit(request: HttpRequest, reference: str) -> HttpResponse:
    return _processor_form(request, _get_processor(reference))


def _processor_form(request: HttpRequest, processor: Processor | None) -> HttpResponse:
    if request.method == "POST":
        form = ProcessorForm(request.POST, instance=processor)
        if form.is_valid():
            values: dict[str, Any] = {name: form.cleaned_data[name] for name in PROCESSOR_FIELDS}
            try:
                if processor is None:
                    saved = register_processor(request.user, **values)
                else:
                    # The form wrote onto its instance; compare with the stored row.
                    stored = Processor.objects.get(pk=processor.pk)
                    saved = update_processor(request.user, stored, changes=values)
            except DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The processor register was saved."))
                return redirect("disclosures:processor-detail", saved.reference)
    else:
        form = ProcessorForm(instance=processor)
    return render(
        request,
        "disclosures/processor_form.html",
        {"form": form, "processor": processor},
        status=400 if form.errors else 200,
    )
