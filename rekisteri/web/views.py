"""Views of the staff app: dashboard, search, person card and the generic register pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import phonenumbers
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import mfa_gate, require
from rekisteri.accounts.roles import Capability, can_see_restricted, has_capability
from rekisteri.audit.models import EventType
from rekisteri.audit.records import person_ref_of, save_form
from rekisteri.audit.services import record_event
from rekisteri.privacy.datamap import FieldSpec, declaration_for, declarations, field_spec
from rekisteri.privacy.index import PersonMatch, find_people
from rekisteri.privacy.retention import TRIGGER_LABELS
from rekisteri.privacy.vocabulary import IdentifierKind
from rekisteri.subjects.models import Person
from rekisteri.web.forms import SearchForm
from rekisteri.web.screens import (
    Screen,
    dashboard_panels,
    get_screen,
    screen_for_model,
    screens,
)


@dataclass
class ValueRow:
    """One field of a record as the staff app shows it, with its data-map entry."""

    name: str
    label: str
    value: str
    masked: bool
    spec: FieldSpec | None
    revealable: bool = False

    @property
    def rule(self) -> Any:
        return self.spec.rule if self.spec else None

    @property
    def trigger_label(self) -> str:
        return str(TRIGGER_LABELS[self.spec.rule.trigger]) if self.spec else ""


@dataclass
class RecordView:
    screen: Screen | None
    instance: models.Model
    reference: str
    title: str
    rows: list[ValueRow] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """A one-line hint for a collapsed record: its first few non-empty values."""
        values = [r.value for r in self.rows if r.value and not r.masked and r.name != "reference"]
        return " · ".join(values[:3])[:120]

    @property
    def url(self) -> str:
        if self.screen is None:
            return ""
        return reverse(f"web:{self.screen.slug}-detail", args=[self.reference])


def field_label(model: type[models.Model] | models.Model, name: str) -> str:
    """Return a field's verbose name (or, for a property, its name) with a capital letter."""
    try:
        label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _display(instance: models.Model, name: str) -> object:
    """Return what to show for a column: a field's display value, or a property's value."""
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        value = getattr(instance, name)
        return value() if callable(value) else value
    if getattr(model_field, "choices", None):
        return getattr(instance, f"get_{name}_display")()
    if isinstance(model_field, models.ForeignKey):
        return getattr(instance, name)
    return getattr(instance, name)


def format_value(value: object, spec: FieldSpec | None = None) -> str:
    """Return a value as staff read it: local time, Finnish dates and numbers, phones spaced."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(local, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    text = str(value)
    if spec is not None and spec.identifier is IdentifierKind.PHONE and text.startswith("+"):
        try:
            number = phonenumbers.parse(text)
        except phonenumbers.NumberParseException:
            return text
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return text


def record_rows(screen: Screen | None, instance: models.Model, user: Any) -> list[ValueRow]:
    """Return the value rows of a record, masked for ``user`` as the screen says."""
    declaration = declaration_for(instance)
    names = screen.display_fields() if screen else [f.name for f in instance._meta.concrete_fields]
    rows: list[ValueRow] = []
    for name in names:
        declared = declaration.fields.get(name) if declaration else None
        spec = declared if isinstance(declared, FieldSpec) else None
        value = _display(instance, name)
        if screen is not None:
            text, masked = screen.masked_value(user, name, value)
            revealable = (
                masked and name in screen.reveal and has_capability(user, screen.reveal[name])
            )
        else:
            text, masked, revealable = str(value or ""), False, False
        if not masked:
            text = format_value(value, spec)
        rows.append(
            ValueRow(
                name=name,
                label=field_label(instance, name),
                value=text,
                masked=masked,
                spec=spec,
                revealable=revealable,
            )
        )
    return rows


# --- Dashboard and search ----------------------------------------------------------


@require()
@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    counts = []
    for screen in screens():
        if screen.list_in_menu and has_capability(request.user, screen.view_capability):
            counts.append((screen, screen.visible(request.user).count()))
    panels = [
        (panel.template, panel.context(request))
        for panel in dashboard_panels()
        if has_capability(request.user, panel.capability)
    ]
    return render(
        request,
        "web/dashboard.html",
        {"counts": counts, "search_form": SearchForm(), "panels": panels},
    )


@require(Capability.SEARCH)
def search(request: HttpRequest) -> HttpResponse:
    """Find people by identifier. POST keeps e-mails and identity codes out of URLs
    and access logs (ASVS 14.2.1)."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    results: list[tuple[Person | None, PersonMatch, list[RecordView]]] = []
    searched = False
    if request.method == "POST" and form.is_valid():
        searched = True
        data = form.cleaned_data
        matches = find_people(
            emails=[data["email"]] if data["email"] else [],
            phones=[data["phone"]] if data["phone"] else [],
            names=[data["name"]] if data["name"] else [],
            hetus=[data["hetu"]] if data["hetu"] else [],
            ips=[data["ip"]] if data["ip"] else [],
        )
        people = Person.objects.in_bulk([m.person_id for m in matches if m.person_id])
        for match in matches:
            person = people.get(match.person_id) if match.person_id else None
            if person is not None and person.is_restricted and not can_see_restricted(request.user):
                continue
            results.append((person, match, []))
        with transaction.atomic():
            record_event(
                request.user,
                EventType.SEARCH_PERFORMED,
                fields=[k for k, v in data.items() if v],
                # Audit reasons are language-neutral: the log is read in either language.
                reason=f"{len(results)} matches",
            )
    return render(
        request, "web/search.html", {"form": form, "results": results, "searched": searched}
    )


