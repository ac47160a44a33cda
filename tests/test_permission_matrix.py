"""Every cell of the permission matrix (docs/roles.md), checked against live pages.

Each capability is proven by the pages that need it: the generic register screens
(list, create, detail, edit, reveal) and the shell pages (search, person card,
data map, audit log). For every role, and for a user with no role, each cell
expects 200 where the role holds the capability and 403 where it does not.
Demo data is loaded once per module inside a transaction that is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import create_staff_user, login_client
from rekisteri.accounts.roles import MATRIX, Capability, Role
from rekisteri.demo.loader import load_demo
from rekisteri.subjects.models import Person
from rekisteri.web.screens import Screen, nav_links, screens

NO_ROLE = "no_role"
ROLES = [*Role, NO_ROLE]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(people=60)
        yield
        transaction.set_rollback(True)


@dataclass(frozen=True)
class Probe:
    """One request that needs ``capability``; ``method`` GET or POST."""

    capability: Capability
    label: str
    url: Callable[[], str]
    method: str = "GET"


def _first_ref(screen: Screen) -> str:
    instance = screen.model._default_manager.order_by("pk").first()
    assert instance is not None, f"the demo data has no {screen.model._meta.label}"
    return str(getattr(instance, screen.lookup))


def _screen_probes(screen: Screen) -> Iterator[Probe]:
    yield Probe(
        screen.view_capability, f"{screen.slug} list", lambda: reverse(f"web:{screen.slug}-list")
    )
    yield Probe(
        screen.view_capability,
        f"{screen.slug} detail",
        lambda: reverse(f"web:{screen.slug}-detail", args=[_first_ref(screen)]),
    )
    if screen.edit_capability and screen.form_class and screen.creatable:
        yield Probe(
            screen.edit_capability,
            f"{screen.slug} create",
            lambda: reverse(f"web:{screen.slug}-create"),
        )
    if screen.edit_capability and screen.form_class and screen.editable:
        yield Probe(
            screen.edit_capability,
            f"{screen.slug} edit",
            lambda: reverse(f"web:{screen.slug}-edit", args=[_first_ref(screen)]),
        )
    for field_name, capability in screen.reveal.items():
        yield Probe(
            capability,
            f"{screen.slug} reveal {field_name}",
            _reveal_url(screen, field_name),
            method="POST",
        )


def _reverser(url_name: str) -> Callable[[], str]:
    return lambda: reverse(url_name)


def _reveal_url(screen: Screen, field_name: str) -> Callable[[], str]:
    return lambda: reverse(f"web:{screen.slug}-reveal", args=[_first_ref(screen), field_name])


def _person_ref() -> str:
    person = Person.objects.filter(is_restricted=False).order_by("pk").first()
    assert person is not None
    return person.reference


def probes() -> list[Probe]:
    found = [
        Probe(Capability.SEARCH, "search", lambda: reverse("web:search")),
        Probe(
            Capability.PERSON_VIEW,
            "person card",
            lambda: reverse("web:person-detail", args=[_person_ref()]),
        ),
    ]
    for link in nav_links():
        found.append(Probe(link.capability, link.url_name, _reverser(link.url_name)))
    for screen in screens():
        found.extend(_screen_probes(screen))
    return found


def _user_with(role: Role | str) -> User:
    return create_staff_user(f"matrix-{role}", *(() if role == NO_ROLE else (role,)))


def _allowed(role: Role | str, capability: Capability) -> bool:
    return role != NO_ROLE and capability in MATRIX[Role(role)]


PROBES = probes()
# Capabilities that are not a page of their own but change what a page shows; they
# are proven by the registers' own tests (named here so a new capability cannot be
# forgotten).
SHOWN_NOT_ROUTED = {
    Capability.STAFF_PAYROLL: "rekisteri/registers/staff/tests: HETU and IBAN unmasked for payroll",
}


def test_every_capability_is_exercised_by_a_page_or_a_named_test():
    exercised = {p.capability for p in PROBES} | set(SHOWN_NOT_ROUTED)
    assert exercised == set(Capability)


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("capability", sorted({p.capability for p in PROBES}), ids=str)
def test_matrix_cell(demo, db, role, capability):
    client = Client()
    login_client(client, _user_with(role))
    outcomes = {}
    for probe in (p for p in PROBES if p.capability == capability):
        url = probe.url()
        response = client.post(url) if probe.method == "POST" else client.get(url)
        outcomes[probe.label] = response.status_code
    expected = 200 if _allowed(role, capability) else 403
    assert outcomes
    assert all(code == expected for code in outcomes.values()), outcomes


def test_anonymous_visitors_are_sent_to_login_from_every_page(demo, db):
    client = Client()
    for probe in PROBES:
        url = probe.url()
        response = client.post(url) if probe.method == "POST" else client.get(url)
        assert response.status_code in (302, 403), (probe.label, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), probe.label
