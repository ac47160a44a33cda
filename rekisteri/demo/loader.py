"""Build the demo data set with Faker (fi_FI) and a fixed seed.

The people are fictional: names from Faker's Finnish lists, e-mails on reserved
example domains, HETUs from DVV's test range (individual number 900–999). Each
register app contributes its own records in its ``demo.populate`` function.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import transaction
from faker import Faker

from rekisteri.accounts.roles import Role, ensure_role_groups
from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.subjects.models import Person

SEED = 20261126
DEFAULT_PEOPLE = 200
REGISTER_APPS = ("customers", "sales", "webshop", "service", "recruiting", "staff")
#: Apps whose demo data is derived from the registers' records; they run last.
DERIVED_APPS = ("consent", "disclosures")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role


DEMO_USERS: tuple[tuple[str, tuple[Role, ...]], ...] = (
    ("myyja", (Role.SALES_CLERK,)),
    ("huoltaja", (Role.SERVICE_TECHNICIAN,)),
    ("rekisterivastaava", (Role.REGISTRAR,)),
    ("hr", (Role.HR,)),
    ("tyoterveys", (Role.HR, Role.HEALTH_DATA_HANDLER)),
    ("yllapitaja", (Role.ADMINISTRATOR,)),
)


def generate_password() -> str:
    """Return a random password of four groups, easy to type from a terminal."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def create_people(fake: Faker, count: int) -> list[Person]:
    people = [
        Person(first_name=fake.first_name(), last_name=fake.last_name()) for _ in range(count)
    ]
    Person.objects.bulk_create(people)  # the indexed queryset indexes the names
    return list(Person.objects.order_by("id"))


def create_demo_users() -> list[DemoLogin]:
    """Create one staff user per role with a generated password (Argon2-hashed)."""
    ensure_role_groups()
    logins: list[DemoLogin] = []
    for username, roles in DEMO_USERS:
        password = generate_password()
        user, _created = User.objects.get_or_create(username=username)
        user.set_password(password)
        user.email = f"{username}@demo.invalid"  # for the password-reset link
        user.is_active = True
        user.save()
        user.groups.set([Group.objects.get(name=role.value) for role in roles])
        logins.append(DemoLogin(username, password, roles[-1]))
    return logins


@transaction.atomic
def load_demo(people: int = DEFAULT_PEOPLE, today: dt.date | None = None) -> list[DemoLogin]:
    """Create the demo people, every register's records and the demo users, in one transaction."""
    today = today or dt.date.today()
    fake = Faker("fi_FI")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    persons = create_people(fake, people)
    for label in (*REGISTER_APPS, *DERIVED_APPS):
        module_name = f"{apps.get_app_config(label).name}.demo"
        module = importlib.import_module(module_name)
        module.populate(persons, fake, rng, today)
    logins = create_demo_users()
    # The web-shop example client's key, written to DATA_DIR/demo-api-key (mode 0600).
    importlib.import_module("rekisteri.api.demo").issue_demo_key()
    record_event(None, EventType.DEMO_LOADED, reason=f"{people} people")
    return logins
