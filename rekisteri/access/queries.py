"""Read helpers: gather what an access letter and a portability bundle hold.

:func:`assemble_access_data` reads one person's records (or those of several
``Person`` rows the registrar confirmed as the same human) in every declared
model, through the data-map declarations only: ``declaration.subject_filter``
gives an indexed lookup per model, so the cost grows with the person's own
records, never with the size of the registers. The result is a plain
:class:`AccessData` of strings in the letter's language, with everything the
letter (GDPR Art. 15(1)–(4)) and the bundle (Art. 20) need; it is rendered by
:mod:`rekisteri.access.render` and never stored.

Other apps are read through their public helpers: the disclosure log
(``disclosures.queries``), the retention rules in force (``retention.queries``)
and the controller's details and health-data handlers (``notices.queries``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from rekisteri.access.formatting import (
    column_type,
    field_title,
    is_empty,
    json_value,
    letter_text,
    model_field,
    retention_text,
    secret_text,
)
from rekisteri.access.policies import (
    Clock,
    Redacted,
    is_portable,
    is_special,
    record_retention,
    redact_text,
)
from rekisteri.access.report import (
    AccessData,
    BundleColumn,
    BundleFile,
    CategoryItem,
    DisclosureItem,
    JSONValue,
    ProcessorItem,
    RecipientItem,
    RecordItem,
    RegisterGroup,
    RetentionItem,
    SpecialRecord,
    TransferItem,
    ValueItem,
)
from rekisteri.access.requests import resolve_request
from rekisteri.disclosures.models import ProcessorService, RecipientRole, TransferMechanism
from rekisteri.disclosures.policies import is_third_country
from rekisteri.disclosures.queries import (
    DisclosedRecipient,
    disclosures_for_person,
    list_processors,
    recipients_for_person,
)
from rekisteri.notices import texts
from rekisteri.notices.documents import ControllerContact, period_from_trigger, register_label
from rekisteri.notices.queries import get_controller_settings, health_data_handlers
from rekisteri.privacy.datamap import FieldSpec, ModelDeclaration, declaration_for, declarations
from rekisteri.privacy.index import digest
from rekisteri.privacy.models import IndexEntry
from rekisteri.privacy.retention import RetentionRule, Status
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    IdentifierKind,
    Purpose,
    RecipientType,
    Sensitivity,
    Source,
)
from rekisteri.retention.queries import current_rules, financial_year_start
from rekisteri.subjects.models import Person

#: The register of the data subjects themselves comes first in a letter.
FIRST_REGISTER = "subjects"


# --- Own identifiers ----------------------------------------------------------------------


def own_identifier_digests(person_ids: Iterable[int]) -> frozenset[tuple[str, str]]:
    """Return (kind, keyed hash) of every identifier in the people's structured fields.

    Entries found inside free text are left out on purpose: a note on the
    person's service job that mentions someone else's e-mail is indexed under
    the person too, and must not make that e-mail count as theirs.
    """
    rows = IndexEntry.objects.filter(person_id__in=list(person_ids), in_text=False).values_list(
        "kind", "digest"
    )
    return frozenset((str(kind), str(hashed)) for kind, hashed in rows)


class _OwnCheck:
    """Whether an identifier found in free text is one of the subject's own."""

    def __init__(self, own: frozenset[tuple[str, str]]) -> None:
        self.own = own

    def __call__(self, kind: IdentifierKind, value: str) -> bool:
        return (kind.value, digest(kind, value)) in self.own


# --- Reading the records ------------------------------------------------------------------


def _relation_path(model: type[models.Model], path: str) -> bool:
    """Return whether every part of ``path`` is a forward relation (usable in select_related)."""
    current = model
    for part in path.split("__"):
        try:
            model_field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not (model_field.many_to_one or model_field.one_to_one) or not model_field.concrete:
            return False
        related = model_field.related_model
        if not isinstance(related, type):
            return False
        current = related
    return True


def related_paths(declaration: ModelDeclaration) -> list[str]:
    """Return the relations to join when reading a model's records (no N+1).

    The parent on the subject path (an order line's order), relations holding
    personal values (shown by their name), and the relations the retention
    clocks start from (``customer__last_activity_on``).
    """
    model = declaration.model
    wanted: set[str] = set()
    if declaration.subject not in (None, "self"):
        parts = str(declaration.subject).split("__")
        if len(parts) > 1:
            wanted.add("__".join(parts[:-1]))
    for spec in declaration.personal_fields():
        wanted.add(spec.name)
        related = getattr(model_field(model, spec.name), "related_model", None)
        target = declaration_for(related) if isinstance(related, type) else None
        if target is not None and target.subject not in (None, "self"):
            # A related record is shown by its name, which is usually its person's.
            wanted.add(f"{spec.name}__{target.subject}")
        for path in spec.retention_from:
            parts = path.split("__")
            if len(parts) > 1:
                wanted.add("__".join(parts[:-1]))
    return sorted(path for path in wanted if _relation_path(model, path))


