"""Project-wide test fixtures: personas for every role.

- ``clerk``: sales clerk — customers, sales, web shop; views service jobs.
- ``technician``: service technician — service jobs and revealing device credentials.
- ``registrar``: reads every register and the audit log, edits nothing.
- ``hr``: recruiting and staff, payroll data unmasked; no health data.
- ``health_handler``: a named health-data handler (HR plus the health role).
- ``administrator``: the owner; reads registers and the audit log, no health data.
- ``outsider``: an active staff account with no role at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation

from rekisteri.accounts.roles import Role, requires_mfa
from rekisteri.crypto import keys

PASSWORD = "correct horse battery staple"  # noqa: S105 - test personas only


@pytest.fixture(autouse=True)
def _fresh_key_cache() -> Any:
    keys.clear_cache()
    yield
    keys.clear_cache()


@pytest.fixture(autouse=True)
def _no_language_carried_over() -> Any:
    """The locale middleware activates a language per request and nothing resets it;
    without this a test would see the language the previous test left behind."""
    yield
    translation.deactivate()


def create_staff_user(username: str, *roles: Role | str) -> User:
    """Create a staff user with the test password, in the groups of ``roles``."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    for role in roles:
        group, _ = Group.objects.get_or_create(name=str(role))
        user.groups.add(group)
    return user


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    return create_staff_user


@pytest.fixture
def clerk(make_user: Callable[..., User]) -> User:
    return make_user("clerk", Role.SALES_CLERK)


@pytest.fixture
def technician(make_user: Callable[..., User]) -> User:
    return make_user("technician", Role.SERVICE_TECHNICIAN)


@pytest.fixture
def registrar(make_user: Callable[..., User]) -> User:
    return make_user("registrar", Role.REGISTRAR)


@pytest.fixture
def hr(make_user: Callable[..., User]) -> User:
    return make_user("hr", Role.HR)


@pytest.fixture
def health_handler(make_user: Callable[..., User]) -> User:
    return make_user("nurse", Role.HR, Role.HEALTH_DATA_HANDLER)


@pytest.fixture
def administrator(make_user: Callable[..., User]) -> User:
    return make_user("owner", Role.ADMINISTRATOR)


@pytest.fixture
def outsider(make_user: Callable[..., User]) -> User:
    return make_user("outsider")


def login_client(client: Client, user: User) -> Client:
    """Log ``user`` in on ``client``; for an MFA role, also pass two-factor.

    Users in ``MFA_ROLES`` get a confirmed TOTP device and the session key that
    ``django_otp.login`` sets (``otp_device_id`` = the device's persistent id), so
    ``request.user.is_verified()`` holds as after a real code. Tests of the
    two-factor flow itself (rekisteri/accounts/tests/test_otp.py) use
    ``force_login`` directly.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    if requires_mfa(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            login_client(client, user)
        return client

    return make
