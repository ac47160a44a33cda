"""Every notice meets every item of GDPR Art. 13(1)–(2), 14 and 21(4), in both languages.

The built notice is checked item by item (``check_notice``), and the rendered
page is checked independently against the data map: every purpose with its
basis, every category, every source that is not the person, every retention
rule in force, every right. No database: the inputs are given.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation

from rekisteri.notices import texts
from rekisteri.notices.audiences import AUDIENCE_REGISTERS, SHARED_REGISTERS, declarations_for
from rekisteri.notices.checklist import check_notice, notice_passes
from rekisteri.notices.documents import period_from_trigger
from rekisteri.notices.models import Audience
from rekisteri.notices.tests.helpers import CONTROLLER, notice_text, published
from rekisteri.privacy.retention import RULES
from rekisteri.privacy.vocabulary import Basis, Category, Purpose, Source

CASES = [(audience, language) for audience in Audience for language in ("fi", "en")]


def _own_specs(audience):
    """The personal fields of the notice's own registers (shared ones are filtered)."""
    own = AUDIENCE_REGISTERS[audience]
    return [
        spec
        for declaration in declarations_for(audience)
        if declaration.register in own
        for spec in declaration.personal_fields()
    ]


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_every_checklist_item_passes(audience, language):
    notice = published(audience, language)

    failed = [item.article for item in check_notice(notice) if not item.ok]

    assert failed == []
    assert notice_passes(notice)


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_the_page_names_the_controller_and_how_to_reach_it(audience, language):
    text = notice_text(published(audience, language))

    for value in (
        CONTROLLER.name,
        CONTROLLER.business_id,
        CONTROLLER.street_address,
        "40100 Jyväskylä",
        CONTROLLER.phone,
        CONTROLLER.email,
        CONTROLLER.contact_person,
    ):
        assert value in text
    with translation.override(language):
        assert (
            str(texts.DPO_NONE)
            % {
                "controller": CONTROLLER.name,
                "contact": CONTROLLER.contact_person,
            }
            in text
        )


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_every_purpose_of_the_data_map_appears_with_its_basis(audience, language):
    notice = published(audience, language)
    text = notice_text(notice)
    rows = {p.code: p for p in notice.purposes}

    with translation.override(language):
        for spec in _own_specs(audience):
            for purpose in spec.purposes:
                assert purpose in rows, purpose
                assert str(Basis(spec.basis).label) in rows[purpose].bases
                assert str(purpose.label) in text
            assert str(Basis(spec.basis).label) in text


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_legitimate_interests_are_named_wherever_they_are_the_basis(audience, language):
    notice = published(audience, language)
    text = notice_text(notice)

    with translation.override(language):
        for spec in _own_specs(audience):
            if spec.basis == Basis.LEGITIMATE_INTEREST:
                for purpose in spec.purposes:
                    assert str(texts.LEGITIMATE_INTERESTS[purpose]).lower() in text.lower()
        # Keeping data for claims after the relationship rests on Art. 6(1)(f) too.
        if any("6(1)(f)" in RULES[s.retention].basis for s in _own_specs(audience)):
            assert str(texts.LEGITIMATE_INTERESTS[Purpose.LEGAL_CLAIMS]).lower() in text.lower()


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_every_category_has_a_retention_period(audience, language):
    notice = published(audience, language)
    text = notice_text(notice)

    with translation.override(language):
        for spec in _own_specs(audience):
            assert str(Category(spec.category).label) in text
            rule = RULES[spec.retention]
            assert period_from_trigger(rule) in {r.period for r in notice.retention}
            assert str(rule.title) in text


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_data_not_from_the_person_is_listed_with_its_source(audience, language):
    """GDPR Art. 14(1)(d) and 14(2)(f): categories and source of data from others."""
    notice = published(audience, language)
    from_others = {c.code: c for c in notice.from_others}

    with translation.override(language):
        for spec in _own_specs(audience):
            if spec.source == Source.SUBJECT:
                continue
            entry = from_others[spec.category]
            assert str(Source(spec.source).label) in entry.sources


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_every_right_is_stated_with_how_to_use_it(audience, language):
    notice = published(audience, language)
    text = notice_text(notice)

    with translation.override(language):
        for title, _text in texts.RIGHTS.values():
            assert str(title) in text
        assert str(texts.COMPLAINT) in text
        assert "www.tietosuoja.fi" in text
        assert "Tietosuojavaltuutetun toimisto" in text
        assert str(texts.AUTOMATED) in text
        assert str(texts.CONSENT_WITHDRAWAL[audience]) in text
        assert CONTROLLER.email in " ".join(notice.exercise)


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_the_right_to_object_stands_apart_before_the_rest(audience, language):
    """GDPR Art. 21(4): clearly and separately, at the latest at the first communication."""
    notice = published(audience, language)
    markup = notice_text(notice)

    with translation.override(language):
        title = str(texts.OBJECTION_TITLE)
        assert markup.index(title) < markup.index(notice.purposes[0].label)
        assert "21" in notice.objection[0]


@pytest.mark.parametrize(("audience", "language"), CASES, ids=lambda v: str(v))
def test_every_basis_used_says_whether_the_data_is_required(audience, language):
    notice = published(audience, language)
    used = {b for p in notice.purposes for b in p.basis_codes}

    assert {r.code for r in notice.requirements} == used


def test_a_notice_missing_an_item_fails_that_item():
    notice = published(Audience.CUSTOMERS, "en")
    broken = dataclasses.replace(
        notice,
        complaint="Complain to someone.",
        objection=(),
        purposes=tuple(dataclasses.replace(p, legitimate_interests=()) for p in notice.purposes),
        version="",
    )

    failed = {item.article for item in check_notice(broken) if not item.ok}

    assert failed == {"13(1)(d)", "13(2)(d)", "21(4)", "13(3)"}


def test_shared_registers_appear_only_for_the_notice_s_own_purposes():
    notice = published(Audience.APPLICANTS, "en")

    assert "subjects" in SHARED_REGISTERS
    # The person index also serves sales, customer relationships and employment; an
    # applicant's notice shows it only for recruitment. The disclosure log, a common
    # register, adds its own purpose (GDPR Art. 5(2)) to every notice.
    assert {p.code for p in notice.purposes} <= {"recruitment", "legal_claims", "accountability"}
    assert "Name and identification" in {c.label for c in notice.categories}
