"""Pages for API keys (list, issue, revoke) and the Swagger UI files of the docs page."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import ninja
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.api.forms import KeyForm
from rekisteri.api.models import ApiClient
from rekisteri.api.scopes import Scope
from rekisteri.api.services import ApiKeyError, issue_api_key, revoke_api_key

#: The Swagger UI files ninja ships, served from its package (no CDN, no copy in our tree).
_ASSETS_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
_ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"})


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """Serve one whitelisted Swagger UI file (public: it is the same for everyone)."""
    if name not in _ASSETS:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((_ASSETS_DIR / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _scope_labels(client: ApiClient) -> list[tuple[str, str]]:
    labels = dict(Scope.choices)
    return [(scope, str(labels.get(scope, scope))) for scope in client.scopes]


@require(Capability.API_KEYS_MANAGE)
def key_list(request: HttpRequest) -> HttpResponse:
    clients = ApiClient.objects.select_related("created_by").order_by(
        "revoked_at", "name", "-created_at"
    )
    return render(
        request,
        "api/key_list.html",
        {"rows": [(client, _scope_labels(client)) for client in clients]},
    )


@require(Capability.API_KEYS_MANAGE)
@require_http_methods(["GET", "POST"])
def key_create(request: HttpRequest) -> HttpResponse:
    form = KeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = issue_api_key(
                request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
            )
        except ApiKeyError as exc:
            form.add_error(None, str(exc))
        else:
            # Rendered, not redirected: the key must never be kept in a session or a URL.
            return render(
                request,
                "api/key_issued.html",
                {
                    "client": issued.client,
                    "token": issued.token,
                    "scopes": _scope_labels(issued.client),
                },
            )
    return render(request, "api/key_form.html", {"form": form})


@require(Capability.API_KEYS_MANAGE)
@require_http_methods(["GET", "POST"])
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient, pk=pk)
    if request.method == "POST":
        try:
            revoke_api_key(request.user, client)
        except ApiKeyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The key of %(name)s is revoked.") % {"name": client.name})
        return redirect("api:key-list")
    return render(
        request, "api/key_revoke.html", {"client": client, "scopes": _scope_labels(client)}
    )
