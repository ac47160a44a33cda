"""Pure tests of the identifier normalisers and the free-text extractor."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rekisteri.privacy.identifiers import (
    extract_identifiers,
    name_tokens,
    normalise_email,
    normalise_hetu,
    normalise_iban,
    normalise_ip,
    normalise_phone,
)
from rekisteri.privacy.vocabulary import IdentifierKind


@pytest.mark.parametrize(
    "written",
    [
        "040 123 4567",
        "+358 40 1234567",
        "0401234567",
        "040-123 4567",
        "00358401234567",
        "+358401234567",
    ],
)
def test_finnish_ways_of_writing_a_mobile_number_normalise_to_one_e164(written):
    assert normalise_phone(written) == "+358401234567"


def test_landline_with_area_code_normalises():
    assert normalise_phone("(09) 123 4567") == "+35891234567"


@pytest.mark.parametrize("bad", ["", "123", "abc", "040 123", "+358 00 000"])
def test_invalid_phone_numbers_give_none(bad):
    assert normalise_phone(bad) is None


def test_email_is_case_folded_and_stripped():
    assert normalise_email("  Matti.Meikalainen@Example.FI ") == "matti.meikalainen@example.fi"
    assert normalise_email("not-an-address") is None


@pytest.mark.parametrize(
    "code", ["131052-308T", "131052A308T", "010594Y9032", "010594Y9021", "010101B900R"]
)
def test_valid_hetus_keep_their_century_sign(code):
    normalised = normalise_hetu(code.lower())
    assert normalised == code.upper()


def test_new_century_signs_are_distinct_codes():
    assert normalise_hetu("010594Y9032") != normalise_hetu("010594-9032")


@pytest.mark.parametrize("bad", ["131052-308U", "311352-308T", "131052Z308T", "131052308T", ""])
def test_invalid_hetus_give_none(bad):
    assert normalise_hetu(bad) is None


def test_iban_is_compacted_and_checked():
    assert normalise_iban("fi21 1234 5600 0007 85") == "FI2112345600000785"
    assert normalise_iban("FI21 1234 5600 0007 86") is None


def test_ip_addresses_are_compressed():
    assert normalise_ip("2001:0db8:0000:0000:0000:0000:0000:0001") == "2001:db8::1"
    assert normalise_ip("192.0.2.10") == "192.0.2.10"
    assert normalise_ip("999.1.1.1") is None


def test_name_tokens_fold_case_and_split_hyphenated_names():
    assert name_tokens("Matti-Pekka VIRTANEN") == ["matti", "pekka", "virtanen"]
    assert name_tokens("Åsa Öhman") == ["åsa", "öhman"]
    assert name_tokens("J. K.") == []


def test_free_text_yields_every_identifier_once_with_its_kind():
    text = (
        "Asiakas soitti numerosta 040 123 4567, vaihtoehtoisesti +358 50 7654321. "
        "Sähköposti matti@example.fi, hetu 131052-308T, tili FI21 1234 5600 0007 85, "
        "IP 192.0.2.10."
    )
    found = set(extract_identifiers(text))
    assert (IdentifierKind.PHONE, "+358401234567") in found
    assert (IdentifierKind.PHONE, "+358507654321") in found
    assert (IdentifierKind.EMAIL, "matti@example.fi") in found
    assert (IdentifierKind.HETU, "131052-308T") in found
    assert (IdentifierKind.IBAN, "FI2112345600000785") in found
    assert (IdentifierKind.IP, "192.0.2.10") in found
    # The digits of the HETU and the IBAN are not read again as phone numbers.
    phones = {v for k, v in found if k is IdentifierKind.PHONE}
    assert phones == {"+358401234567", "+358507654321"}


@given(st.text(max_size=300))
def test_extraction_never_fails_on_arbitrary_text(text):
    for kind, value in extract_identifiers(text):
        assert isinstance(kind, IdentifierKind)
        assert value


@given(st.text(max_size=60))
def test_phone_normaliser_returns_e164_or_none(text):
    result = normalise_phone(text)
    assert result is None or (result.startswith("+") and result[1:].isdigit())


@given(st.text(max_size=30))
def test_hetu_normaliser_is_idempotent(text):
    once = normalise_hetu(text)
    if once is not None:
        assert normalise_hetu(once) == once
