"""Pages of the public request form; no login, Finnish by default, English available.

The pages extend ``intake/base.html``, a public layout without the staff menu.
Every answer after a submission is the same page whatever the address given
(no enumeration); over a rate limit the person gets a polite 429 page that does
not say which limit was hit.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.dsr.models import ReplyLanguage
from rekisteri.intake import policies
from rekisteri.intake.forms import RequestForm
from rekisteri.intake.queries import pending_for
from rekisteri.intake.services import (
    WEB_FORM,
    LinkExpired,
    LinkInvalid,
    LinkPayload,
    LinkUsed,
    MessageNotSent,
    confirm_submission,
    read_link_token,
    submit_request,
)
from rekisteri.intake.texts import KINDS, SCOPES, kind_title
from rekisteri.notices.queries import get_controller_settings
from rekisteri.throttle.services import Decision, Limit, client_address, hit


def _use_language(request: HttpRequest, code: str | None) -> None:
    """Show this response in ``code`` (when it is one of ours), whatever the cookie says."""
    if code in ReplyLanguage.values:
        translation.activate(code)
        request.LANGUAGE_CODE = code


#: The language switch: each language in its own name, as language menus show them.
PAGE_LANGUAGES = [("fi", "Suomeksi"), ("en", "In English")]


def _page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a public page with what every page shows: the shop and the language switch."""
    full = {
        "shop": get_controller_settings(),
        "page_languages": PAGE_LANGUAGES,
        "hours": int(policies.LINK_LIFETIME.total_seconds() // 3600),
        **(context or {}),
    }
    return render(request, template, full, status=status)


def _limited(request: HttpRequest, decision: Decision) -> HttpResponse:
    response = _page(request, "intake/limited.html", status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def _over(limit: Limit, identity: str) -> Decision | None:
    decision = hit(limit, identity)
    return None if decision.allowed else decision


def _form_page(request: HttpRequest, form: RequestForm) -> HttpResponse:
    kinds = [
        {"value": value, "title": title, "help": help_text}
        for value, (title, help_text) in KINDS.items()
    ]
    scopes = [{"value": value, "title": title} for value, title in SCOPES.items()]
    return _page(
        request,
        "intake/form.html",
        {
            "form": form,
            "kind_options": kinds,
            "scope_options": scopes,
            "scope_hint": _("Only if you chose to object above."),
        },
    )


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    """The form (GET) and its submission (POST; answered with the same "sent" page)."""
    if request.method != "POST":
        _use_language(request, request.GET.get("lang"))
        return _form_page(request, RequestForm())
    _use_language(request, request.POST.get("language"))
    decision = _over(policies.POSTS_PER_ADDRESS, client_address(request))
    if decision is not None:
        return _limited(request, decision)
    form = RequestForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form)
    sent = HttpResponseRedirect(
        f"{reverse('intake:sent')}?lang={form.cleaned_data['language']}", status=303
    )
    if form.is_robot:
        return sent
    decision = _over(policies.SUBMISSIONS_PER_ADDRESS, client_address(request))
    if decision is not None:
        return _limited(request, decision)
    data = form.submission()
    if _over(policies.MESSAGES_PER_EMAIL, data.requester_email) is not None:
        # Silently: a 429 here would tell a stranger that this address was used today.
        return sent
    try:
        submit_request(
            WEB_FORM,
            data,
            link_for=lambda token: request.build_absolute_uri(
                reverse("intake:confirm", args=[token])
            ),
        )
    except MessageNotSent:
        return _page(request, "intake/not_sent.html", status=503)
    return sent


@require_GET
def request_sent(request: HttpRequest) -> HttpResponse:
    """The "check your e-mail" page: the same for every submission."""
    _use_language(request, request.GET.get("lang"))
    return _page(request, "intake/sent.html")


def _link_problem(request: HttpRequest, *, expired: bool) -> HttpResponse:
    return _page(
        request,
        "intake/link_problem.html",
        {"expired": expired},
        status=410 if expired else 400,
    )


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the e-mail: GET shows what will be sent, POST sends it to the registrar.

    Confirming takes a button press, not the mere opening of the link: mail
    filters that open links to scan them must not confirm anything, and a GET
    changes nothing (OWASP ASVS 5.0 3.5.3).
    """
    try:
        link: LinkPayload = read_link_token(token)
    except LinkExpired as exc:
        _use_language(request, request.GET.get("lang") or exc.language)
        return _link_problem(request, expired=True)
    except LinkInvalid:
        _use_language(request, request.GET.get("lang"))
        return _link_problem(request, expired=False)
    _use_language(request, request.GET.get("lang") or link.language)
    if request.method == "POST":
        try:
            confirmed = confirm_submission(WEB_FORM, link)
        except LinkUsed:
            return _page(request, "intake/used.html")
        except LinkExpired:
            return _link_problem(request, expired=True)
        return _page(
            request,
            "intake/confirmed.html",
            {"confirmed": confirmed, "kind": kind_title(confirmed.kind)},
        )
    pending = pending_for(link)
    if pending is None:
        return _page(request, "intake/used.html")
    if policies.link_expired(pending.submitted_at, timezone.now()):
        return _link_problem(request, expired=True)
    return _page(
        request,
        "intake/confirm.html",
        {
            "pending": pending,
            "kind": kind_title(pending.kind),
            "scope": SCOPES.get(pending.objection_scope, ""),
            "expires_at": policies.link_expires_at(pending.submitted_at),
        },
    )