def is_special_declaration(declaration: ModelDeclaration) -> bool:
    """Return whether a model holds health data (see :func:`policies.is_special`)."""
    return any(is_special(spec) for spec in declaration.personal_fields())


def subject_declarations() -> list[ModelDeclaration]:
    """Return the declarations of models whose records are about a person, letter order."""
    found = [d for d in declarations() if d.subject is not None]
    return sorted(found, key=lambda d: (d.register != FIRST_REGISTER, d.register))


def records_about(declaration: ModelDeclaration, person_ids: Sequence[int]) -> Any:
    """Return the queryset of a model's records about any of ``person_ids``.

    One query per model: the declaration's ``subject_filter`` (an indexed
    foreign key, or the primary key for the person itself) OR-ed over the
    people, with the relations the letter reads joined in.
    """
    condition = reduce(or_, (Q(**declaration.subject_filter(pid)) for pid in person_ids))
    return (
        declaration.model._default_manager.filter(condition)
        .select_related(*related_paths(declaration))
        .order_by("pk")
    )


# --- Assembling --------------------------------------------------------------------------


@dataclass
class _CategoryFacts:
    purposes: set[str] = field(default_factory=set)
    bases: set[str] = field(default_factory=set)
    interests: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    registers: list[str] = field(default_factory=list)
    special: bool = False

    def add(self, spec: FieldSpec, register: str) -> None:
        self.purposes.update(p.value for p in spec.purposes)
        self.bases.add(spec.basis.value)
        if spec.basis is Basis.LEGITIMATE_INTEREST:
            self.interests.update(p.value for p in spec.purposes)
        self.sources.add(spec.source.value)
        self.rules.add(spec.retention)
        if register not in self.registers:
            self.registers.append(register)
        self.special = self.special or is_special(spec)


def _ordered(codes: Iterable[str], choices: Iterable[str]) -> list[str]:
    wanted = set(codes)
    return [c for c in choices if c in wanted]


def _register_title(register: str) -> str:
    try:
        return str(apps.get_app_config(register).verbose_name)
    except LookupError:
        return register


def _parent(instance: models.Model, declaration: ModelDeclaration) -> tuple[str, str, str]:
    """Return (parent model label, title, reference) of a record's parent on the subject path."""
    if declaration.subject in (None, "self"):
        return "", "", ""
    parts = str(declaration.subject).split("__")
    if len(parts) < 2:
        return "", "", ""
    parent = getattr(instance, parts[0], None)
    if not isinstance(parent, models.Model):
        return "", "", ""
    parent_declaration = declaration_for(parent)
    reference = parent_declaration.reference_of(parent) if parent_declaration else str(parent.pk)
    return parent._meta.label, str(parent._meta.verbose_name), reference


def _recipient_item(disclosed: DisclosedRecipient) -> RecipientItem:
    recipient = disclosed.recipient
    kind = (
        str(RecipientType(recipient.type).label)
        if recipient.type in RecipientType.values
        else recipient.type
    )
    role = (
        str(RecipientRole(recipient.role).label)
        if recipient.role in RecipientRole.values
        else recipient.role
    )
    return RecipientItem(
        # An example entry not yet completed is named by its kind only, as in the notices.
        name=kind if recipient.is_example else recipient.name,
        kind=kind,
        role=role,
        country=recipient.country,
        third_country=disclosed.is_third_country,
        categories=tuple(str(c.label) for c in disclosed.categories),
        category_codes=tuple(c.value for c in disclosed.categories),
        dates=disclosed.dates,
    )


def _merge_recipients(people: Sequence[Person]) -> list[RecipientItem]:
    """Return the recipients of all the people's data, one entry per recipient."""
    merged: dict[int, DisclosedRecipient] = {}
    for person in people:
        for disclosed in recipients_for_person(person):
            pk = disclosed.recipient.pk
            if pk in merged:
                before = merged[pk]
                codes = {c.value for c in before.categories} | {
                    c.value for c in disclosed.categories
                }
                disclosed = DisclosedRecipient(
                    recipient=before.recipient,
                    categories=tuple(Category(c) for c in Category.values if c in codes),
                    dates=tuple(sorted(set(before.dates) | set(disclosed.dates))),
                )
            merged[pk] = disclosed
    items = [_recipient_item(d) for d in merged.values()]
    return sorted(items, key=lambda r: r.name.casefold())


