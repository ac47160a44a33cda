from __future__ import annotations

from django.http import HttpRequest

from rekisteri.accounts.roles import capabilities_of


def capabilities(request: HttpRequest) -> dict[str, object]:
    """Expose the user's capabilities to templates as ``caps`` (a set of strings)."""
    return {"caps": {c.value for c in capabilities_of(request.user)}}
