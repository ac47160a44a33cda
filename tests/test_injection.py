"""HTML, JavaScript and template text stored in any personal field renders inert.

OWASP ASVS 5.0 1.2.1 (context-aware output encoding), 1.2.2 (no executable URL
schemes), 1.3.7 (no template injection); security.md 1.4 and 6.5 ("HTML/JS in free
text"). The sweep walks the data map (:func:`rekisteri.privacy.datamap.declarations`):
every personal character or text field of every register model and the person's
names gets a payload — ``<script>``, an ``<img onerror>`` breaking out of an
attribute, a ``javascript:`` URL and ``{{7*7}}`` template text, cut to the field's
length — saved through the ordinary path (:func:`rekisteri.audit.records.save_record`,
which indexes and audits it). Then every page that shows the record is rendered as
a persona who may see it: the record's detail page, its edit form, its list page, a
revealed secret, the person card, the search results and the access report. Each
page is parsed: no element, attribute or script from a payload may appear, no
``href``/``src``/``action`` may start with ``javascript:``, and every payload that is
shown appears as text, intact (so escaped, and never evaluated as a template).
"""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from conftest import login_client
from rekisteri.accounts.roles import Capability, Role, has_capability
from rekisteri.audit.records import save_record
from rekisteri.demo.loader import load_demo
from rekisteri.privacy.datamap import FieldSpec, ModelDeclaration, declarations
from rekisteri.subjects.models import Person
from rekisteri.web.screens import Screen, screen_for_model

pytestmark = pytest.mark.django_db

FULL = 'javascript:alert(1)//"><img src=x onerror=alert(1)><script>alert(1)</script>{{7*7}} '
MEDIUM = '"><img src=x onerror=alert(1)>'
SHORT = "<svg onload=alert(1)>"
MARKER_LENGTH = 6
#: Unescaped pieces of the payloads; none may appear in a page's HTML.
RAW = ("<script>alert(", "<img src=x", "<svg onload", "onerror=alert(1)>", "<i>zq")
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "hx-post", "hx-get"}
)
EXECUTABLE = ("javascript:", "vbscript:", "data:text/html")
#: Fields that cannot be set to a payload, and why.
NOT_SWEPT = {
    ("recruiting.JobApplication", "cv_stored_name"): "a server-generated file name, "
    "checked by is_stored_name before every use and never shown",
}


def marker(number: int) -> str:
    """A letters-only marker (``zqaaab``): one name token, so the search finds it."""
    letters = string.ascii_lowercase
    tail = ""
    for _ in range(MARKER_LENGTH - 2):
        number, digit = divmod(number, 26)
        tail = letters[digit] + tail
    return "zq" + tail


def payload_for(max_length: int | None, mark: str) -> str | None:
    """The richest payload that fits the field, ending in its marker; None if none fits."""
    room = max_length or 10_000
    for body in (FULL, MEDIUM, SHORT):
        if len(body) + len(mark) <= room:
            return body + mark
    if len(mark) + 7 <= room:
        return f"<i>{mark}</i>"
    return None


@dataclass
class Planted:
    declaration: ModelDeclaration
    instance: models.Model
    fields: dict[str, str] = field(default_factory=dict)  # field name -> payload

    @property
    def label(self) -> str:
        return self.declaration.label


class PageCheck(HTMLParser):
    """Collects a page's text and attribute values, and what a payload could have made."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            value = value or ""
            self.text.append(value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> (event handler attribute)")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith(EXECUTABLE):
                self.problems.append(f"<{tag} {name}={value[:40]!r}> (executable URL)")
        if tag in {"img", "svg", "i"} and any(
            (value or "").startswith(("x", "zq")) for _name, value in attrs
        ):
            self.problems.append(f"<{tag}> from a payload")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.problems.append(f"script content from a payload: {data[:60]!r}")
        self.text.append(data)


def check_page(html: str) -> tuple[str, list[str]]:
    """Return the page's text (attribute values included) and the problems found."""
    parser = PageCheck()
    parser.feed(html)
    parser.close()
    problems = list(parser.problems)
    problems += [f"unescaped {raw!r}" for raw in RAW if raw in html]
    return "\n".join(parser.text), problems


def _register_declarations() -> list[ModelDeclaration]:
    return [
        d
        for d in declarations()
        if d.model.__module__.startswith("rekisteri.registers.") or d.model is Person
    ]


def _text_fields(declaration: ModelDeclaration) -> Iterator[tuple[FieldSpec, models.Field]]:  # type: ignore[type-arg]
    for spec in declaration.personal_fields():
        model_field = declaration.model._meta.get_field(spec.name)
        if not isinstance(model_field, models.CharField | models.TextField):
            continue
        if model_field.choices or (declaration.label, spec.name) in NOT_SWEPT:
            continue
        yield spec, model_field


