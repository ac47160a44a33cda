"""Links from a request to the pages of the access and erasure apps.

The access app answers access and portability requests (the letter and the
bundle); the erasure app plans and executes erasure. Their pages are named
``access:request-letter`` and ``erasure:plan-for-request`` and take the request
reference. The link is left out when the page does not exist (an installation
without the app, or before it is built).
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from rekisteri.dsr.models import RequestKind, SubjectRequest

ACCESS_URL_NAME = "access:request-letter"
ERASURE_URL_NAME = "erasure:plan-for-request"


def _reverse(name: str, reference: str) -> str | None:
    try:
        return reverse(name, args=[reference])
    except NoReverseMatch:
        return None


def access_url(request: SubjectRequest) -> str | None:
    """The access app's page for an access or portability request, if it exists."""
    if request.kind not in (RequestKind.ACCESS, RequestKind.PORTABILITY):
        return None
    return _reverse(ACCESS_URL_NAME, request.reference)


def erasure_url(request: SubjectRequest) -> str | None:
    """The erasure app's plan for an erasure request, if it exists."""
    if request.kind != RequestKind.ERASURE:
        return None
    return _reverse(ERASURE_URL_NAME, request.reference)
