"""Every field of the customer register is declared in the data map."""

from __future__ import annotations

import pytest

from rekisteri.privacy.datamap import (
    FieldSpec,
    ModelDeclaration,
    declaration_for,
    undeclared_fields,
)
from rekisteri.privacy.datamap import field_spec as _field_spec
from rekisteri.privacy.vocabulary import Erasure, IdentifierKind, Source
from rekisteri.registers.customers.models import (
    ContactPerson,
    Customer,
    CustomerAddress,
    CustomerEmail,
    CustomerNumberSequence,
    CustomerPhone,
)

MODELS = [
    Customer,
    CustomerEmail,
    CustomerPhone,
    CustomerAddress,
    ContactPerson,
    CustomerNumberSequence,
]


def field_spec(model, name) -> FieldSpec:
    spec = _field_spec(model, name)
    assert spec is not None, f"{model.__name__}.{name} is not personal"
    return spec


def declared(model) -> ModelDeclaration:
    declaration = declaration_for(model)
    assert declaration is not None
    return declaration


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_declared(model):
    declaration = declaration_for(model)
    assert declaration is not None
    assert undeclared_fields(declaration) == set()
    assert declaration.declared_names <= {f.name for f in model._meta.concrete_fields}


def test_customer_master_data_follows_the_three_year_rule_and_is_anonymised():
    spec = field_spec(Customer, "company_name")
    assert spec.retention == "customer_master"
    assert spec.rule.legal_row == 3
    assert spec.erasure is Erasure.ANONYMISE
    assert field_spec(CustomerEmail, "value").erasure is Erasure.DELETE


def test_identifiers_and_free_text_are_marked_for_the_index():
    assert field_spec(CustomerEmail, "value").identifier is IdentifierKind.EMAIL
    assert field_spec(CustomerPhone, "value").identifier is IdentifierKind.PHONE
    assert field_spec(Customer, "customer_number").identifier is IdentifierKind.CUSTOMER_NUMBER
    assert field_spec(Customer, "notes").free_text


def test_contact_persons_are_declared_as_told_by_the_company():
    assert field_spec(ContactPerson, "email").source is Source.AUTHORISED_THIRD_PARTY
    assert declared(ContactPerson).subject == "person"
    assert declared(CustomerEmail).subject == "customer__person"
