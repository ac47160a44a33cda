"""The pure rules of access letters: no database, no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from rekisteri.access.policies import (
    Clock,
    csv_cell,
    is_portable,
    is_special,
    parse_person_references,
    record_retention,
    redact_text,
    safe_filename_part,
)
from rekisteri.privacy.datamap import FieldSpec
from rekisteri.privacy.identifiers import find_identifiers, normalise_email, normalise_phone
from rekisteri.privacy.retention import RULES
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    IdentifierKind,
    Sensitivity,
    Source,
)


def spec(**changes: object) -> FieldSpec:
    values: dict[str, object] = {
        "model_label": "tests.Thing",
        "name": "value",
        "category": Category.CONTACT,
        "purposes": (),
        "basis": Basis.CONTRACT,
        "source": Source.SUBJECT,
        "retention": "customer_master",
        "erasure": Erasure.DELETE,
        "portable": True,
        "sensitivity": Sensitivity.ORDINARY,
        "identifier": None,
        "free_text": False,
        "recipients": (),
    }
    values.update(changes)
    return FieldSpec(**values)  # type: ignore[arg-type]


# --- Portability (GDPR Art. 20(1)) -------------------------------------------------------


def test_data_given_under_a_contract_or_consent_is_portable():
    assert is_portable(spec(basis=Basis.CONTRACT))
    assert is_portable(spec(basis=Basis.CONSENT))


@pytest.mark.parametrize(
    "basis", [Basis.LEGAL_OBLIGATION, Basis.LEGITIMATE_INTEREST, Basis.EMPLOYMENT_LAW]
)
def test_data_kept_on_other_bases_is_not_portable(basis):
    assert not is_portable(spec(basis=basis))


def test_data_the_person_did_not_provide_is_not_portable():
    assert not is_portable(spec(portable=False))


def test_secrets_and_health_data_are_never_portable_even_if_declared_so():
    assert not is_portable(spec(sensitivity=Sensitivity.SECRET))
    assert not is_portable(spec(sensitivity=Sensitivity.SPECIAL))
    assert not is_portable(spec(category=Category.HEALTH))


def test_health_category_and_special_fields_are_special():
    assert is_special(spec(category=Category.HEALTH))
    assert is_special(spec(sensitivity=Sensitivity.SPECIAL))
    assert not is_special(spec())
    assert not is_special(spec(sensitivity=Sensitivity.SECRET))


# --- CSV formula injection ----------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(start):
    assert csv_cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


@pytest.mark.parametrize("value", ["Jyväskylä", "40100", "", "a=b", " =x"])
def test_ordinary_cells_are_left_alone(value):
    assert csv_cell(value) == value


# --- Finding and redacting identifiers ----------------------------------------------------

OWN = {
    (IdentifierKind.EMAIL, normalise_email("oma@example.fi")),
    (IdentifierKind.PHONE, normalise_phone("040 123 4567")),
}


def is_own(kind: IdentifierKind, value: str) -> bool:
    return (kind, value) in OWN


def test_identifiers_are_found_with_their_place_in_the_text():
    text = "Mail muu@example.org, soita 050 765 4321, IP 192.0.2.1."

    found = find_identifiers(text)

    assert [(f.kind, text[f.start : f.end]) for f in found] == [
        (IdentifierKind.EMAIL, "muu@example.org"),
        (IdentifierKind.PHONE, "050 765 4321"),
        (IdentifierKind.IP, "192.0.2.1"),
    ]
    assert found[1].value == "+358507654321"


def test_the_digits_of_an_identity_code_are_not_read_again_as_a_phone():
    found = find_identifiers("Hetu 010190-900P kirjattu.")

    assert [f.kind for f in found] == [IdentifierKind.HETU]


def test_another_persons_email_and_phone_are_replaced_and_counted():
    result = redact_text(
        "Naapuri muu@example.org soitti numerosta 050 765 4321.", is_own, "[poistettu]"
    )

    assert result.text == "Naapuri [poistettu] soitti numerosta [poistettu]."
    assert result.count == 2


def test_the_subjects_own_identifiers_stay_even_written_differently():
    text = "Asiakas: OMA@example.fi, +358 40 1234567."

    result = redact_text(text, is_own, "[redacted]")

    assert result.text == text
    assert result.count == 0


def test_identity_codes_ibans_and_ip_addresses_of_others_are_replaced():
    result = redact_text(
        "Hetu 010190-900P, tili FI21 1234 5600 0007 85, IP 2001:db8::1", is_own, "[x]"
    )

    assert result.text == "Hetu [x], tili [x], IP [x]"
    assert result.count == 3


def test_text_without_identifiers_is_unchanged():
    result = redact_text("Laturi jäi asiakkaalle.", is_own, "[x]")

    assert result.text == "Laturi jäi asiakkaalle."
    assert result.count == 0


def test_a_text_whose_searches_disagree_is_withheld_whole(monkeypatch):
    # If the span search ever missed something the index search finds, nothing leaks.
    monkeypatch.setattr("rekisteri.access.policies.find_identifiers", lambda text: [])

    result = redact_text("Soita muu@example.org", is_own, "[x]")

    assert result.text == "[x]"
    assert result.count == 1


# --- Retention of one record (GDPR Art. 15(1)(d)) -----------------------------------------


def test_a_record_is_kept_until_its_longest_started_clock_ends():
    clocks = [
        Clock(RULES["purchase_history"], dt.date(2025, 5, 21)),
        Clock(RULES["order_ip_address"], dt.date(2025, 5, 21)),
    ]

    retention = record_retention(clocks)

    assert retention.ends_on == dt.date(2028, 5, 21)
    assert retention.waiting == ()
    assert not retention.open_ended


def test_vouchers_run_from_the_end_of_the_calendar_year_of_the_financial_year_end():
    retention = record_retention([Clock(RULES["accounting_vouchers"], dt.date(2024, 3, 1))])

    assert retention.ends_on == dt.date(2031, 1, 1)


def test_an_unstarted_clock_leaves_the_end_date_open():
    clocks = [
        Clock(RULES["service_records"], None),
        Clock(RULES["device_credentials"], None),
        Clock(RULES["customer_master"], dt.date(2026, 1, 1)),
    ]

    retention = record_retention(clocks)

    assert retention.ends_on is None
    assert [r.code for r in retention.waiting] == ["service_records", "device_credentials"]


def test_a_rule_without_a_period_keeps_the_record_while_its_purpose_lasts():
    retention = record_retention([Clock(RULES["suppression_list"], dt.date(2026, 1, 1))])

    assert retention.ends_on is None
    assert retention.open_ended


# --- Input -----------------------------------------------------------------------------------


def test_references_are_read_in_order_once_each_whatever_the_separator():
    assert parse_person_references(" h-7kq2m9xd, H-22222222;H-7KQ2M9XD\nH-33333333 ") == [
        "H-7KQ2M9XD",
        "H-22222222",
        "H-33333333",
    ]


@pytest.mark.parametrize("text", ["matti@example.fi", "H-123", "PR-7KQ2M9XD", "H-7KQ2M9XD!"])
def test_anything_but_a_reference_is_refused_by_name(text):
    with pytest.raises(ValueError, match=r"\S"):
        parse_person_references(f"H-22222222 {text}")


def test_file_name_parts_keep_letters_digits_and_dashes_only():
    assert safe_filename_part('H-7KQ2M9XD"; rm') == "H-7KQ2M9XD-rm"
    assert safe_filename_part("") == "x"
