"""What each audience's notice says beyond the checklist (legal.md §0 and §5).

The customers' notice covers everything the shop's original notice said and
fixes its gaps; the applicants' and staff notices add what employment law asks.
No database: the inputs are given.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import translation

from rekisteri.notices import texts
from rekisteri.notices.audiences import unmapped_registers
from rekisteri.notices.checklist import check_notice
from rekisteri.notices.documents import (
    ControllerContact,
    RecipientInfo,
    build_notice,
    content_version,
    join_list,
    period_text,
)
from rekisteri.notices.models import Audience
from rekisteri.notices.tests.helpers import HANDLERS, inputs, notice_text, published, section
from rekisteri.privacy.retention import RULES
from rekisteri.privacy.vocabulary import RecipientType


@pytest.fixture(autouse=True)
def _read_in_english():
    """The notices here are built in English, so the texts they should contain are read in
    English too, whatever language an earlier test's request left active."""
    with translation.override("en"):
        yield


def test_every_register_is_covered_by_a_notice_or_excused():
    assert unmapped_registers() == set()


class TestCustomersNotice:
    """Everything the original notice of 6.11.2018 said is still said, gaps fixed."""

    @pytest.fixture
    def text(self):
        return notice_text(published(Audience.CUSTOMERS, "en"))

    def test_it_names_the_collection_channels_and_websites(self, text):
        assert "in person in our shop, by phone, by e-mail and through our websites" in text
        assert "www.ilaakso.fi and verkkokauppa.ilaakso.fi" in text
        assert "a third party you have authorised" in text

    def test_it_lists_the_registers_of_the_original_notice(self, text):
        for register in ("accounting program", "service database", "web-shop register"):
            assert register in text

    def test_it_explains_cookies_and_the_consent_they_need(self, text):
        assert "Cookies on our websites" in text
        assert "205 §" in text
        assert "rejecting is as easy as accepting" in text

    def test_it_says_the_order_ip_address_is_kept_for_its_own_shorter_period(self, text):
        period = period_text(RULES["order_ip_address"])
        assert "IP address of your connection is stored with the order" in text
        assert period in section(text, "The IP address of web-shop orders", "How we protect")

    def test_it_lists_the_disclosures_of_the_original_notice(self, text):
        recipients = section(text, "Recipients", "Transfers outside the EU/EEA")
        for kind in (
            "warranty registrations",
            "deliver products straight to you",
            "licence deliveries",
            "quote",
            "financing",
            "service and installation calls",
            "police",
            "auditor",
        ):
            assert kind in recipients

    def test_the_accounting_firm_is_a_processor_not_a_disclosure_by_law(self):
        notice = published(Audience.CUSTOMERS, "en")

        processors = " ".join(p.description for p in notice.processors)
        recipients = " ".join(r.description for r in notice.recipients)

        assert "accounting firm" in processors
        assert "accounting firm" not in recipients
        auditor = next(r for r in notice.recipients if "auditor" in r.description)
        assert auditor.role != texts.RecipientRole.PROCESSOR

    def test_it_states_the_security_measures(self, text):
        measures = section(text, "How we protect the data", "Changes to this notice")
        assert "encrypted at rest" in measures
        assert "audit log" in measures
        assert "locked and guarded premises" in measures

    def test_rights_can_be_used_in_the_shop_by_e_mail_or_by_letter(self, text):
        assert "in our shop at Vapaaherrantie 2, 40100 Jyväskylä during opening hours" in text
        assert "by e-mail to myynti@ilaakso.fi" in text
        assert "by letter to iLaakso IT Oy" in text

    def test_it_gives_periods_not_business_needs(self, text):
        """Legal.md §0 gap 1: "as long as business needs require" is no period."""
        assert "business needs" not in text
        assert "6 years from the end of the calendar year in which the financial year ended" in text
        notice = published(Audience.CUSTOMERS, "en")
        fixed = [r for r in notice.retention if not RULES[r.code].open_ended]
        assert all(any(ch.isdigit() for ch in r.period) for r in fixed)

    def test_it_says_no_identity_code_is_collected(self, text):
        assert "We do not collect customers' personal identity codes" in text