# --- Person card ---------------------------------------------------------------------


@dataclass
class RegisterSection:
    register: str
    title: str
    records: list[RecordView]


def person_sections(person: Person, user: Any) -> list[RegisterSection]:
    """Collect every record about ``person`` the user may see, grouped by register."""
    sections: dict[str, RegisterSection] = {}
    for declaration in declarations():
        if declaration.subject in (None, "self"):
            continue
        screen = screen_for_model(declaration.model)
        if screen is None:
            continue
        queryset = screen.visible(user).filter(**declaration.subject_filter(person.pk))
        for instance in queryset[:200]:
            reference = declaration.reference_of(instance)
            section = sections.setdefault(
                declaration.register,
                RegisterSection(
                    declaration.register,
                    str(declaration.model._meta.app_config.verbose_name),
                    [],
                ),
            )
            section.records.append(
                RecordView(
                    screen=screen,
                    instance=instance,
                    reference=reference,
                    title=f"{declaration.model._meta.verbose_name} {reference}",
                    rows=record_rows(screen, instance, user),
                )
            )
    return list(sections.values())


@require(Capability.PERSON_VIEW)
def person_detail(request: HttpRequest, reference: str) -> HttpResponse:
    person = Person.objects.filter(reference=reference).first()
    if person is None:
        raise Http404
    if person.is_restricted and not can_see_restricted(request.user):
        raise Http404
    sections = person_sections(person, request.user)
    with transaction.atomic():
        record_event(
            request.user,
            EventType.PERSON_VIEWED,
            target=person,
            person_ref=person.reference,
            fields=sorted({r.register for r in sections}),
        )
    return render(
        request,
        "web/person_detail.html",
        {
            "person": person,
            "person_rows": _person_rows(person),
            "sections": sections,
        },
    )


def _person_rows(person: Person) -> list[ValueRow]:
    declaration = declaration_for(Person)
    rows = []
    for name in ("first_name", "last_name"):
        spec = declaration.fields[name] if declaration else None
        rows.append(
            ValueRow(
                name,
                field_label(Person, name),
                getattr(person, name),
                False,
                spec if isinstance(spec, FieldSpec) else None,
            )
        )
    return rows


# --- Generic register pages ------------------------------------------------------------


def _screen_or_404(slug: str) -> Screen:
    try:
        return get_screen(slug)
    except KeyError:
        raise Http404 from None


def _get_visible(screen: Screen, user: Any, reference: str) -> models.Model:
    """Object-level check: a record outside the user's queryset is a 404, not a 403.

    A reference that cannot even be a value of the lookup field (text where the
    lookup is a numeric id) is a 404 too, never a server error.
    """
    try:
        instance: models.Model | None = (
            screen.visible(user).filter(**{screen.lookup: reference}).first()
        )
    except (ValueError, ValidationError):
        raise Http404 from None
    if instance is None:
        raise Http404
    return instance


def record_list(request: HttpRequest, slug: str) -> HttpResponse:
    screen = _screen_or_404(slug)
    return require(screen.view_capability)(_record_list)(request, screen)


