"""The data map as a staff page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.privacy.datamap import declarations
from rekisteri.privacy.retention import RULES, TRIGGER_LABELS


@require(Capability.DATAMAP_VIEW)
def datamap(request: HttpRequest) -> HttpResponse:
    rules = [(rule, TRIGGER_LABELS[rule.trigger]) for rule in RULES.values()]
    return render(request, "privacy/datamap.html", {"declarations": declarations(), "rules": rules})