class TestApplicantsNotice:
    @pytest.fixture
    def text(self):
        return notice_text(published(Audience.APPLICANTS, "en"))

    def test_it_explains_the_two_year_retention_and_why(self, text):
        reason = section(text, "Why we keep applications for two years", "Talent pool")
        assert "2 years from the decision on the application" in reason
        assert "6652/154/19" in reason
        assert "discrimination claim" in reason

    def test_references_only_with_consent(self, text):
        assert "4 §" in section(text, "References and other sources", "Why we keep")
        assert "only with your consent" in text

    def test_the_talent_pool_rests_on_consent_that_can_be_withdrawn(self, text):
        pool = section(text, "Talent pool", "How we protect")
        assert period_text(RULES["open_applications"]) in pool
        assert "withdraw your consent at any time" in pool


class TestStaffNotice:
    @pytest.fixture
    def notice(self):
        return published(Audience.STAFF, "en")

    @pytest.fixture
    def text(self, notice):
        return notice_text(notice)

    def test_health_data_follows_ykstl_5_and_names_the_handlers(self, text):
        health = section(text, "Health data We process", "Occupational health care")
        assert "759/2004 5 §" in health
        assert join_list(HANDLERS) in health
        assert "kept separately" in health

    def test_without_named_handlers_it_says_none_is_processed(self):
        notice = build_notice(Audience.STAFF, inputs(health_handlers=()), "en")

        assert str(texts.HEALTH_NO_HANDLERS) in notice_text(notice)

    def test_the_identity_code_rests_on_tietosuojalaki_29(self, text):
        assert "Tietosuojalaki 1050/2018 29 §" in section(text, "Personal identity code", "Payroll")

    def test_payroll_tax_and_pension_recipients_are_named(self, notice, text):
        types = {r.recipient_type for r in notice.recipients}
        assert {RecipientType.TAX_AUTHORITY, RecipientType.PENSION_INSURER} <= types
        payroll = section(text, "Payroll, tax and pension", "How we protect")
        assert "Tax Administration" in payroll
        assert "pension insurer" in payroll

    def test_the_occupational_health_provider_is_a_separate_controller(self, notice, text):
        provider = next(
            r for r in notice.recipients if r.recipient_type == RecipientType.OCCUPATIONAL_HEALTH
        )
        assert provider.role == texts.RecipientRole.CONTROLLER
        assert "is a separate controller" in section(
            text, "Occupational health care", "Personal identity code"
        )


class TestVersions:
    def test_the_same_content_has_the_same_version(self):
        first = build_notice(Audience.CUSTOMERS, inputs(), "fi")
        second = build_notice(Audience.CUSTOMERS, inputs(), "fi")

        assert content_version(first) == content_version(second)
        assert len(content_version(first)) == 12

    def test_the_date_is_not_part_of_the_version(self):
        notice = published(Audience.CUSTOMERS, "fi")

        assert content_version(dataclasses.replace(notice, valid_from=None)) == notice.version

    def test_new_controller_details_give_a_new_version(self):
        before = build_notice(Audience.CUSTOMERS, inputs(), "fi")
        controller = dataclasses.replace(inputs().controller, phone="010 1234567")
        after = build_notice(Audience.CUSTOMERS, inputs(controller=controller), "fi")

        assert content_version(before) != content_version(after)

    def test_each_language_has_its_own_version(self):
        assert published(Audience.STAFF, "fi").version != published(Audience.STAFF, "en").version