def _record_list(request: HttpRequest, screen: Screen) -> HttpResponse:
    queryset = screen.visible(request.user)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    columns = list(screen.columns) or screen.display_fields()[:5]
    headers = [
        str(screen.column_labels[c]).capitalize()
        if c in screen.column_labels
        else field_label(screen.model, c)
        for c in columns
    ]
    rows = []
    for instance in page.object_list:
        cells = [_cell(screen, request.user, instance, c) for c in columns]
        rows.append(
            (
                getattr(instance, screen.lookup),
                cells,
                bool(getattr(instance, "subject_is_restricted", False)),
            )
        )
    return render(
        request,
        "web/record_list.html",
        {
            "screen": screen,
            "page": page,
            "headers": headers,
            "rows": rows,
            "can_create": screen.creatable
            and screen.form_class is not None
            and screen.can_edit(request.user),
        },
    )


def _cell(screen: Screen, user: Any, instance: models.Model, column: str) -> str:
    value = _display(instance, column)
    text, masked = screen.masked_value(user, column, value)
    return text if masked else format_value(value, field_spec(screen.model, column))


def _person_of(instance: models.Model) -> Person | None:
    declaration = declaration_for(instance)
    if declaration is None or declaration.subject in (None, "self"):
        return None
    person_id = declaration.subject_id(instance)
    return Person.objects.filter(pk=person_id).first() if person_id else None


def record_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    screen = _screen_or_404(slug)
    return require(screen.view_capability)(_record_detail)(request, screen, reference)


def _record_detail(request: HttpRequest, screen: Screen, reference: str) -> HttpResponse:
    instance = _get_visible(screen, request.user, reference)
    person = _person_of(instance)
    with transaction.atomic():
        record_event(
            request.user,
            screen.view_event,
            target=instance,
            target_ref=reference,
            person_ref=person_ref_of(instance),
        )
    actions = [
        (label, reverse(url_name, args=[reference]))
        for label, url_name, cap in screen.actions
        if has_capability(request.user, cap)
    ]
    return render(
        request,
        "web/record_detail.html",
        {
            "screen": screen,
            "instance": instance,
            "reference": reference,
            "person": person,
            "rows": record_rows(screen, instance, request.user),
            "can_edit": screen.editable
            and screen.form_class is not None
            and screen.can_edit(request.user),
            "actions": actions,
        },
    )


def record_create(request: HttpRequest, slug: str) -> HttpResponse:
    screen = _screen_or_404(slug)
    if screen.edit_capability is None or screen.form_class is None or not screen.creatable:
        raise Http404
    return require(screen.edit_capability)(_record_form)(request, screen, None)


def record_edit(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    screen = _screen_or_404(slug)
    if screen.edit_capability is None or screen.form_class is None or not screen.editable:
        raise Http404
    return require(screen.edit_capability)(_record_form)(request, screen, reference)


def _record_form(request: HttpRequest, screen: Screen, reference: str | None) -> HttpResponse:
    assert screen.form_class is not None
    instance = _get_visible(screen, request.user, reference) if reference else None
    form_kwargs: dict[str, Any] = {"instance": instance}
    if "user" in screen.form_class.__init__.__code__.co_varnames:
        form_kwargs["user"] = request.user
    if request.method == "POST":
        form = screen.form_class(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            saved = (
                screen.save(request.user, form) if screen.save else save_form(request.user, form)
            )
            return redirect(f"web:{screen.slug}-detail", getattr(saved, screen.lookup))
    else:
        form = screen.form_class(**form_kwargs)
    return render(
        request,
        "web/record_form.html",
        {"screen": screen, "form": form, "instance": instance, "reference": reference},
    )


@require_POST
def record_reveal(request: HttpRequest, slug: str, reference: str, field_name: str) -> HttpResponse:
    """Reveal one secret field of one record, audited (e.g. a device password)."""
    screen = _screen_or_404(slug)
    capability = screen.reveal.get(field_name)
    if capability is None:
        raise Http404
    if not request.user.is_authenticated:
        raise PermissionDenied
    gate = mfa_gate(request)
    if gate is not None:
        return gate
    if not has_capability(request.user, capability) or not has_capability(
        request.user, screen.view_capability
    ):
        raise PermissionDenied
    instance = _get_visible(screen, request.user, reference)
    with transaction.atomic():
        record_event(
            request.user,
            EventType.SECRET_REVEALED,
            target=instance,
            target_ref=reference,
            person_ref=person_ref_of(instance),
            fields=[field_name],
        )
    value = getattr(instance, field_name) or ""
    response = render(request, "web/_revealed.html", {"value": value})
    response["Cache-Control"] = "no-store"
    return response
