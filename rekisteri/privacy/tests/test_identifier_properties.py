"""Property tests of the normalisers and validators not covered by test_identifiers.py.

OWASP ASVS 5.0 2.2.1 (input validated against its expected structure) and 2.2.2
(validated at the trusted service layer); security.md 1.4 row "2.2.x validation of
business fields" and 6.5. For each
identifier: the normaliser never raises on arbitrary text and is idempotent; every
spelling of a valid value gives one canonical form; a wrong check digit is refused;
and the staff-facing validator agrees with the normaliser. The check digits are
computed here from their definitions (ISO 13616 mod 97-10 for IBAN; the weights
7, 9, 10, 5, 8, 4, 2 mod 11 for the Y-tunnus), independently of python-stdnum.
"""

from __future__ import annotations

import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rekisteri.lib.validators import (
    format_business_id,
    validate_business_id,
    validate_hetu,
    validate_iban,
    validate_phone,
)
from rekisteri.privacy.identifiers import (
    name_tokens,
    normalise,
    normalise_email,
    normalise_hetu,
    normalise_iban,
    normalise_ip,
    normalise_phone,
)
from rekisteri.privacy.vocabulary import IdentifierKind

PROPERTIES = settings(deadline=None, max_examples=150)

# --- Strategies -------------------------------------------------------------------------

LOCAL_CHARS = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)


@st.composite
def emails(draw: st.DrawFn) -> str:
    """Dot-atom addresses under a domain with a letters-only top-level label."""
    atoms = draw(st.lists(st.text(LOCAL_CHARS, min_size=1, max_size=12), min_size=1, max_size=3))
    labels = draw(st.lists(LABEL, min_size=1, max_size=3))
    tld = draw(st.text(string.ascii_lowercase, min_size=2, max_size=6))
    return ".".join(atoms) + "@" + ".".join([*labels, tld])


def _iban_check_digits(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(digits) % 97:02d}"


@st.composite
def finnish_ibans(draw: st.DrawFn) -> str:
    bban = draw(st.text("0123456789", min_size=14, max_size=14))
    return "FI" + _iban_check_digits("FI", bban) + bban


def _ytunnus_check(body: str) -> int | None:
    remainder = sum(w * int(d) for w, d in zip((7, 9, 10, 5, 8, 4, 2), body, strict=True)) % 11
    if remainder == 1:
        return None  # no valid check digit: such numbers are never issued
    return 0 if remainder == 0 else 11 - remainder


@st.composite
def business_ids(draw: st.DrawFn) -> str:
    body = draw(st.text("0123456789", min_size=7, max_size=7))
    check = _ytunnus_check(body)
    assume(check is not None)
    return f"{body}-{check}"


def _spaced(compact: str, size: int) -> str:
    return " ".join(compact[i : i + size] for i in range(0, len(compact), size))


ANY_TEXT = st.text(max_size=80)

# --- E-mail -------------------------------------------------------------------------------


@PROPERTIES
@given(ANY_TEXT)
def test_email_normaliser_never_raises_and_is_idempotent(text):
    once = normalise_email(text)
    if once is not None:
        assert once == once.strip().casefold()
        assert normalise_email(once) == once


@PROPERTIES
@given(
    emails(), st.sampled_from([str.upper, str.lower, str.title, str]), st.text(" \t", max_size=3)
)
def test_every_case_and_padding_of_an_address_normalises_to_one_form(address, case, pad):
    expected = normalise_email(address)
    assert expected is not None
    assert normalise_email(pad + case(address) + pad) == expected


@pytest.mark.parametrize(
    "bad",
    ["a@b", "<script>@example.fi", "a@-example.fi", "matti@", "@example.fi", "a b@example.fi"],
)
def test_malformed_addresses_are_refused(bad):
    assert normalise_email(bad) is None


@PROPERTIES
@given(emails())
def test_an_address_with_markup_around_it_is_refused(address):
    assert normalise_email(f"<script>{address}") is None
    assert normalise_email(f"{address}<img src=x>") is None


def test_the_customer_email_validator_refuses_what_the_field_cannot_store():
    from rekisteri.registers.customers.models import CustomerEmail
    from rekisteri.registers.customers.services import clean_email

    long_address = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63]) + ".fi"
    max_length = CustomerEmail._meta.get_field("value").max_length
    assert max_length is not None
    assert len(long_address) > max_length
    with pytest.raises(ValidationError):
        clean_email(long_address)


# --- IBAN ---------------------------------------------------------------------------------


@PROPERTIES
@given(ANY_TEXT)
def test_iban_normaliser_never_raises_and_is_idempotent(text):
    once = normalise_iban(text)
    if once is not None:
        assert once == once.upper()
        assert " " not in once
        assert normalise_iban(once) == once


@PROPERTIES
@given(finnish_ibans(), st.sampled_from(["compact", "groups", "lower", "padded", "dashes"]))
def test_a_valid_iban_is_accepted_in_every_spelling(iban, spelling):
    written = {
        "compact": iban,
        "groups": _spaced(iban, 4),
        "lower": _spaced(iban, 4).lower(),
        "padded": f"  {iban} ",
        "dashes": "-".join(iban[i : i + 4] for i in range(0, len(iban), 4)),
    }[spelling]
    assert normalise_iban(written) == iban
    validate_iban(written)


@PROPERTIES
@given(finnish_ibans(), st.integers(min_value=0, max_value=99))
def test_wrong_iban_check_digits_are_refused(iban, digits):
    check = f"{digits:02d}"
    assume(check != iban[2:4])
    wrong = iban[:2] + check + iban[4:]
    assert normalise_iban(wrong) is None
    with pytest.raises(ValidationError):
        validate_iban(wrong)