def _disclosure_items(people: Sequence[Person]) -> list[DisclosureItem]:
    items: list[DisclosureItem] = []
    for person in people:
        for disclosure in disclosures_for_person(person):
            recipient = disclosure.recipient
            name = (
                str(RecipientType(recipient.type).label)
                if recipient.is_example and recipient.type in RecipientType.values
                else recipient.name
            )
            items.append(
                DisclosureItem(
                    disclosed_on=disclosure.disclosed_on,
                    recipient=name,
                    categories=tuple(disclosure.category_labels),
                    basis=(
                        str(Basis(disclosure.basis).label)
                        if disclosure.basis in Basis.values
                        else disclosure.basis
                    ),
                    reference=disclosure.external_reference,
                )
            )
    return sorted(items, key=lambda d: (d.disclosed_on, d.recipient))


def _processor_items(categories: set[str]) -> tuple[list[ProcessorItem], list[TransferItem]]:
    """Return the processors handling any of ``categories``, and the transfers among them.

    A processor whose categories are not recorded yet is listed too: it cannot
    be ruled out.
    """
    processors: list[ProcessorItem] = []
    transfers: list[TransferItem] = []
    for processor in list_processors():
        held = set(processor.data_categories)
        if held and not held & categories:
            continue
        service = (
            str(ProcessorService(processor.service).label)
            if processor.service in ProcessorService.values
            else processor.service
        )
        mechanism = processor.transfer_mechanism
        abroad = is_third_country(processor.country) or mechanism not in ("", "none")
        safeguard = (
            str(TransferMechanism(mechanism).label)
            if mechanism in TransferMechanism.values and mechanism != TransferMechanism.NONE
            else (str(texts.SAFEGUARD_MISSING) if abroad else "")
        )
        name = service if processor.is_example else processor.name
        country = ", ".join(filter(None, [processor.country, processor.location]))
        processors.append(ProcessorItem(name, service, country, abroad, safeguard))
        if abroad:
            transfers.append(TransferItem(name, country, safeguard))
    return processors, transfers


def assemble_access_data(
    *,
    people: Sequence[Person],
    language: str,
    today: dt.date,
    request_ref: str = "",
    include_special: bool = False,
    records: Sequence[tuple[str, str]] = (),
) -> AccessData:
    """Return everything the access letter and the portability bundle hold.

    Reads every record about ``people`` in every declared model (GDPR Art.
    15(1): confirmation and a copy), plus ``records`` — (model label, id) pairs
    the registrar confirmed one by one, such as a guest order linked to no
    person — with, per category of data, the purposes and lawful bases (a),
    (b), the recipients the data was actually disclosed to according to the
    disclosure log (c), the retention rules in force (d), and the source where
    it was not the person (g). Secret fields are never put in the result
    (stored, not shown); other people's identifiers in free text are replaced
    (Art. 15(4)); health records are left out unless ``include_special`` (the
    reader is a named health-data handler, YksTL 759/2004 5 §). No audit event
    is written here: the services do that.
    """
    if not people:
        raise ValueError("an access report needs at least one person")
    with translation.override(language):
        assembler = _Assembler(
            people=tuple(people),
            language=language,
            today=today,
            request_ref=request_ref,
            include_special=include_special,
            records=records,
        )
        return assembler.run()


