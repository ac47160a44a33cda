"""How an access letter learns about the request it answers.

The request register (``rekisteri.dsr``) knows a request's reference, when it
was received, how the requester's identity was checked, and which people and
records the registrar confirmed as the requester's. :func:`resolve_request`
turns a request reference into a :class:`RequestInfo` for the letter (GDPR
Art. 12(6), 15) and for the page ``access:request-letter``.

It reads the request register through its public read helpers
(``get_request``, ``confirmed_people``, ``confirmed_records``), imported only
when a request is resolved: the request register imports this app to build
its letters, never the other way round at import time. Another source of
requests (a test, a future API) can add its own function with
:func:`register_request_resolver`; registered functions are asked first::

    def resolve(reference: str) -> RequestInfo | None:
        ...  # None when the reference is not one of yours

    register_request_resolver(resolve)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise

from rekisteri.subjects.models import Person


@dataclass(frozen=True)
class RequestInfo:
    """What a letter says about the request it answers.

    ``identity_check`` and ``channel`` are lazy translated labels (or plain
    text), so the letter prints them in its own language; ``language`` is the
    requester's preferred language ("fi" or "en"), or "" if unknown.
    ``people`` may be empty while the registrar has confirmed no one yet.
    """

    reference: str
    received_on: dt.date
    people: tuple[Person, ...]
    identity_check: str | Promise = ""
    channel: str | Promise = ""
    language: str = ""
    #: Records confirmed one by one (model label, id), e.g. a guest order linked to no person.
    records: tuple[tuple[str, str], ...] = ()


RequestResolver = Callable[[str], RequestInfo | None]

_resolvers: list[RequestResolver] = []


def register_request_resolver(resolver: RequestResolver) -> RequestResolver:
    """Register the function that turns a request reference into a :class:`RequestInfo`.

    Registering the same function twice has no effect (apps may be readied twice
    in tests); the latest registered function is asked first.
    """
    if resolver not in _resolvers:
        _resolvers.insert(0, resolver)
    return resolver


def unregister_request_resolver(resolver: RequestResolver) -> None:
    """Remove a resolver (for tests)."""
    if resolver in _resolvers:
        _resolvers.remove(resolver)


def resolve_request(reference: str) -> RequestInfo | None:
    """Return what is known about the request ``reference``, or ``None``."""
    if not reference:
        return None
    for resolver in [*_resolvers, from_request_register]:
        info = resolver(reference)
        if info is not None:
            return info
    return None


def from_request_register(reference: str) -> RequestInfo | None:
    """Return the request ``reference`` of the request register, or ``None``.

    The people are those the registrar confirmed (duplicates of one human
    included); the records are those confirmed one by one that belong to none
    of them. The identity check named is the latest one that verified the
    requester (GDPR Art. 12(6)).
    """
    if not apps.is_installed("rekisteri.dsr"):
        return None
    from rekisteri.dsr import queries as requests

    try:
        request = requests.get_request(reference)
    except requests.RequestNotFound:
        return None
    people = tuple(requests.confirmed_people(request))
    ids = {p.pk for p in people}
    records = tuple(
        (ref.model_label, ref.object_id)
        for ref in requests.confirmed_records(request)
        if ref.person_id is None or ref.person_id not in ids
    )
    check = (
        request.identity_checks.filter(outcome="verified").order_by("-checked_at", "-id").first()
    )
    return RequestInfo(
        reference=request.reference,
        received_on=request.received_on,
        people=people,
        identity_check=check.get_method_display() if check is not None else "",
        channel=request.get_channel_display(),
        language=request.language,
        records=records,
    )
