"""The breach pages end to end: who may open them, and the flows staff go through."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.breaches.models import Breach

from .factories import breach_data, make_breach

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def form_data(**overrides: Any) -> dict[str, Any]:
    """The breach form as a browser posts it: local times, checked boxes only."""
    values = breach_data(**overrides)
    data: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, dt.datetime):
            data[name] = _local(value)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    data.setdefault("risk_level", "unassessed")
    data.setdefault("authority_decision", "undecided")
    data.setdefault("people_decision", "undecided")
    return data


def _now_breach(**overrides: Any) -> Breach:
    now = timezone.now()
    values = {
        "detected_at": now - dt.timedelta(hours=3),
        "aware_at": now - dt.timedelta(hours=2),
        **overrides,
    }
    return make_breach(now=now, **values)


def _pages(breach: Breach) -> list[str]:
    ref = breach.reference
    return [
        reverse("breaches:breach-list"),
        reverse("breaches:breach-create"),
        reverse("breaches:breach-detail", args=[ref]),
        reverse("breaches:breach-edit", args=[ref]),
        reverse("breaches:breach-countdown", args=[ref]),
        *[
            reverse(f"breaches:{kind}", args=[ref, language])
            for kind in (
                "authority-draft",
                "authority-draft-text",
                "people-draft",
                "people-draft-text",
            )
            for language in ("fi", "en")
        ],
    ]


# --- Who may open the pages -------------------------------------------------------------


def test_the_registrar_and_the_administrator_open_every_breach_page(
    client_for, registrar, administrator
):
    breach = _now_breach()
    for user in (registrar, administrator):
        client = client_for(user)
        for url in _pages(breach):
            assert client.get(url).status_code == 200, url


def test_staff_without_breach_rights_are_refused(
    client_for, clerk, technician, hr, health_handler, outsider
):
    breach = _now_breach()
    for user in (clerk, technician, hr, health_handler, outsider):
        client = client_for(user)
        for url in _pages(breach):
            assert client.get(url).status_code == 403, (user.username, url)
        assert (
            client.post(reverse("breaches:breach-close", args=[breach.reference])).status_code
            == 403
        )
        assert client.post(reverse("breaches:breach-create"), form_data()).status_code == 403
    assert Breach.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_the_login_page(client_for):
    breach = _now_breach()
    for url in _pages(breach):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_breach_or_language_is_not_found(client_for, registrar):
    breach = _now_breach()
    client = client_for(registrar)
    assert client.get(reverse("breaches:breach-detail", args=["B-NOSUCH"])).status_code == 404
    url = reverse("breaches:authority-draft", args=[breach.reference, "sv"])
    assert client.get(url).status_code == 404


# --- Recording a breach and the countdown -------------------------------------------------


def test_recording_a_breach_starts_the_countdown(client_for, registrar):
    client = client_for(registrar)
    now = timezone.now()
    data = form_data(detected_at=now - dt.timedelta(hours=3), aware_at=now - dt.timedelta(hours=2))

    response = client.post(reverse("breaches:breach-create"), data, **EN)

    breach = Breach.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("breaches:breach-detail", args=[breach.reference])
    assert breach.data_categories == ["contact", "service"]
    assert breach.subject_categories == ["service_customers"]
    event = AuditEvent.objects.get(target_ref=breach.reference)
    assert event.type == EventType.BREACH_RECORDED
    assert event.actor_id == registrar.pk

    detail = client.get(response["Location"], **EN).content.decode()
    assert "2 d 2" in detail  # about 70 hours left
    assert "left" in detail
    listing = client.get(reverse("breaches:breach-list"), **EN).content.decode()
    assert breach.reference in listing
    assert "left" in listing


def test_the_countdown_reads_in_finnish_by_default(client_for, registrar):
    breach = _now_breach()
    page = client_for(registrar).get(reverse("breaches:breach-detail", args=[breach.reference]))
    assert "Aikaa jäljellä 2 vrk" in page.content.decode()


def test_an_overdue_breach_carries_the_overdue_badge(client_for, registrar):
    now = timezone.now()
    breach = _now_breach(
        detected_at=now - dt.timedelta(hours=80), aware_at=now - dt.timedelta(hours=75)
    )
    client = client_for(registrar)
    listing = client.get(reverse("breaches:breach-list"), **EN).content.decode()
    assert "badge badge-restricted" in listing
    assert "Overdue by 3 h" in listing
    detail = client.get(reverse("breaches:breach-detail", args=[breach.reference]), **EN)
    assert "Overdue by 3 h" in detail.content.decode()


def test_a_form_with_errors_keeps_what_was_typed(client_for, registrar):
    client = client_for(registrar)
    now = timezone.now()
    data = form_data(
        title="",
        detected_at=now - dt.timedelta(hours=3),
        aware_at=now + dt.timedelta(hours=2),
        contact_phone="not a phone",
    )

    response = client.post(reverse("breaches:breach-create"), data, **EN)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"title", "aware_at", "contact_phone"}
    assert "This time is in the future." in errors["aware_at"]
    page = response.content.decode()
    assert "An unencrypted service laptop" in page
    assert not Breach.objects.exists()


# --- Deciding to notify, and a late notification ---------------------------------------------


def test_deciding_to_notify_late_requires_the_reasons_for_the_delay(client_for, registrar):
    now = timezone.now()
    breach = _now_breach(
        detected_at=now - dt.timedelta(hours=90), aware_at=now - dt.timedelta(hours=80)
    )
    client = client_for(registrar)
    url = reverse("breaches:breach-edit", args=[breach.reference])
    data = form_data(
        detected_at=breach.detected_at,
        aware_at=breach.aware_at,
        risk_level="risk",
        risk_reasons="Contact details; phishing is possible.",
        authority_decision="notify",
        authority_notified_at=now - dt.timedelta(minutes=5),
    )

    refused = client.post(url, data, **EN)

    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert list(errors) == ["authority_delay_reason"]
    assert "give the reasons for the delay (GDPR Art. 33(1))" in errors["authority_delay_reason"][0]
    assert "Contact details; phishing is possible." in refused.content.decode()
    assert Breach.objects.get(pk=breach.pk).authority_notified_at is None

    data["authority_delay_reason"] = "The scope became clear only after the weekend."
    accepted = client.post(url, data, **EN)

    assert accepted.status_code == 302
    stored = Breach.objects.get(pk=breach.pk)
    assert stored.authority_decision == "notify"
    assert stored.authority_notified_at is not None
    event = AuditEvent.objects.filter(target_ref=breach.reference).order_by("id").last()
    assert event is not None
    assert event.type == EventType.BREACH_UPDATED
    assert event.reason == "authority notified late"
    assert "authority_delay_reason" in event.fields
    assert "weekend" not in event.reason
    detail = client.get(accepted["Location"], **EN).content.decode()
    assert "Notified 7 h" in detail  # 80 h after awareness, minus the 5 minutes
    assert "late" in detail


def test_notifying_in_time_shows_notified_in_time(client_for, registrar):
    breach = _now_breach()
    client = client_for(registrar)
    data = form_data(
        detected_at=breach.detected_at,
        aware_at=breach.aware_at,
        authority_decision="notify",
        authority_notified_at=timezone.now() - dt.timedelta(minutes=1),
    )
    response = client.post(reverse("breaches:breach-edit", args=[breach.reference]), data, **EN)
    assert response.status_code == 302
    listing = client.get(reverse("breaches:breach-list"), **EN).content.decode()
    assert "Notified in time" in listing


def test_not_notifying_a_risky_breach_is_refused(client_for, registrar):
    breach = _now_breach()
    data = form_data(
        detected_at=breach.detected_at,
        aware_at=breach.aware_at,
        risk_level="high",
        risk_reasons="Passwords leaked.",
        authority_decision="not_required",
        people_decision="not_required",
    )
    response = client_for(registrar).post(
        reverse("breaches:breach-edit", args=[breach.reference]), data, **EN
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {
        "authority_decision",
        "authority_decision_reasons",
        "people_decision",
    }


# --- Closing ---------------------------------------------------------------------------------


def test_a_breach_closes_only_when_handled_and_is_then_read_only(client_for, registrar):
    breach = _now_breach()
    client = client_for(registrar)
    close_url = reverse("breaches:breach-close", args=[breach.reference])

    refused = client.post(close_url, follow=True, **EN)
    assert "Assess the risk before closing the breach." in refused.content.decode()
    assert Breach.objects.get(pk=breach.pk).closed_at is None

    data = form_data(
        detected_at=breach.detected_at,
        aware_at=breach.aware_at,
        risk_level="none",
        risk_reasons="Encrypted disk.",
        authority_decision="not_required",
        authority_decision_reasons="The disk was encrypted with a strong key.",
        people_decision="not_required",
    )
    edit_url = reverse("breaches:breach-edit", args=[breach.reference])
    assert client.post(edit_url, data).status_code == 302
    assert client.post(close_url).status_code == 302
    assert Breach.objects.get(pk=breach.pk).is_closed

    assert client.get(edit_url).status_code == 302  # back to the detail page
    assert client.post(edit_url, data).status_code == 302
    reopen = client.post(reverse("breaches:breach-reopen", args=[breach.reference]))
    assert reopen.status_code == 302
    assert not Breach.objects.get(pk=breach.pk).is_closed


def test_the_countdown_fragment_keeps_polling(client_for, registrar):
    breach = _now_breach()
    url = reverse("breaches:breach-countdown", args=[breach.reference])
    body = client_for(registrar).get(url).content.decode()
    assert f'hx-get="{url}"' in body
    assert 'hx-trigger="every 60s"' in body


def test_closing_and_reopening_accept_only_post(client_for, registrar):
    breach = _now_breach()
    client = client_for(registrar)
    assert client.get(reverse("breaches:breach-close", args=[breach.reference])).status_code == 405
    assert client.get(reverse("breaches:breach-reopen", args=[breach.reference])).status_code == 405


# --- Drafts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            [
                "Ilmoitus henkilötietojen tietoturvaloukkauksesta tietosuojavaltuutetulle",
                "a) Loukkauksen luonne",
                "b) Yhteyshenkilö",
                "c) Todennäköiset seuraukset",
                "d) Toteutetut tai ehdotetut toimenpiteet",
            ],
        ),
        (
            "en",
            [
                "Notification of a personal data breach to the Data Protection Ombudsman",
                "(a) Nature of the breach",
                "(b) Contact point",
                "(c) Likely consequences",
                "(d) Measures taken or proposed",
            ],
        ),
    ],
)
def test_the_authority_draft_pages_hold_every_article_33_3_item(
    client_for, registrar, language, expected
):
    breach = _now_breach()
    client = client_for(registrar)
    page = client.get(reverse("breaches:authority-draft", args=[breach.reference, language]))
    text = client.get(reverse("breaches:authority-draft-text", args=[breach.reference, language]))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    for body in (html.unescape(page.content.decode()), text.content.decode()):
        for phrase in [
            *expected,
            breach.description,
            breach.consequences,
            breach.measures,
            breach.contact_email,
            "120",
            "340",
        ]:
            assert phrase in body, phrase


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_communication_page_serves_as_the_public_notice_under_exception_c(
    client_for, registrar, language
):
    breach = _now_breach(
        risk_level="high",
        risk_reasons="Passwords leaked.",
        people_decision="exempt",
        people_exception="disproportionate",
    )
    page = client_for(registrar).get(
        reverse("breaches:people-draft", args=[breach.reference, language]), **EN
    )
    body = page.content.decode()
    assert "Public communication" in body
    assert breach.contact_email in body


# --- Dashboard -------------------------------------------------------------------------------


def test_the_dashboard_shows_open_breaches_with_the_time_left(client_for, registrar, clerk):
    breach = _now_breach()
    page = client_for(registrar).get(reverse("web:dashboard"), **EN).content.decode()
    assert "Open breaches" in page
    assert breach.reference in page
    assert "left" in page
    assert (
        "Open breaches"
        not in client_for(clerk).get(reverse("web:dashboard"), **EN).content.decode()
    )
