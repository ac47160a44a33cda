"""Object-level access (IDOR/BOLA) for every record type (ASVS 5.0 8.2.2).

Records are fetched through each screen's visible queryset, never by a bare
reference: a record of a person whose processing is restricted (GDPR Art. 18)
is invisible to the ordinary roles, and a reference of one record type names
nothing in another register's URLs. For every record type and every route that
takes a reference, a role that holds the route's capability but may not see
restricted data gets 404 on GET and POST, and the table is unchanged
afterwards. A role that may see restricted data opens the same record (the
positive control), so the 404 is the object check and not a wrong reference.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from conftest import create_staff_user, login_client
from rekisteri.accounts.roles import MATRIX, Capability, Role
from rekisteri.demo.loader import load_demo
from rekisteri.privacy.datamap import declaration_for
from rekisteri.subjects.models import Person
from rekisteri.web.screens import Screen, get_screen, screens

#: Register routes beyond the generic screens: the screen whose records their
#: reference names, their capability, and extra URL arguments.
REGISTER_ROUTES: dict[str, tuple[str, Capability, dict[str, str]]] = {
    "customers:customer-contacts": ("customers", Capability.CUSTOMERS_EDIT, {}),
    "customers:customer-contact-add": ("customers", Capability.CUSTOMERS_EDIT, {"kind": "email"}),
    "sales:voucher-lines": ("vouchers", Capability.SALES_EDIT, {}),
    "sales:voucher-line-add": ("vouchers", Capability.SALES_EDIT, {}),
    "sales:voucher-issue": ("vouchers", Capability.SALES_EDIT, {}),
    "sales:voucher-correct": ("vouchers", Capability.SALES_EDIT, {}),
    "webshop:order-lines": ("orders", Capability.WEBSHOP_VIEW, {}),
    "service:job-credentials": ("service-jobs", Capability.SERVICE_VIEW, {}),
    "service:job-credential-add": ("service-jobs", Capability.SERVICE_EDIT, {}),
    "service:job-close": ("service-jobs", Capability.SERVICE_EDIT, {}),
    "recruiting:cv-download": ("applications", Capability.RECRUITING_VIEW, {}),
    "recruiting:cv-upload": ("applications", Capability.RECRUITING_EDIT, {}),
    "recruiting:application-delete": ("applications", Capability.RECRUITING_EDIT, {}),
    "staff:employee-end": ("employees", Capability.STAFF_EDIT, {}),
    "staff:health-record-read": ("health-records", Capability.HEALTH_VIEW, {}),
    "staff:health-record-delete": ("health-records", Capability.HEALTH_EDIT, {}),
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(people=60)
        yield
        transaction.set_rollback(True)


def _subject_screens() -> list[Screen]:
    return [
        s
        for s in screens()
        if (d := declaration_for(s.model)) is not None and d.subject not in (None, "self")
    ]


def _restricted_record(screen: Screen) -> tuple[models.Model, Person]:
    """A record of ``screen`` whose person is then restricted."""
    declaration = declaration_for(screen.model)
    assert declaration is not None
    record = (
        screen.model._default_manager.filter(**{f"{declaration.subject}__isnull": False})
        .order_by("pk")
        .first()
    )
    assert record is not None, f"the demo data has no {screen.model._meta.label}"
    person_id = declaration.subject_id(record)
    assert person_id is not None
    person = Person.objects.get(pk=person_id)
    Person.objects.filter(pk=person.pk).update(is_restricted=True)
    return record, person


def _fingerprint(model: type[models.Model]) -> str:
    rows = model._default_manager.order_by("pk").values_list()
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def _client(role: Role) -> Client:
    username = f"idor-{role}"
    user = User.objects.filter(username=username).first() or create_staff_user(username, role)
    return login_client(Client(), user)


def _roles(*needed: Capability, restricted: bool) -> list[Role]:
    return [
        role
        for role in Role
        if set(needed) <= MATRIX[role] and (Capability.REQUESTS_VIEW in MATRIX[role]) is restricted
    ]


def _urls(screen: Screen, reference: str) -> Iterator[tuple[str, tuple[Capability, ...]]]:
    yield reverse(f"web:{screen.slug}-detail", args=[reference]), (screen.view_capability,)
    if screen.edit_capability and screen.form_class and screen.editable:
        yield reverse(f"web:{screen.slug}-edit", args=[reference]), (screen.edit_capability,)
    for field_name, capability in screen.reveal.items():
        yield (
            reverse(f"web:{screen.slug}-reveal", args=[reference, field_name]),
            (capability, screen.view_capability),
        )
    for name, (slug, capability, extra) in REGISTER_ROUTES.items():
        if slug == screen.slug:
            yield reverse(name, kwargs={"reference": reference, **extra}), (capability,)


def _assert_hidden(client: Client, url: str, model: type[models.Model]) -> None:
    before = _fingerprint(model)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in (404, 405), (url, response.status_code)
    assert _fingerprint(model) == before, f"{url} changed {model._meta.label}"


@pytest.mark.parametrize("slug", [s.slug for s in _subject_screens()])
def test_a_restricted_persons_record_is_hidden_from_ordinary_roles(demo, db, slug):
    screen = get_screen(slug)
    record, _person = _restricted_record(screen)
    reference = str(getattr(record, screen.lookup))
    checked = 0
    for url, needed in _urls(screen, reference):
        for role in _roles(*needed, restricted=False):
            _assert_hidden(_client(role), url, screen.model)
            checked += 1
    seeing = _roles(screen.view_capability, restricted=True)
    if seeing:
        client = _client(seeing[0])
        detail = client.get(reverse(f"web:{screen.slug}-detail", args=[reference]))
        assert detail.status_code == 200, "the registrar's view is the positive control"
    assert checked or not _roles(screen.view_capability, restricted=False)


def _foreign_reference(screen: Screen) -> str:
    """A reference that names no record of ``screen``: another register's, if any."""
    own = screen.model._default_manager
    for other in screens():
        if other.model is screen.model or other.lookup != screen.lookup:
            continue
        for value in other.model._default_manager.values_list(other.lookup, flat=True)[:50]:
            if not own.filter(**{screen.lookup: value}).exists():
                return str(value)
    # Sequential ids (the customer's contact rows): the next id, which no record has yet.
    assert screen.lookup == "pk", f"no foreign reference for {screen.slug}"
    return str((own.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1)


@pytest.mark.parametrize("slug", [s.slug for s in _subject_screens()])
def test_a_reference_of_another_record_type_names_nothing(demo, db, slug):
    screen = get_screen(slug)
    reference = _foreign_reference(screen)
    for role in _roles(screen.view_capability, restricted=True):
        client = _client(role)
        for url, needed in _urls(screen, reference):
            if set(needed) <= MATRIX[role]:
                _assert_hidden(client, url, screen.model)


def test_a_restricted_persons_card_is_hidden_from_ordinary_roles(demo, db):
    person = Person.objects.order_by("pk").first()
    assert person is not None
    Person.objects.filter(pk=person.pk).update(is_restricted=True)
    url = reverse("web:person-detail", args=[person.reference])
    for role in _roles(Capability.PERSON_VIEW, restricted=False):
        assert _client(role).get(url).status_code == 404, role
    for role in _roles(Capability.PERSON_VIEW, restricted=True):
        assert _client(role).get(url).status_code == 200, role
