"""Project invariants of the data map: every field of every register model is declared."""

from __future__ import annotations

import pytest
from django.apps import apps

from rekisteri.privacy.datamap import (
    FieldSpec,
    concrete_field_names,
    declaration_for,
    declarations,
    undeclared_fields,
)
from rekisteri.privacy.retention import RULES
from rekisteri.privacy.vocabulary import Erasure, Sensitivity

REGISTER_APPS = ("subjects", "customers", "sales", "webshop", "service", "recruiting", "staff")
#: Apps of the privacy engine's standing duties: their models are declared too,
#: and like the engine they may not import a register.
ENGINE_APPS = (
    "retention",
    "consent",
    "disclosures",
    "breaches",
    "notices",
    "dsr",
    "access",
    "erasure",
    "intake",
    "throttle",
)
#: Interfaces that call the registers' services (like the staff app) and keep
#: data of their own, which is declared like everything else.
INTERFACE_APPS = ("api", "imports")


def register_models():
    for label in (*REGISTER_APPS, *ENGINE_APPS, *INTERFACE_APPS):
        yield from apps.get_app_config(label).get_models()


@pytest.mark.parametrize("model", list(register_models()), ids=lambda m: m._meta.label)
def test_every_register_model_is_declared(model):
    assert declaration_for(model) is not None, f"{model._meta.label} has no privacy.py declaration"


@pytest.mark.parametrize("declaration", declarations(), ids=lambda d: d.label)
def test_every_concrete_field_is_declared_and_nothing_else(declaration):
    assert undeclared_fields(declaration) == set(), "undeclared fields"
    unknown = declaration.declared_names - concrete_field_names(declaration.model)
    assert unknown == set(), "declared names that are not fields"


@pytest.mark.parametrize("declaration", declarations(), ids=lambda d: d.label)
def test_every_field_names_a_known_rule_and_a_purpose(declaration):
    for spec in declaration.personal_fields():
        assert spec.retention in RULES
        assert spec.purposes, f"{spec.name} has no purpose"


@pytest.mark.parametrize("declaration", declarations(), ids=lambda d: d.label)
def test_secret_and_special_fields_are_never_portable(declaration):
    for spec in declaration.personal_fields():
        if spec.sensitivity is not Sensitivity.ORDINARY:
            assert not spec.portable, f"{declaration.label}.{spec.name} is secret but portable"


@pytest.mark.parametrize("declaration", declarations(), ids=lambda d: d.label)
def test_held_fields_rest_on_a_rule_that_blocks_early_erasure(declaration):
    for spec in declaration.personal_fields():
        if spec.erasure is Erasure.HOLD:
            assert spec.rule.is_legal_hold, f"{spec.name}: hold under {spec.retention}"
            assert spec.hold_statute


def test_secret_fields_are_encrypted_columns():
    from rekisteri.crypto.fields import EncryptedTextField

    for declaration in declarations():
        for spec in declaration.personal_fields():
            if spec.sensitivity is Sensitivity.ORDINARY:
                continue
            field = declaration.model._meta.get_field(spec.name)
            if spec.name.endswith("password_hash"):
                continue  # a one-way Argon2 hash, not a reversible secret
            assert isinstance(field, EncryptedTextField), f"{declaration.label}.{spec.name}"


@pytest.mark.parametrize("package", ["privacy", *ENGINE_APPS])
def test_the_engine_imports_no_register(package):
    import pathlib

    engine = pathlib.Path(__file__).resolve().parent.parent / "rekisteri" / package
    for path in engine.rglob("*.py"):
        if "tests" in path.parts:
            continue  # tests may build register records to exercise the engine
        text = path.read_text(encoding="utf-8")
        assert "rekisteri.registers" not in text, f"{path} imports a register"


def test_declarations_resolve_subject_paths():
    for declaration in declarations():
        if declaration.subject in (None, "self"):
            continue
        first = declaration.subject.split("__")[0]
        assert first in concrete_field_names(declaration.model) or any(
            f.name == first for f in declaration.model._meta.get_fields()
        ), declaration.label


def test_field_specs_carry_their_model_label():
    for declaration in declarations():
        for name, spec in declaration.fields.items():
            if isinstance(spec, FieldSpec):
                assert spec.model_label == declaration.label
                assert spec.name == name


def _resolve_field(model, path):
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.is_relation:
            model = field.related_model
    return field


@pytest.mark.parametrize("declaration", declarations(), ids=lambda d: d.label)
def test_retention_clocks_start_from_a_date_field(declaration):
    from django.db import models

    if declaration.subject in (None, "self"):
        return
    for spec in declaration.personal_fields():
        assert spec.retention_from, f"{declaration.label}.{spec.name} has no retention clock"
        for path in spec.retention_from:
            field = _resolve_field(declaration.model, path)
            assert isinstance(field, models.DateField | models.DateTimeField), path


@pytest.mark.django_db
def test_retention_event_date_takes_the_first_filled_path():
    import datetime as dt

    from django.utils import timezone

    from rekisteri.registers.webshop.models import WebshopAccount
    from rekisteri.subjects.models import Person

    declaration = declaration_for(WebshopAccount)
    assert declaration is not None
    spec = declaration.fields["email"]
    assert isinstance(spec, FieldSpec)
    account = WebshopAccount(person=Person(first_name="A", last_name="B"), username="ab")
    account.created_at = timezone.make_aware(dt.datetime(2024, 5, 2, 23, 30))
    account.last_login_at = None
    assert declaration.retention_event_on(account, spec) == dt.date(2024, 5, 2)
    account.last_login_at = timezone.make_aware(dt.datetime(2025, 1, 31, 0, 15))
    assert declaration.retention_event_on(account, spec) == dt.date(2025, 1, 31)
