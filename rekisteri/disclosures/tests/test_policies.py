"""The pure rules of disclosures and processors: no database, no clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from rekisteri.disclosures.models import Processor, TransferMechanism
from rekisteri.disclosures.policies import (
    ART_28_CLAUSES,
    WarningCode,
    is_third_country,
    missing_clauses,
    ordered_values,
    processor_warnings,
    reference_problem,
    restriction_blocks_disclosure,
    transfer_lacks_safeguard,
)
from rekisteri.privacy.vocabulary import Basis, Category

TODAY = dt.date(2025, 6, 1)


def _complete_processor(**overrides: object) -> Processor:
    """An unsaved processor with every paper in order on TODAY."""
    values: dict[str, object] = {
        "name": "Esimerkki Pilvi Oy",
        "service": "cloud_storage",
        "country": "FI",
        "transfer_mechanism": TransferMechanism.NONE,
        "dpa_signed_on": dt.date(2024, 1, 10),
        "review_on": dt.date(2026, 1, 10),
        "is_active": True,
        "is_example": False,
        **{name: True for _letter, name in ART_28_CLAUSES},
    }
    values.update(overrides)
    return Processor(**values)


def _codes(processor: Processor, today: dt.date = TODAY) -> set[WarningCode]:
    return {w.code for w in processor_warnings(processor, today)}


def test_a_processor_with_its_papers_in_order_raises_no_warning():
    assert processor_warnings(_complete_processor(), TODAY) == []


def test_a_processor_without_an_agreement_on_file_is_warned_about():
    assert _codes(_complete_processor(dpa_signed_on=None)) == {WarningCode.NO_DPA}


def test_a_review_date_in_the_past_is_overdue_but_today_is_not():
    assert _codes(_complete_processor(review_on=dt.date(2025, 5, 31))) == {
        WarningCode.REVIEW_OVERDUE
    }
    assert _codes(_complete_processor(review_on=TODAY)) == set()


def test_a_missing_review_date_is_warned_about():
    assert _codes(_complete_processor(review_on=None)) == {WarningCode.NO_REVIEW_DATE}


def test_missing_art_28_clauses_are_named_by_letter():
    processor = _complete_processor(has_security_measures=False, has_audit_rights=False)
    assert missing_clauses(processor) == ["c", "h"]
    with translation.override("en"):
        (warning,) = processor_warnings(processor, TODAY)
    assert warning.code is WarningCode.MISSING_CLAUSES
    assert "(c), (h)" in str(warning)


def test_clauses_are_not_listed_when_there_is_no_agreement_at_all():
    processor = _complete_processor(dpa_signed_on=None, has_confidentiality=False)
    assert _codes(processor) == {WarningCode.NO_DPA}


def test_a_us_processor_needs_a_transfer_mechanism():
    assert _codes(_complete_processor(country="US")) == {WarningCode.TRANSFER_UNSAFEGUARDED}
    assert _codes(_complete_processor(country="US", transfer_mechanism="adequacy")) == set()
    assert _codes(_complete_processor(country="US", transfer_mechanism="sccs")) == set()


def test_an_unknown_location_is_warned_about():
    assert _codes(_complete_processor(country="")) == {WarningCode.NO_COUNTRY}


def test_an_example_entry_is_marked_and_a_retired_processor_raises_nothing():
    assert WarningCode.EXAMPLE in _codes(_complete_processor(is_example=True))
    assert processor_warnings(_complete_processor(is_active=False, dpa_signed_on=None), TODAY) == []


def test_a_fresh_example_raises_every_missing_paper():
    example = Processor(name="x", service="email_marketing", is_example=True)
    assert _codes(example) == {
        WarningCode.EXAMPLE,
        WarningCode.NO_DPA,
        WarningCode.NO_REVIEW_DATE,
        WarningCode.NO_COUNTRY,
    }


@pytest.mark.parametrize(
    ("country", "third"),
    [("FI", False), ("se", False), ("NO", False), ("IS", False), ("US", True), ("GB", True),
     ("CH", True), ("", False)],
)  # fmt: skip
def test_third_countries_are_those_outside_the_eu_and_eea(country, third):
    assert is_third_country(country) is third


def test_a_transfer_within_the_eea_needs_no_mechanism():
    assert not transfer_lacks_safeguard("DE", "none")
    assert transfer_lacks_safeguard("IN", "none")
    assert not transfer_lacks_safeguard("IN", "bcrs")


@pytest.mark.parametrize(
    ("basis", "blocked"),
    [
        (Basis.CONSENT, False),
        (Basis.LEGAL_OBLIGATION, False),
        (Basis.CONTRACT, True),
        (Basis.LEGITIMATE_INTEREST, True),
    ],
)
def test_restricted_data_goes_out_only_on_consent_or_a_legal_obligation(basis, blocked):
    assert restriction_blocks_disclosure(is_restricted=True, basis=basis) is blocked
    assert restriction_blocks_disclosure(is_restricted=False, basis=basis) is False


@pytest.mark.parametrize(
    "reference", ["", "ORD-2025-0042", "J-7KQ2M9XD", "2025-0042", "PO 4512/2025", "#12345"]
)
def test_order_and_job_numbers_are_plain_references(reference):
    assert reference_problem(reference) is None


@pytest.mark.parametrize(
    "reference",
    [
        "Matti Meikäläinen",
        "0401234567",
        "040 123 4567",
        "131052-308T",
        "FI2112345600000785",
        "192.168.10.20",
        "matti@example.com 1",
        "x" * 41,
    ],
)
def test_personal_text_is_refused_as_a_reference(reference):
    assert reference_problem(reference)


def test_values_are_put_in_the_vocabulary_order_without_duplicates():
    assert ordered_values(["contact", "identity", "contact"], Category.values) == [
        "identity",
        "contact",
    ]
