"""Read helpers for the disclosure log, the recipient and processor registers and
the Art. 19 notification tasks.

Other features call these and keep their names:

- the access-request letter (GDPR Art. 15(1)(c)) calls :func:`disclosures_for_person`
  and :func:`recipients_for_person`;
- the privacy notices and the record of processing activities (Art. 13(1)(e)–(f),
  30(1)(d)–(e)) call :func:`list_recipients` and :func:`list_processors`.

:func:`visible_disclosures` is the object-level check of the staff pages: a
member of staff sees a disclosure only if their role may see the register record
and every category it concerns (GDPR Art. 25(2), 32(4)).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Q, QuerySet

from rekisteri.accounts.roles import Capability, capabilities_of, has_capability
from rekisteri.disclosures.models import (
    Disclosure,
    NotificationStatus,
    Processor,
    Recipient,
    RecipientNotification,
)
from rekisteri.disclosures.policies import is_third_country, processor_warnings
from rekisteri.privacy.datamap import ModelDeclaration, declarations
from rekisteri.privacy.vocabulary import Category
from rekisteri.subjects.models import Person
from rekisteri.web.screens import screen_for_model

# --- For the access letter and the notices --------------------------------------------


@dataclass(frozen=True)
class DisclosedRecipient:
    """One recipient a person's data was actually disclosed to (GDPR Art. 15(1)(c), 19)."""

    recipient: Recipient
    #: The categories disclosed, in the vocabulary's order.
    categories: tuple[Category, ...]
    #: Every date the data went to this recipient, oldest first.
    dates: tuple[dt.date, ...]

    @property
    def first_disclosed_on(self) -> dt.date:
        return self.dates[0]

    @property
    def last_disclosed_on(self) -> dt.date:
        return self.dates[-1]

    @property
    def is_third_country(self) -> bool:
        """Whether the recipient is outside the EU/EEA (Art. 15(1)(c) names these especially)."""
        return is_third_country(self.recipient.country)


def disclosures_for_person(person: Person) -> QuerySet[Disclosure]:
    """Return every disclosure of ``person``'s data, newest first (GDPR Art. 15(1)(c))."""
    return Disclosure.objects.filter(person=person).select_related("recipient")


def recipients_for_person(person: Person) -> list[DisclosedRecipient]:
    """Return the distinct recipients ``person``'s data was disclosed to, with categories and dates.

    This is the list the person is entitled to on request (GDPR Art. 19, last
    sentence; Art. 15(1)(c)) and the list the Art. 19 notifications go to.
    Ordered by the recipient's name.
    """
    categories: dict[int, set[str]] = defaultdict(set)
    dates: dict[int, set[dt.date]] = defaultdict(set)
    recipients: dict[int, Recipient] = {}
    for disclosure in disclosures_for_person(person):
        recipients[disclosure.recipient_id] = disclosure.recipient
        categories[disclosure.recipient_id].update(disclosure.categories)
        dates[disclosure.recipient_id].add(disclosure.disclosed_on)
    return [
        DisclosedRecipient(
            recipient=recipient,
            categories=tuple(Category(c) for c in Category.values if c in categories[pk]),
            dates=tuple(sorted(dates[pk])),
        )
        for pk, recipient in sorted(recipients.items(), key=lambda item: item[1].name.casefold())
    ]


def list_recipients(active_only: bool = True) -> QuerySet[Recipient]:
    """Return the recipient register, ordered by type and name (GDPR Art. 13(1)(e), 30(1)(d)).

    Example entries that were never completed are included and carry
    ``is_example=True``; a notice may show their type without their name.
    """
    recipients = Recipient.objects.all()
    if active_only:
        recipients = recipients.filter(is_active=True)
    return recipients.order_by("type", "name", "id")


def list_processors(active_only: bool = True) -> QuerySet[Processor]:
    """Return the processor register, ordered by service and name (GDPR Art. 28, 30(1)(d)–(e)).

    ``country``, ``location`` and ``transfer_mechanism`` give the transfers and
    their safeguards (Art. 13(1)(f), 30(1)(e)); ``is_example`` marks entries
    still to be completed.
    """
    processors = Processor.objects.all()
    if active_only:
        processors = processors.filter(is_active=True)
    return processors.order_by("service", "name", "id")


# --- For the staff pages -------------------------------------------------------------------