@PROPERTIES
@given(finnish_ibans(), st.integers(min_value=4, max_value=17), st.integers(1, 9))
def test_a_single_mistyped_iban_digit_is_refused(iban, position, delta):
    digit = (int(iban[position]) + delta) % 10
    assert normalise_iban(iban[:position] + str(digit) + iban[position + 1 :]) is None


# --- Y-tunnus (business ID) ---------------------------------------------------------------


@PROPERTIES
@given(business_ids(), st.sampled_from(["written", "compact", "spaced", "padded"]))
def test_a_valid_business_id_is_accepted_in_every_spelling_and_formatted_once(
    business_id, spelling
):
    written = {
        "written": business_id,
        "compact": business_id.replace("-", ""),
        "spaced": business_id.replace("-", " "),
        "padded": f" {business_id} ",
    }[spelling]
    validate_business_id(written)
    assert format_business_id(written) == business_id
    assert format_business_id(format_business_id(written)) == business_id


@PROPERTIES
@given(business_ids(), st.integers(min_value=1, max_value=9))
def test_a_wrong_business_id_check_digit_is_refused(business_id, delta):
    wrong = business_id[:-1] + str((int(business_id[-1]) + delta) % 10)
    with pytest.raises(ValidationError):
        validate_business_id(wrong)


@PROPERTIES
@given(ANY_TEXT)
def test_the_business_id_validator_raises_only_validation_errors(text):
    try:
        validate_business_id(text)
    except ValidationError:
        return
    assert format_business_id(text)[-2] == "-"


def test_the_customer_service_stores_the_written_form_of_a_business_id():
    from rekisteri.registers.customers.services import clean_business_id

    assert clean_business_id(" 26225603 ") == "2622560-3"
    assert clean_business_id("") == ""
    with pytest.raises(ValidationError):
        clean_business_id("2622560-4")


# --- Names --------------------------------------------------------------------------------

NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöéü"
NAME_PARTS = st.text(NAME_LETTERS, min_size=2, max_size=12)


@PROPERTIES
@given(ANY_TEXT)
def test_name_tokens_never_raise_and_every_token_is_a_word_of_two_letters(text):
    for token in name_tokens(text):
        assert len(token) >= 2
        assert not any(c.isspace() or c.isdigit() or c in "-_'.," for c in token)


@PROPERTIES
@given(ANY_TEXT)
def test_name_tokens_are_stable_when_normalised_again(text):
    tokens = name_tokens(text)
    assert name_tokens(" ".join(tokens)) == tokens


@PROPERTIES
@given(
    st.lists(NAME_PARTS, min_size=1, max_size=4),
    st.sampled_from([" ", "-", "  ", " - ", ", "]),
    st.sampled_from([str.upper, str.lower, str.title, str]),
)
def test_a_finnish_name_gives_the_same_tokens_however_it_is_written(parts, separator, case):
    expected = [p.casefold() for p in parts]
    assert name_tokens(case(separator.join(parts))) == expected
    assert name_tokens(f"  {' '.join(parts).upper()}\t") == expected


# --- Phone, HETU, IP through the validators and the dispatcher ------------------------------


@PROPERTIES
@given(ANY_TEXT)
def test_the_phone_and_hetu_validators_agree_with_their_normalisers(text):
    for validator, normaliser in (
        (validate_phone, normalise_phone),
        (validate_hetu, normalise_hetu),
    ):
        try:
            validator(text)
        except ValidationError:
            assert normaliser(text) is None
        else:
            assert normaliser(text) is not None


@PROPERTIES
@given(ANY_TEXT)
def test_ip_normaliser_never_raises_and_is_idempotent(text):
    once = normalise_ip(text)
    if once is not None:
        assert normalise_ip(once) == once


@PROPERTIES
@given(st.sampled_from(list(IdentifierKind)), ANY_TEXT)
def test_every_index_normaliser_is_idempotent_on_what_it_returns(kind, text):
    values = normalise(kind, text)
    assert all(isinstance(v, str) and v for v in values)
    if kind is IdentifierKind.NAME:
        assert normalise(kind, " ".join(values)) == values
    else:
        assert len(values) <= 1
        for value in values:
            assert normalise(kind, value) == [value]


# --- Customer and order numbers -----------------------------------------------------------


@PROPERTIES
@given(st.integers(min_value=10001, max_value=99_999_999), st.text(" \t", max_size=3))
def test_a_customer_number_is_found_however_it_is_padded(number, pad):
    assert normalise(IdentifierKind.CUSTOMER_NUMBER, f"{pad}{number}{pad}") == [str(number)]


@PROPERTIES
@given(st.integers(min_value=2000, max_value=2999), st.integers(min_value=1, max_value=99_998))
def test_order_numbers_follow_each_other_and_are_found_in_any_case(year, sequence):
    from rekisteri.registers.webshop.services import format_order_number, next_order_number

    number = format_order_number(year, sequence)
    following = next_order_number(year, number)
    assert following == format_order_number(year, sequence + 1)
    # The newest number is found by sorting the text (_latest_order_number): the text
    # order must be the numeric order within a year (true up to 99,999 orders a year).
    assert number < following
    assert normalise(IdentifierKind.ORDER_NUMBER, f" {number.lower()} ") == normalise(
        IdentifierKind.ORDER_NUMBER, number
    )
    assert next_order_number(year, None) == format_order_number(year, 1)


@PROPERTIES
@given(st.integers(min_value=2000, max_value=2999), st.integers(min_value=1, max_value=999_998))
def test_voucher_numbers_sort_in_their_running_order(year, sequence):
    from rekisteri.registers.sales.policies import voucher_number

    assert voucher_number(year, sequence) < voucher_number(year, sequence + 1)
    with pytest.raises(ValueError, match="start at 1"):
        voucher_number(year, 0)