def _person_id(declaration: ModelDeclaration, instance: models.Model) -> int | None:
    return declaration.subject_id(instance)


def _target_person() -> Person:
    """The unrestricted person with records in the most register models."""
    counts: dict[int, int] = defaultdict(int)
    for declaration in _register_declarations():
        if declaration.subject in (None, "self"):
            continue
        path = f"{declaration.subject}_id"
        for person_id in (
            declaration.model._base_manager.exclude(**{path: None})
            .values_list(path, flat=True)
            .distinct()
        ):
            counts[person_id] += 1
    ranked = sorted(counts, key=lambda pk: -counts[pk])
    return (
        Person.objects.filter(pk__in=ranked, is_restricted=False)
        .order_by("pk")
        .get(pk=next(pk for pk in ranked if not Person.objects.get(pk=pk).is_restricted))
    )


def _candidates(declaration: ModelDeclaration, person: Person) -> Iterator[models.Model]:
    manager = declaration.model._base_manager
    if declaration.subject == "self":
        yield person
        return
    if declaration.subject is not None:
        yield from manager.filter(**declaration.subject_filter(person.pk)).order_by("pk")[:20]
        path = declaration.subject.split("__")[0]
        yield from (
            manager.exclude(**{f"{declaration.subject}__is_restricted": True})
            .exclude(**{f"{path}": None})
            .order_by("pk")[:20]
        )
    yield from manager.order_by("pk")[:20]


def plant(person: Person) -> list[Planted]:
    """Store a payload in every sweepable field of one record per register model."""
    planted: list[Planted] = []
    number = 0
    for declaration in _register_declarations():
        fields = list(_text_fields(declaration))
        if not fields:
            continue
        for instance in _candidates(declaration, person):
            values: dict[str, str] = {}
            for spec, model_field in fields:
                text = payload_for(model_field.max_length, marker(number))
                number += 1
                if text is not None:
                    values[spec.name] = text
            try:
                with transaction.atomic():
                    for name, text in values.items():
                        setattr(instance, name, text)
                    save_record(None, instance, changed=list(values), reason="injection sweep")
            except Exception:  # a guarded record (an issued voucher): try the next one
                instance.refresh_from_db()
                continue
            planted.append(Planted(declaration, instance, values))
            break
    return planted


@dataclass
class Sweep:
    planted: list[Planted]
    pages: dict[str, str]  # page label -> parsed text
    problems: dict[str, list[str]]
    statuses: dict[str, int]


def _persona_for(users: list[User], capability: Capability) -> User | None:
    return next((u for u in users if has_capability(u, capability)), None)


@pytest.fixture
def personas(
    make_user: Callable[..., User],
    registrar: User,
    health_handler: User,
    clerk: User,
    technician: User,
) -> list[User]:
    """Roles in the order they are asked: the widest readers first. (HR gets a name of
    its own: the demo loader resets the password of its own user "hr", which would end
    the session of the conftest persona of that name.)"""
    payroll = make_user("payroll-clerk", Role.HR)
    return [health_handler, registrar, payroll, clerk, technician]


