"""Helpers shared by the API's operations: looking up people and accounts by reference."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rekisteri.api.errors import ApiError
from rekisteri.registers.webshop.models import WebshopAccount
from rekisteri.subjects.models import Person


def person_by_reference(reference: str, *, hide_restricted: bool = False) -> Person:
    """Return the person, or 404; a restricted person is "not found" when ``hide_restricted``.

    Restricted data may only be stored (GDPR Art. 18(2)); integrations are not
    told it exists, as the staff app tells ordinary roles nothing either.
    """
    person = Person.objects.filter(reference=reference).first()
    if person is None or (hide_restricted and person.is_restricted):
        raise ApiError(404, "person_not_found", _("No person has this reference."))
    return person


def account_by_reference(reference: str) -> WebshopAccount:
    account = WebshopAccount.objects.select_related("person").filter(reference=reference).first()
    if account is None:
        raise ApiError(404, "account_not_found", _("No web-shop account has this reference."))
    return account


def subject_of(account: str | None, person: str | None) -> Person:
    """Return the person named by exactly one of an account or a person reference."""
    if bool(account) == bool(person):
        raise ApiError(
            422,
            "subject_required",
            _("Give either an account or a person reference."),
            fields={"account": [_("Give either an account or a person reference.")]},
        )
    if account:
        return account_by_reference(account).person
    assert person is not None
    return person_by_reference(person)