@cache
def _category_capabilities() -> dict[str, frozenset[Capability]]:
    """Map each category to the capabilities that show records holding it.

    A register record is shown by its screen; the data subject itself (name)
    by the person card. Categories held nowhere on a page are not in the map.
    """
    found: dict[str, set[Capability]] = defaultdict(set)
    for declaration in declarations():
        screen = screen_for_model(declaration.model)
        if screen is not None:
            capability = screen.view_capability
        elif declaration.subject == "self":
            capability = Capability.PERSON_VIEW
        else:
            continue
        for spec in declaration.personal_fields():
            found[spec.category.value].add(capability)
    return {category: frozenset(caps) for category, caps in found.items()}


def hidden_categories(user: Any) -> set[str]:
    """Return the categories ``user`` may not see in any register (e.g. health data for a clerk)."""
    held = capabilities_of(user)
    return {category for category, caps in _category_capabilities().items() if not (caps & held)}


def hidden_record_models(user: Any) -> set[str]:
    """Return the labels of declared models whose screens ``user`` may not open."""
    held = capabilities_of(user)
    hidden = set()
    for declaration in declarations():
        screen = screen_for_model(declaration.model)
        if screen is not None and screen.view_capability not in held:
            hidden.add(declaration.label)
    return hidden


def visible_disclosures(user: Any) -> QuerySet[Disclosure]:
    """Return the disclosures ``user`` may see, newest first.

    Holders of ``disclosures.view`` see the log except entries about a record
    or a category their role may not see in the registers, and entries about
    a person whose processing is restricted (GDPR Art. 18) unless they read
    the audit log, as on the person card.
    """
    queryset = Disclosure.objects.select_related("recipient", "person")
    if not has_capability(user, Capability.DISCLOSURES_VIEW):
        return queryset.none()
    hidden_models = hidden_record_models(user)
    if hidden_models:
        queryset = queryset.exclude(record_model__in=hidden_models)
    hidden = Q()
    for category in sorted(hidden_categories(user)):
        # The JSON list's text holds each value in quotes: '"health"' cannot match
        # inside another value.
        hidden |= Q(categories__icontains=f'"{category}"')
    if hidden:
        queryset = queryset.exclude(hidden)
    if not has_capability(user, Capability.AUDIT_VIEW):
        queryset = queryset.exclude(person__is_restricted=True)
    return queryset.order_by("-disclosed_on", "-id")


def categories_user_may_disclose(user: Any) -> list[Category]:
    """Return the categories ``user`` may record a disclosure of: those they may see."""
    hidden = hidden_categories(user)
    return [category for category in Category if category.value not in hidden]


def record_declarations(user: Any) -> list[ModelDeclaration]:
    """Return the declared register models a disclosure may concern that ``user`` may open."""
    hidden = hidden_record_models(user)
    return [
        declaration
        for declaration in declarations()
        if declaration.subject not in (None, "self")
        and declaration.register != "disclosures"
        and declaration.label not in hidden
        and screen_for_model(declaration.model) is not None
    ]


@dataclass(frozen=True)
class DisclosureFilters:
    recipient: Recipient | None = None
    recipient_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    person_ref: str = ""


def filter_disclosures(
    queryset: QuerySet[Disclosure], filters: DisclosureFilters
) -> QuerySet[Disclosure]:
    """Apply the disclosure-log filters: recipient, its type, date range, person reference."""
    if filters.recipient is not None:
        queryset = queryset.filter(recipient=filters.recipient)
    if filters.recipient_type:
        queryset = queryset.filter(recipient__type=filters.recipient_type)
    if filters.date_from is not None:
        queryset = queryset.filter(disclosed_on__gte=filters.date_from)
    if filters.date_to is not None:
        queryset = queryset.filter(disclosed_on__lte=filters.date_to)
    if filters.person_ref:
        queryset = queryset.filter(person__reference=filters.person_ref)
    return queryset


def list_notifications(status: str = NotificationStatus.OPEN) -> QuerySet[RecipientNotification]:
    """Return the Art. 19 tasks with ``status`` ("" for all), oldest open task first."""
    tasks = RecipientNotification.objects.select_related("person", "recipient", "done_by")
    if status:
        tasks = tasks.filter(status=status)
    if status == NotificationStatus.OPEN:
        return tasks.order_by("created_at", "id")
    return tasks.order_by("-created_at", "-id")


def processors_needing_attention(today: dt.date) -> list[Processor]:
    """Return the processors in use that raise a warning on ``today`` (see processor_warnings)."""
    return [p for p in list_processors() if processor_warnings(p, today)]