class TestRegisters:
    """Recipients and processors come from the disclosures app's registers when it has them."""

    def test_a_named_recipient_replaces_the_kind(self):
        named = RecipientInfo(
            name="Esimerkki Rahoitus Oy",
            role="independent_controller",
            recipient_type=RecipientType.FINANCING,
        )
        notice = published(Audience.CUSTOMERS, "en", recipients=(named,))

        financing = [r for r in notice.recipients if r.recipient_type == RecipientType.FINANCING]
        assert [r.name for r in financing] == ["Esimerkki Rahoitus Oy"]
        assert "Esimerkki Rahoitus Oy" in notice_text(notice)

    def test_processors_of_other_audiences_are_left_out(self):
        payroll = RecipientInfo(
            name="Palkka Oy", role="processor", description="Payroll", audiences=("staff",)
        )
        hosting = RecipientInfo(name="Hosting Oy", role="processor", description="Hosting")
        customers = published(Audience.CUSTOMERS, "en", processors=(payroll, hosting))
        staff = published(Audience.STAFF, "en", processors=(payroll, hosting))

        assert [p.name for p in customers.processors if p.name] == ["Hosting Oy"]
        assert {p.name for p in staff.processors if p.name} == {"Palkka Oy", "Hosting Oy"}

    def test_a_transfer_with_its_safeguard_is_stated(self):
        mailer = RecipientInfo(
            name="Mailer Inc.",
            role="processor",
            description="E-mail marketing",
            country="US",
            outside_eea=True,
            safeguard="Standard contractual clauses (GDPR Art. 46(2)(c))",
        )
        notice = published(Audience.CUSTOMERS, "en", processors=(mailer,))

        assert "Mailer Inc., US: Standard contractual clauses" in " ".join(notice.transfers)
        assert all(item.ok for item in check_notice(notice))

    def test_a_transfer_without_a_safeguard_fails_the_checklist(self):
        mailer = RecipientInfo(name="Mailer Inc.", role="processor", country="US", outside_eea=True)
        notice = published(Audience.CUSTOMERS, "en", processors=(mailer,))

        failed = [item.article for item in check_notice(notice) if not item.ok]
        assert failed == ["13(1)(f)"]
        assert str(texts.SAFEGUARD_MISSING) in " ".join(notice.transfers)

    def test_without_transfers_the_notice_says_there_are_none(self):
        notice = published(Audience.CUSTOMERS, "en")

        assert notice.transfers == (str(texts.TRANSFERS_NONE),)


def test_the_periods_in_force_are_shown_not_the_defaults():
    rules = dict(RULES)
    rules["order_ip_address"] = dataclasses.replace(RULES["order_ip_address"], months=6)
    notice = published(Audience.CUSTOMERS, "en", rules=rules)

    periods = {r.code: r.period for r in notice.retention}
    assert periods["order_ip_address"] == "6 months from the date of the record"
    assert "keep it for 6 months" in notice_text(notice)


def test_a_data_protection_officer_is_named_when_one_is_appointed():
    controller = dataclasses.replace(inputs().controller, dpo="Tiina Tietosuoja, dpo@example.fi")
    notice = published(Audience.CUSTOMERS, "en", controller=controller)

    assert notice.dpo == "Data protection officer: Tiina Tietosuoja, dpo@example.fi"


@pytest.mark.parametrize(
    ("months", "days", "expected"),
    [(72, 0, "6 years"), (13, 0, "13 months"), (12, 0, "1 year"), (0, 7, "7 days")],
)
def test_periods_read_in_years_months_or_days(months, days, expected):
    rule = dataclasses.replace(RULES["order_ip_address"], months=months, days=days)

    with translation.override("en"):
        assert period_text(rule) == expected


def test_periods_read_in_finnish():
    with translation.override("fi"):
        assert period_text(RULES["accounting_vouchers"]) == "6 vuotta"
        assert period_text(RULES["order_ip_address"]) == "13 kuukautta"


def test_controller_contact_address_is_one_line():
    contact = ControllerContact(
        name="A Oy",
        business_id="2622560-3",
        street_address="Katu 1",
        postal_code="00100",
        city="Helsinki",
        phone="010 1",
        email="a@example.fi",
        contact_person="B",
    )

    assert contact.address == "Katu 1, 00100 Helsinki"