class _Assembler:
    """Collects one letter's records; the state of :func:`assemble_access_data`."""

    def __init__(
        self,
        *,
        people: tuple[Person, ...],
        language: str,
        today: dt.date,
        request_ref: str,
        include_special: bool,
        records: Sequence[tuple[str, str]],
    ) -> None:
        self.people = people
        self.person_ids = [p.pk for p in people]
        self.references = {p.pk: p.reference for p in people}
        self.include_special = include_special
        self.extra = [(label, str(object_id)) for label, object_id in records]
        own = own_identifier_digests(self.person_ids) | _record_digests(self.extra)
        self.is_own = _OwnCheck(own)
        self.rules = current_rules()
        self.fy_start = financial_year_start()
        self.placeholder = _("[redacted]")
        self.groups: dict[str, RegisterGroup] = {}
        self.bundle: dict[str, BundleFile] = {}
        self.facts: dict[str, _CategoryFacts] = defaultdict(_CategoryFacts)
        self.special_registers: set[str] = set()
        self.seen: set[tuple[str, str]] = set()
        self.data = AccessData(
            language=language,
            today=today,
            people=people,
            controller=ControllerContact.from_settings(get_controller_settings()),
            request_ref=request_ref,
            request=resolve_request(request_ref),
        )

    def run(self) -> AccessData:
        data = self.data
        for declaration in subject_declarations():
            if is_special_declaration(declaration) and not self.include_special:
                self.special_registers.add(declaration.register)
                continue
            for instance in records_about(declaration, self.person_ids):
                self.add(declaration, instance)
        for declaration, instance in self._extra_records():
            self.add(declaration, instance)
        data.registers = list(self.groups.values())
        data.bundle = list(self.bundle.values())
        data.health_withheld = bool(self.special_registers & set(self.groups))
        if data.health_withheld:
            data.health_handlers = tuple(health_data_handlers())
        data.recipients = _merge_recipients(self.people)
        data.disclosures = _disclosure_items(self.people)
        processors, transfers = _processor_items(set(self.facts))
        data.processors = processors
        data.transfers = [
            TransferItem(r.name, r.country, "") for r in data.recipients if r.third_country
        ] + transfers
        data.categories = _category_items(self.facts, data.recipients, self.rules)
        return data

    def _extra_records(self) -> list[tuple[ModelDeclaration, models.Model]]:
        """Return the records confirmed one by one that the people's records do not cover."""
        found: list[tuple[ModelDeclaration, models.Model]] = []
        for label, object_id in self.extra:
            if (label, object_id) in self.seen:
                continue
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError):
                continue
            declaration = declaration_for(model)
            if declaration is None or declaration.subject is None:
                continue
            if is_special_declaration(declaration) and not self.include_special:
                self.special_registers.add(declaration.register)
                continue
            instance = (
                model._default_manager.filter(pk=object_id)
                .select_related(*related_paths(declaration))
                .first()
            )
            if instance is not None:
                found.append((declaration, instance))
        return found

    def add(self, declaration: ModelDeclaration, instance: models.Model) -> None:
        """Add one record to its register group, the categories and the bundle."""
        key = (declaration.label, str(instance.pk))
        if key in self.seen:
            return
        self.seen.add(key)
        data = self.data
        model = declaration.model
        if declaration.label not in data.models_read:
            data.models_read.append(declaration.label)
        parent_model, parent_title, parent_reference = _parent(instance, declaration)
        person_id = declaration.subject_id(instance)
        item = RecordItem(
            model_label=declaration.label,
            title=str(capfirst(str(model._meta.verbose_name))),
            reference=declaration.reference_of(instance) if declaration.reference != "pk" else "",
            person_reference=self.references.get(person_id or 0, ""),
            parent_title=parent_title,
            parent_reference=parent_reference,
        )
        redacted_values: dict[str, str] = {}
        clocks: dict[tuple[str, tuple[str, ...]], Clock] = {}
        for spec in declaration.personal_fields():
            value = getattr(instance, spec.name, None)
            if is_empty(value):
                continue
            rule = self.rules[spec.retention]
            clocks.setdefault(
                (spec.retention, spec.retention_from),
                Clock(rule, declaration.retention_event_on(instance, spec)),
            )
            self.facts[spec.category.value].add(spec, declaration.register)
            label = field_title(model, spec.name)
            if spec.sensitivity is Sensitivity.SECRET:
                # Never read into the result: only that it is stored, and for how long.
                data.secrets += 1
                text = secret_text(model, spec, rule)
                item.values.append(
                    ValueItem(spec.name, label, text, spec.category.value, withheld=True)
                )
                continue
            if spec.free_text:
                result = redact_text(str(value), self.is_own, self.placeholder)
                redacted_values[spec.name] = result.text
            else:
                result = Redacted(letter_text(instance, spec, value), 0)
            data.redaction_count += result.count
            item.values.append(
                ValueItem(spec.name, label, result.text, spec.category.value, redacted=result.count)
            )
        item.retention = record_retention(clocks.values(), self.fy_start)
        item.retention_text = retention_text(item.retention)
        group = self.groups.get(declaration.register)
        if group is None:
            group = self.groups[declaration.register] = RegisterGroup(
                declaration.register,
                _register_title(declaration.register),
                register_label(declaration.register),
            )
        group.records.append(item)
        if is_special_declaration(declaration):
            data.special_records.append(
                SpecialRecord(
                    declaration.label, declaration.reference_of(instance), item.person_reference
                )
            )
        portable = [s for s in declaration.personal_fields() if is_portable(s)]
        if portable:
            row = _bundle_row(instance, declaration, portable, redacted_values, parent_reference)
            if row is not None:
                bundle_file = self.bundle.get(declaration.label)
                if bundle_file is None:
                    bundle_file = self.bundle[declaration.label] = _bundle_file(
                        declaration, portable, parent_model
                    )
                bundle_file.rows.append(row)


