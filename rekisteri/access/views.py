"""Staff pages of access reports: choose a person, read the letter, download it and the bundle.

Every page needs ``requests.handle`` (the registrar). Showing a letter and each
download read the person's records and are audited by the services; responses
are never cached (``require`` marks them ``no-store``) and downloads are
attachments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from rekisteri.access import texts
from rekisteri.access.forms import LANGUAGE_CHOICES, AccessReportForm
from rekisteri.access.policies import parse_person_references, safe_filename_part
from rekisteri.access.queries import find_people_by_reference
from rekisteri.access.render import letter_context
from rekisteri.access.requests import RequestInfo, resolve_request
from rekisteri.access.services import (
    LANGUAGES,
    AccessNotAllowed,
    AccessReportError,
    download_access_letter,
    download_portability_bundle,
    show_access_letter,
)
from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.subjects.models import Person


@require(Capability.REQUESTS_HANDLE)
def access_index(request: HttpRequest) -> HttpResponse:
    """Choose whose access letter to make, and in which language."""
    if request.method == "POST":
        form = AccessReportForm(request.POST)
        if form.is_valid():
            people: list[Person] = form.cleaned_data["people"]
            query = _query(form.cleaned_data["language"], people[1:])
            url = reverse("access:person-letter", args=[people[0].reference])
            return redirect(f"{url}?{query}")
    else:
        form = AccessReportForm(initial={"language": translation.get_language() or "fi"})
    return render(request, "access/index.html", {"form": form}, status=400 if form.errors else 200)


def _query(language: str, also: Sequence[Person]) -> str:
    return urlencode([("lang", language), *(("also", p.reference) for p in also)])


def _language(request: HttpRequest, default: str = "") -> str:
    language = request.GET.get("lang") or default or translation.get_language() or "fi"
    if language not in LANGUAGES:
        raise Http404("unknown language")
    return language


def _people(reference: str, request: HttpRequest) -> list[Person]:
    """Return the person ``reference`` and the ``also`` duplicates, or 404."""
    try:
        references = parse_person_references(" ".join([reference, *request.GET.getlist("also")]))
    except ValueError:
        raise Http404("not a person reference") from None
    people, missing = find_people_by_reference(references)
    if missing or not people:
        raise Http404("unknown person")
    return people


def _request_info(reference: str) -> RequestInfo:
    info = resolve_request(reference)
    if info is None:
        raise Http404("unknown request")
    return info


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _letter_page(
    request: HttpRequest,
    *,
    people: list[Person],
    language: str,
    request_ref: str,
    records: Sequence[tuple[str, str]],
    urls: dict[str, str],
) -> HttpResponse:
    try:
        data = show_access_letter(
            request.user,
            people=people,
            language=language,
            request_ref=request_ref,
            today=timezone.localdate(),
            records=records,
        )
    except AccessNotAllowed:
        raise PermissionDenied from None
    return render(
        request,
        "access/letter_page.html",
        {
            # The letter's own context; the page renders it in the letter's language.
            **letter_context(data),
            "review_note": texts.REVIEW_NOTE,
            "language_name": dict(LANGUAGE_CHOICES)[language],
            "other_language": [(code, name) for code, name in LANGUAGE_CHOICES if code != language],
            **urls,
        },
    )


def _urls(kind: str, reference: str, language: str, also: Sequence[Person]) -> dict[str, str]:
    def url(name: str, lang: str = language) -> str:
        return f"{reverse(f'access:{kind}-{name}', args=[reference])}?{_query(lang, also)}"

    other = next(code for code in LANGUAGES if code != language)
    return {
        "pdf_url": url("letter-pdf"),
        "bundle_url": url("bundle"),
        "other_language_url": url("letter", other),
    }


@require(Capability.REQUESTS_HANDLE)
def person_letter(request: HttpRequest, reference: str) -> HttpResponse:
    """The access letter of a person (and any confirmed duplicates in ``also``)."""
    people = _people(reference, request)
    language = _language(request)
    return _letter_page(
        request,
        people=people,
        language=language,
        request_ref="",
        records=(),
        urls=_urls("person", people[0].reference, language, people[1:]),
    )


@require(Capability.REQUESTS_HANDLE)
def person_letter_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """Download the access letter of a person as PDF (audited)."""
    people = _people(reference, request)
    language = _language(request)
    content = _download(download_access_letter, request, people, language, "", ())
    name = f"access-letter-{safe_filename_part(people[0].reference)}-{language}.pdf"
    return _attachment(content, "application/pdf", name)


@require(Capability.REQUESTS_HANDLE)
def person_bundle(request: HttpRequest, reference: str) -> HttpResponse:
    """Download the portability bundle of a person as ZIP (audited)."""
    people = _people(reference, request)
    language = _language(request)
    content = _download(download_portability_bundle, request, people, language, "", ())
    name = f"portability-{safe_filename_part(people[0].reference)}.zip"
    return _attachment(content, "application/zip", name)


@require(Capability.REQUESTS_HANDLE)
def request_letter(request: HttpRequest, reference: str) -> HttpResponse:
    """The access letter answering a request: for the people the registrar confirmed."""
    info = _request_info(reference)
    language = _language(request, info.language)
    if not info.people:
        return render(
            request,
            "access/no_people.html",
            {"request_ref": info.reference},
            status=409,
        )
    return _letter_page(
        request,
        people=list(info.people),
        language=language,
        request_ref=info.reference,
        records=info.records,
        urls=_urls("request", info.reference, language, ()),
    )


@require(Capability.REQUESTS_HANDLE)
def request_letter_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """Download the letter answering a request as PDF (audited)."""
    info = _request_info(reference)
    if not info.people:
        raise Http404("no confirmed people")
    language = _language(request, info.language)
    content = _download(
        download_access_letter, request, list(info.people), language, info.reference, info.records
    )
    name = f"access-letter-{safe_filename_part(info.reference)}-{language}.pdf"
    return _attachment(content, "application/pdf", name)


@require(Capability.REQUESTS_HANDLE)
def request_bundle(request: HttpRequest, reference: str) -> HttpResponse:
    """Download the portability bundle of a request's confirmed people as ZIP (audited)."""
    info = _request_info(reference)
    if not info.people:
        raise Http404("no confirmed people")
    language = _language(request, info.language)
    content = _download(
        download_portability_bundle,
        request,
        list(info.people),
        language,
        info.reference,
        info.records,
    )
    name = f"portability-{safe_filename_part(info.reference)}.zip"
    return _attachment(content, "application/zip", name)


def _download(
    service: Callable[..., bytes],
    request: HttpRequest,
    people: list[Person],
    language: str,
    request_ref: str,
    records: Sequence[tuple[str, str]],
) -> bytes:
    try:
        content = service(
            request.user,
            people=people,
            language=language,
            request_ref=request_ref,
            today=timezone.localdate(),
            records=records,
        )
    except AccessNotAllowed:
        raise PermissionDenied from None
    except AccessReportError as exc:
        raise Http404(str(exc)) from None
    return content
