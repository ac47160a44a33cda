"""Every field of the accounting register is declared, and the right ones are on hold."""

from __future__ import annotations

import pytest

from rekisteri.privacy.datamap import (
    FieldSpec,
    ModelDeclaration,
    declaration_for,
    undeclared_fields,
)
from rekisteri.privacy.datamap import field_spec as _field_spec
from rekisteri.privacy.vocabulary import Basis, Erasure, IdentifierKind
from rekisteri.registers.sales.models import Voucher, VoucherLine, VoucherSequence


def field_spec(model, name) -> FieldSpec:
    spec = _field_spec(model, name)
    assert spec is not None, f"{model.__name__}.{name} is not personal"
    return spec


def declared(model) -> ModelDeclaration:
    declaration = declaration_for(model)
    assert declaration is not None
    return declaration


@pytest.mark.parametrize("model", [Voucher, VoucherLine, VoucherSequence], ids=lambda m: m.__name__)
def test_every_field_is_declared(model):
    declaration = declaration_for(model)
    assert declaration is not None
    assert undeclared_fields(declaration) == set()


def test_names_and_addresses_as_issued_are_held_under_the_accounting_act():
    for name in ("billed_name", "billed_address", "billed_email", "person"):
        spec = field_spec(Voucher, name)
        assert spec.erasure is Erasure.HOLD
        assert spec.retention == "accounting_vouchers"
        assert spec.basis is Basis.LEGAL_OBLIGATION
        assert "Kirjanpitolaki" in spec.hold_statute
    assert field_spec(Voucher, "billed_email").identifier is IdentifierKind.EMAIL


def test_line_amounts_are_not_personal_but_descriptions_are_held_free_text():
    for name in ("quantity", "unit_price", "vat_rate", "line_total"):
        assert _field_spec(VoucherLine, name) is None
    description = field_spec(VoucherLine, "description")
    assert description.free_text
    assert description.erasure is Erasure.HOLD
    assert declared(VoucherLine).subject == "voucher__person"