def _record_digests(records: Sequence[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """Return the structured identifiers of records confirmed one by one (see above)."""
    found: set[tuple[str, str]] = set()
    for label, object_id in records:
        rows = IndexEntry.objects.filter(
            model=label, object_id=object_id, in_text=False
        ).values_list("kind", "digest")
        found.update((str(kind), str(hashed)) for kind, hashed in rows)
    return frozenset(found)


def _bundle_row(
    instance: models.Model,
    declaration: ModelDeclaration,
    portable: list[FieldSpec],
    redacted: dict[str, str],
    parent_reference: str,
) -> dict[str, JSONValue] | None:
    """Return a record's portable values, or ``None`` when it has none filled in."""
    values: dict[str, JSONValue] = {}
    for spec in portable:
        value = getattr(instance, spec.name, None)
        if spec.free_text and not is_empty(value):
            values[spec.name] = redacted.get(spec.name, "")
        else:
            values[spec.name] = None if is_empty(value) else json_value(value)
    if all(v is None for v in values.values()):
        return None
    row: dict[str, JSONValue] = {"record_reference": declaration.reference_of(instance)}
    if parent_reference:
        row["parent_reference"] = parent_reference
    row.update(values)
    return row


def _bundle_file(
    declaration: ModelDeclaration, portable: list[FieldSpec], parent_model: str
) -> BundleFile:
    model = declaration.model
    columns = []
    for spec in portable:
        found = model_field(model, spec.name)
        choices = {str(k): str(v) for k, v in (getattr(found, "choices", None) or [])}
        columns.append(
            BundleColumn(
                name=spec.name,
                label=field_title(model, spec.name),
                category=spec.category.value,
                category_label=str(spec.category.label),
                basis=spec.basis.value,
                type=column_type(model, spec.name),
                choices=choices,
            )
        )
    return BundleFile(
        register=declaration.register,
        model_label=declaration.label,
        model_name=model._meta.model_name or model.__name__.lower(),
        title=str(capfirst(str(model._meta.verbose_name_plural))),
        parent_model=parent_model,
        columns=columns,
    )


def _category_items(
    facts: dict[str, _CategoryFacts],
    recipients: list[RecipientItem],
    rules: dict[str, RetentionRule],
) -> list[CategoryItem]:
    items: list[CategoryItem] = []
    for code in _ordered(facts, Category.values):
        fact = facts[code]
        category = Category(code)
        interests = [
            str(texts.LEGITIMATE_INTERESTS[Purpose(p)])
            for p in _ordered(fact.interests, Purpose.values)
            if Purpose(p) in texts.LEGITIMATE_INTERESTS
        ]
        retention = []
        for rule_code in sorted(fact.rules, key=lambda c: list(rules).index(c)):
            rule = rules[rule_code]
            retention.append(
                RetentionItem(
                    code=rule.code,
                    title=str(rule.title),
                    period=period_from_trigger(rule),
                    statute=rule.statute,
                    basis=rule.basis,
                    proposal=rule.status is Status.PROPOSAL,
                )
            )
        items.append(
            CategoryItem(
                code=code,
                label=str(category.label),
                purposes=[str(Purpose(p).label) for p in _ordered(fact.purposes, Purpose.values)],
                bases=[str(Basis(b).label) for b in _ordered(fact.bases, Basis.values)],
                legitimate_interests=interests,
                recipients=[r for r in recipients if code in r.category_codes],
                retention=retention,
                sources=[
                    str(Source(s).label)
                    for s in _ordered(fact.sources, Source.values)
                    if s != Source.SUBJECT
                ],
                from_subject=Source.SUBJECT.value in fact.sources,
                registers=[_register_title(r) for r in fact.registers],
                special=fact.special,
            )
        )
    return items


def find_people_by_reference(references: Sequence[str]) -> tuple[list[Person], list[str]]:
    """Return the people with ``references`` in the given order, and the references not found."""
    found = Person.objects.in_bulk(list(references), field_name="reference")
    people = [found[r] for r in references if r in found]
    missing = [r for r in references if r not in found]
    return people, missing
