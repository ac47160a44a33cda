"""The notification drafts: every item of GDPR Art. 33(3) and 34(2), in Finnish and English."""

from __future__ import annotations

import datetime as dt

import pytest

from rekisteri.breaches.drafts import LANGUAGES, authority_notification, people_communication

from .factories import NOW, unsaved

#: What the authority notification must show for a complete record, per language:
#: the section headings (Art. 33(3)(a)-(d)) and the item labels.
HEADINGS = {
    "en": {
        "a": "(a) Nature of the breach (GDPR Art. 33(3)(a))",
        "b": "(b) Contact point (GDPR Art. 33(3)(b))",
        "c": "(c) Likely consequences (GDPR Art. 33(3)(c))",
        "d": "(d) Measures taken or proposed (GDPR Art. 33(3)(d))",
    },
    "fi": {
        "a": "a) Loukkauksen luonne (tietosuoja-asetuksen 33 artiklan 3 kohdan a alakohta)",
        "b": "b) Yhteyshenkilö (tietosuoja-asetuksen 33 artiklan 3 kohdan b alakohta)",
        "c": "c) Todennäköiset seuraukset (tietosuoja-asetuksen 33 artiklan 3 kohdan c alakohta)",
        "d": "d) Toteutetut tai ehdotetut toimenpiteet "
        "(tietosuoja-asetuksen 33 artiklan 3 kohdan d alakohta)",
    },
}
ITEM_LABELS = {
    "en": {
        "a": [
            "Type of breach",
            "Description",
            "Cause",
            "Categories of data subjects",
            "Approximate number of data subjects",
            "Categories of personal data",
            "Approximate number of personal data records",
        ],
        "b": ["Name", "E-mail", "Phone"],
    },
    "fi": {
        "a": [
            "Loukkauksen tyyppi",
            "Kuvaus",
            "Syy",
            "Rekisteröityjen ryhmät",
            "Rekisteröityjen arvioitu lukumäärä",
            "Henkilötietoryhmät",
            "Henkilötietotietueiden arvioitu lukumäärä",
        ],
        "b": ["Nimi", "Sähköposti", "Puhelin"],
    },
}
VALUES = {
    "en": ["confidentiality breach", "Service customers", "about 120", "about 340"],
    "fi": ["luottamuksellisuuden loukkaus", "Huoltoasiakkaat", "noin 120", "noin 340"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_authority_draft_holds_every_item_of_article_33_3(language):
    breach = unsaved(occurred_at=NOW - dt.timedelta(hours=30))
    draft = authority_notification(breach, language, now=NOW)
    text = draft.as_text()

    for key, heading in HEADINGS[language].items():
        assert draft.section(key).heading == heading
        assert heading in text
    for key, labels in ITEM_LABELS[language].items():
        assert [i.label for i in draft.section(key).items][: len(labels)] == labels
    for typed in (
        breach.description,
        breach.consequences,
        breach.measures,
        breach.contact_name,
        breach.contact_email,
        breach.contact_phone,
    ):
        assert typed in text
    for value in VALUES[language]:
        assert value in text
    assert draft.missing == ()


def test_the_two_languages_differ_only_in_wording():
    english = authority_notification(unsaved(), "en", now=NOW)
    finnish = authority_notification(unsaved(), "fi", now=NOW)
    assert (
        english.title == "Notification of a personal data breach to the Data Protection Ombudsman"
    )
    assert (
        finnish.title == "Ilmoitus henkilötietojen tietoturvaloukkauksesta tietosuojavaltuutetulle"
    )
    assert [s.key for s in english.sections] == [s.key for s in finnish.sections]
    assert [len(s.items) for s in english.sections] == [len(s.items) for s in finnish.sections]


def test_unknown_items_are_marked_to_follow_in_phases():
    breach = unsaved(consequences="", contact_phone="", people_affected=None)
    draft = authority_notification(breach, "en", now=NOW)
    assert draft.missing == (
        "Breach occurred",
        "Approximate number of data subjects",
        "Phone",
        "Likely consequences for the data subjects",
    )
    assert "will be given in a later phase (GDPR Art. 33(4))" in draft.as_text()


def test_a_late_notification_draft_carries_the_reasons_for_the_delay():
    breach = unsaved(
        detected_at=NOW - dt.timedelta(hours=100),
        aware_at=NOW - dt.timedelta(hours=90),
        authority_delay_reason="The forensic report arrived only on day four.",
    )
    for language, label in (
        ("en", "Reasons for the delay (GDPR Art. 33(1))"),
        ("fi", "Syyt viivästykseen (tietosuoja-asetuksen 33 artiklan 1 kohta)"),
    ):
        timeline = authority_notification(breach, language, now=NOW).section("timeline")
        [item] = [i for i in timeline.items if i.label == label]
        assert item.value == breach.authority_delay_reason


def test_a_draft_still_in_time_has_no_delay_item():
    draft = authority_notification(unsaved(), "en", now=NOW)
    assert "Reasons for the delay" not in draft.as_text()


def test_an_overdue_draft_without_reasons_asks_for_them():
    breach = unsaved(
        detected_at=NOW - dt.timedelta(hours=80), aware_at=NOW - dt.timedelta(hours=73)
    )
    draft = authority_notification(breach, "en", now=NOW)
    assert "Reasons for the delay (GDPR Art. 33(1))" in draft.missing
    assert "[To be completed: the notification is late]" in draft.as_text()


def test_the_phased_flag_is_stated():
    phased = authority_notification(unsaved(is_phased=True), "en", now=NOW)
    assert "more information will follow in phases" in phased.as_text()


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        (
            "en",
            [
                "What happened",
                "What this may mean for you",
                "What we have done",
                "What you can do",
                "Who to contact",
            ],
        ),
        (
            "fi",
            [
                "Mitä tapahtui",
                "Mitä tämä voi merkitä sinulle",
                "Mitä olemme tehneet",
                "Mitä voit itse tehdä",
                "Yhteystiedot",
            ],
        ),
    ],
)
def test_the_communication_to_people_holds_every_item_of_article_34_2(language, headings):
    breach = unsaved(
        plain_description="A laptop with your service details was stolen.",
        advice_to_people="Be careful with messages that ask for your details.",
    )
    draft = people_communication(breach, language)
    text = draft.as_text()
    for heading in headings:
        assert heading in text
    for typed in (
        breach.plain_description,
        breach.consequences,
        breach.measures,
        breach.advice_to_people,
        breach.contact_name,
        breach.contact_email,
    ):
        assert typed in text
    assert breach.description not in text  # the plain-language text replaces it
    assert "tietosuoja.fi" in text
    assert draft.missing == ()


def test_the_communication_suggests_advice_when_none_was_written():
    breach = unsaved(data_categories=["online_account"], advice_to_people="")
    text = people_communication(breach, "en").as_text()
    assert "Change your password" in text
    text_fi = people_communication(breach, "fi").as_text()
    assert "Vaihda salasanasi" in text_fi


def test_the_communication_marks_what_is_still_missing():
    draft = people_communication(unsaved(measures="", contact_email=""), "en")
    assert draft.missing == ("What we have done", "E-mail")
    assert "[To be completed]" in draft.as_text()
