"""Which people and records an erasure request covers, from the request register.

The registrar confirms in the request register (``rekisteri.dsr``) the people
who are the requester — duplicates of one human included, homonyms left out —
and any record confirmed on its own. An erasure request erases all of it: one
plan per confirmed person, the records confirmed one by one going with the
first plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rekisteri.dsr.models import ConfirmedRecord, RequestKind, SubjectRequest
from rekisteri.dsr.queries import RequestNotFound, confirmed_people, get_request
from rekisteri.subjects.models import Person

__all__ = ["RequestNotFound", "RequestScope", "request_scope"]


@dataclass
class RequestScope:
    request: SubjectRequest
    people: list[Person] = field(default_factory=list)
    #: ``[model label, id]`` of records confirmed on their own, of no confirmed person.
    extra_records: list[list[str]] = field(default_factory=list)

    @property
    def is_erasure(self) -> bool:
        return self.request.kind == RequestKind.ERASURE

    @property
    def is_empty(self) -> bool:
        return not self.people and not self.extra_records

    def extra_for(self, index: int) -> list[list[str]]:
        """The records confirmed one by one go with the first plan only."""
        return self.extra_records if index == 0 else []


def request_scope(reference: str) -> RequestScope:
    """Return the request's confirmed people and records (``RequestNotFound`` if unknown)."""
    request = get_request(reference)
    people = confirmed_people(request)
    ids = {p.pk for p in people}
    extra = [
        [row.model_label, row.object_id]
        for row in ConfirmedRecord.objects.filter(request=request).order_by("id")
        if row.person_id is None or row.person_id not in ids
    ]
    return RequestScope(request=request, people=people, extra_records=extra)