@pytest.fixture
def sweep(personas: list[User]) -> Sweep:
    load_demo(people=10)
    person = _target_person()
    planted = plant(person)
    clients: dict[int, Client] = {}

    def client_of(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = login_client(Client(), user)
        return clients[user.pk]

    pages: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    statuses: dict[str, int] = {}

    def visit(
        label: str,
        user: User | None,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        method: str = "get",
        html_only: bool = False,
    ) -> None:
        if user is None:
            return
        client = client_of(user)
        response = client.post(url, data or {}) if method == "post" else client.get(url, data)
        if html_only and (
            response.status_code == 404
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return  # a download (e.g. a CV), not a page, or nothing to download
        statuses[label] = response.status_code
        text, found = check_page(response.content.decode())
        pages[label] = text
        if found:
            problems[label] = found

    people: set[int] = set()
    for item in planted:
        screen: Screen | None = screen_for_model(item.declaration.model)
        person_id = item.declaration.subject_id(item.instance)
        if person_id is not None:
            people.add(person_id)
        if screen is None:
            continue
        slug = screen.slug
        viewer = _persona_for(personas, screen.view_capability)
        ref = str(getattr(item.instance, screen.lookup))
        visit(f"{slug} detail", viewer, reverse(f"web:{slug}-detail", args=[ref]))
        if viewer is not None:
            order = list(screen.visible(viewer).values_list("pk", flat=True))
            page = order.index(item.instance.pk) // 50 + 1 if item.instance.pk in order else 1
            visit(f"{slug} list", viewer, reverse(f"web:{slug}-list"), {"page": page})
        if screen.edit_capability and screen.form_class and screen.editable:
            visit(
                f"{slug} edit",
                _persona_for(personas, screen.edit_capability),
                reverse(f"web:{slug}-edit", args=[ref]),
            )
        for _title, url_name, capability in screen.actions:  # the record's own extra pages
            visit(
                f"{slug} {url_name}",
                _persona_for(personas, capability),
                reverse(url_name, args=[ref]),
                html_only=True,
            )
        for name, capability in screen.reveal.items():
            visit(
                f"{slug} reveal {name}",
                _persona_for(personas, capability),
                reverse(f"web:{slug}-reveal", args=[ref, name]),
                method="post",
            )
    for person_id in sorted(people):
        reference = Person.objects.get(pk=person_id).reference
        for user in personas:
            if has_capability(user, Capability.PERSON_VIEW):
                visit(
                    f"person card {reference} as {user.username}",
                    user,
                    reverse("web:person-detail", args=[reference]),
                )
        visit(
            f"access report {reference}",
            _persona_for(personas, Capability.REQUESTS_HANDLE),
            reverse("access:person-letter", args=[reference]),
            {"lang": "en"},
        )
    names = next((p for p in planted if p.declaration.model is Person), None)
    if names is not None:
        for name, text in names.fields.items():
            visit(
                f"search by {name}",
                _persona_for(personas, Capability.SEARCH),
                reverse("web:search"),
                {"name": text[-MARKER_LENGTH:]},
                method="post",
            )
    return Sweep(planted, pages, problems, statuses)


def test_marker_is_one_name_token_and_payloads_fit_their_fields():
    from rekisteri.privacy.identifiers import name_tokens

    assert marker(0) == "zqaaaa"
    assert marker(27) == "zqaabb"
    assert name_tokens(FULL + marker(5))[-1] == marker(5)
    assert payload_for(None, "zqaaaa") == FULL + "zqaaaa"
    assert payload_for(40, "zqaaaa") == MEDIUM + "zqaaaa"
    assert payload_for(32, "zqaaaa") == SHORT + "zqaaaa"
    assert payload_for(20, "zqaaaa") == "<i>zqaaaa</i>"
    assert payload_for(10, "zqaaaa") is None


def test_the_page_check_catches_unescaped_payloads():
    _text, problems = check_page(f"<p>{FULL}zq</p>")
    assert problems
    text, problems = check_page("<p>&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}</p>")
    assert problems == []
    assert "<script>alert(1)</script>{{7*7}}" in text
    assert check_page('<a href="javascript:alert(1)">x</a>')[1]
    assert check_page('<input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">')[1] == []


def test_payloads_in_every_personal_text_field_render_inert_on_every_page(
    sweep: Sweep, capsys: pytest.CaptureFixture[str]
):
    assert {k: v for k, v in sweep.statuses.items() if v != 200} == {}
    assert sweep.problems == {}

    shown: dict[tuple[str, str], list[str]] = {}
    for item in sweep.planted:
        for name, text in item.fields.items():
            mark = text[-MARKER_LENGTH:]
            where = [label for label, page in sweep.pages.items() if mark in page]
            shown[(item.label, name)] = where
            for label in where:
                # Shown means shown whole, as text: escaped, and not evaluated as a template.
                assert text in sweep.pages[label], f"{item.label}.{name} altered on {label}"

    pairs = sum(len(where) for where in shown.values())
    never = sorted(f"{label}.{name}" for (label, name), where in shown.items() if not where)
    with capsys.disabled():
        print(
            f"\n[injection] {len(shown)} fields of {len(sweep.planted)} register models, "
            f"{len(sweep.pages)} pages, {pairs} (field, page) pairs shown escaped, "
            f"0 unescaped; not shown on any page (masked secrets or not displayed): "
            f"{', '.join(never) or 'none'}"
        )
    # Every register model with a text field was swept, and most fields were seen on a page.
    swept = {item.label for item in sweep.planted}
    expected = {d.label for d in _register_declarations() if any(_text_fields(d))}
    assert swept == expected
    assert pairs > len(shown)


def test_the_access_report_shows_the_payloads_escaped(sweep: Sweep):
    reports = {label: text for label, text in sweep.pages.items() if label.startswith("access")}
    assert reports
    assert not {label: p for label, p in sweep.problems.items() if label.startswith("access")}
    marks = [
        text[-MARKER_LENGTH:]
        for item in sweep.planted
        for text in item.fields.values()
        if text.startswith(FULL)
    ]
    assert any(mark in page for page in reports.values() for mark in marks)
