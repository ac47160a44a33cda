"""The URL walk: every route of the staff app, for every role and for anonymous users.

OWASP ASVS 5.0 8.2.1 (function-level access control); the plan is security.md
1.3 "Role x URL matrix". Every pattern of the URL resolver is requested as an
anonymous user and as a user of each role (plus a user with no role), and the
outcome is compared with the capabilities the route declares and the role
holds in ``MATRIX`` (docs/roles.md is generated from it and
tests/test_generated_docs.py keeps the two equal):

- a route that needs capabilities: anonymous -> the login page (or 401/403 for a
  POST-only action), a role without them -> 403, a role with them -> neither;
- a public route: nobody is refused.

A route that declares nothing and is not listed as public fails the walk, so a
new page cannot be added without saying who may open it. References in the URLs
are of records that do not exist: the capability check comes before the lookup,
so a refused role learns nothing, and an allowed role gets a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import create_staff_user, login_client
from rekisteri.accounts.roles import MATRIX, Capability, Role
from rekisteri.web.screens import get_screen

PUBLIC = "public"
#: Routes anyone may open, with the reason.
PUBLIC_ROUTES = {
    "accounts:login": "the login page",
    "accounts:logout": "logging out needs no capability",
    "accounts:password_reset": "forgotten-password form",
    "accounts:password_reset_done": "answer page, the same for everyone",
    "accounts:password_reset_confirm": "the link is the credential",
    "accounts:password_reset_complete": "answer page",
    ":set_language": "the language switch",
    "intake:form": "the public request form (GDPR Art. 12(2))",
    "intake:sent": "answer page, the same for everyone",
    "intake:confirm": "the signed link is the credential",
    "api:docs-asset": "Swagger UI's static files",
}
#: The notice routes serve the public customers' notice (GDPR Art. 13; tested in
#: rekisteri/notices/tests) and the staff notice; the walk requests the staff one.
NOTICE_ROUTES = (
    "notices:notice",
    "notices:notice-pdf",
    "notices:notice-lang",
    "notices:notice-lang-pdf",
)
#: Routes for any logged-in member of staff (two-factor passed where required).
LOGIN_ONLY = {
    "web:dashboard": "the start page shows each user what their roles allow",
    "accounts:otp_setup": "every user may enrol in two-factor",
    "accounts:otp_verify": "the second step of logging in",
    "api:v1:openapi-json": "the API schema: any member of staff, or a valid key",
    "api:v1:openapi-view": "the API docs page: the same",
}
#: Routes outside this walk, with the test that covers them.
ELSEWHERE: dict[str, str] = {}

STAFF_SCREEN_SUFFIXES = ("-list", "-detail", "-create", "-edit", "-reveal")
PLACEHOLDERS = {"reference": "zz-no-such-record", "pk": "999999"}
#: A generic page the register does not offer (a voucher cannot be edited, nothing
#: of a customer is secret): 404 for everyone, before any capability check.
ABSENT = "absent"
CONVERTER_VALUES = {"audience": "staff", "lang": "fi", "language": "fi", "kind": "x"}

NO_ROLE = "no_role"


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    needs: tuple[Capability, ...] | str
    field_name: str = "x"

    def url(self) -> str:
        path = self.pattern.replace("<str:field_name>", self.field_name)
        for part in path.split("<")[1:]:
            token = part.split(">")[0]
            converter, _, name = token.rpartition(":")
            value = PLACEHOLDERS.get(name) or CONVERTER_VALUES.get(name, "x")
            if converter == "int":
                value = "999999"
            path = path.replace(f"<{token}>", value)
        return "/" + path


def _patterns(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, object]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), joined)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}:{entry.name}", entry.callback


def _screen_needs(name: str) -> tuple[tuple[Capability, ...] | str, str] | None:
    """What a generic register page needs, and the secret field a reveal route names."""
    if not name.startswith("web:"):
        return None
    for suffix in STAFF_SCREEN_SUFFIXES:
        if name.endswith(suffix):
            try:
                screen = get_screen(name[4 : -len(suffix)])
            except KeyError:
                return None
            edit = screen.edit_capability if screen.form_class else None
            if suffix == "-create":
                return ((edit,), "") if edit and screen.creatable else (ABSENT, "")
            if suffix == "-edit":
                return ((edit,), "") if edit and screen.editable else (ABSENT, "")
            if suffix == "-reveal":
                if not screen.reveal:
                    return ABSENT, ""
                field_name, capability = next(iter(screen.reveal.items()))
                return (capability, screen.view_capability), field_name
            return (screen.view_capability,), ""
    return None


def routes() -> list[Route]:
    found = []
    for pattern, name, callback in _patterns(get_resolver().url_patterns):
        if name in ELSEWHERE or (pattern.startswith("api/v1/") and name not in LOGIN_ONLY):
            continue  # API operations: test_every_api_operation_refuses_calls_without_a_key
        field_name = "x"
        needs: tuple[Capability, ...] | str | None
        if name in PUBLIC_ROUTES:
            needs = PUBLIC
        elif name in LOGIN_ONLY:
            needs = ()
        elif name in NOTICE_ROUTES:
            needs = (Capability.NOTICES_VIEW,)
        elif (screen := _screen_needs(name)) is not None:
            needs, field_name = screen
        else:
            needs = getattr(callback, "required_capabilities", None)
        found.append(Route(name, pattern, needs if needs is not None else "UNDECLARED", field_name))
    return found


ROUTES = routes()


def test_every_route_declares_who_may_open_it():
    undeclared = [f"{r.name} ({r.pattern})" for r in ROUTES if r.needs == "UNDECLARED"]
    assert not undeclared, "routes without require(...) or a PUBLIC/LOGIN_ONLY entry: " + ", ".join(
        undeclared
    )


def _client_for(role: str) -> Client:
    if role == "anonymous":
        return Client()
    user = create_staff_user(f"walk-{role}", *(() if role == NO_ROLE else (role,)))
    return login_client(Client(), user)


def _held(role: str) -> frozenset[Capability]:
    return frozenset() if role in ("anonymous", NO_ROLE) else MATRIX[Role(role)]


def _request(client: Client, url: str):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", *[str(r) for r in Role], NO_ROLE])
def test_each_route_answers_each_role_as_the_matrix_says(role):
    """Slow: about 250 routes for one role; the reason is completeness (8.2.1)."""
    client = _client_for(role)
    held = _held(role)
    wrong = []
    # Logging out ends the walk's session, so it comes last.
    for route in sorted(ROUTES, key=lambda r: r.name == "accounts:logout"):
        if route.needs == "UNDECLARED":
            continue
        response = _request(client, route.url())
        status = response.status_code
        assert status < 500, f"{route.name}: {status}"
        if route.needs == PUBLIC:
            ok = status != 403 and (not _sent_to_login(response) or route.name.endswith("logout"))
        elif route.needs == ABSENT:
            ok = status == 404
        elif role == "anonymous":
            ok = _sent_to_login(response) or status in (401, 403)
        elif set(route.needs) <= held:
            ok = status != 403 and not _sent_to_login(response)
        else:
            ok = status == 403
        if not ok:
            wrong.append(f"{route.name} {route.url()} -> {status}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


def _api_operations() -> list[str]:
    return [
        "/" + pattern.replace("<reference>", "zz-no-such-record")
        for pattern, name, _callback in _patterns(get_resolver().url_patterns)
        if pattern.startswith("api/v1/")
        and name.startswith("api:v1:")
        and name not in LOGIN_ONLY
        and name != "api:v1:api-root"  # django-ninja's own index: 404 for everyone
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", str(Role.REGISTRAR), str(Role.ADMINISTRATOR)])
def test_every_api_operation_refuses_calls_without_a_key(role):
    """A staff session is no API credential: every operation answers 401 without a key.

    Scopes per operation (a key without the operation's scope gets 403) are
    walked in rekisteri/api/tests/test_api.py.
    """
    client = _client_for(role)
    operations = _api_operations()
    assert len(operations) > 10
    for url in operations:
        for method in (client.get, client.post, client.patch):
            response = method(url, content_type="application/json")
            if response.status_code != 405:
                break
        assert response.status_code == 401, (url, response.status_code)
