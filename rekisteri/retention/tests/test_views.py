"""Retention pages: who may open them, changing a period through the form, running the purge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rekisteri.retention.models import PurgeRun, RuleOverride
from rekisteri.retention.services import execute_purge

from .records import order_on

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["registrar", "administrator"])
def test_the_retention_page_opens_for_holders_of_retention_view(persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(reverse("retention:rules"))
    assert response.status_code == 200
    assert "Kirjanpitolaki 1336/1997 2 luku 10 §" in response.content.decode()


@pytest.mark.parametrize("persona", ["clerk", "technician", "hr", "outsider"])
def test_the_retention_page_is_refused_to_others(persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get(reverse("retention:rules"))
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_login(client_for):
    response = client_for(None).get(reverse("retention:rules"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_page_shows_what_is_due_proposals_and_past_runs(registrar, client_for):
    order_on(dt.date(2000, 1, 10))
    execute_purge(None, dt.date(2000, 1, 11))

    page = client_for(registrar).get(reverse("retention:rules")).content.decode()

    assert "purchase_history" in page
    assert "badge-proposal" in page
    assert "system" in page  # the past run
    assert reverse("retention:run") not in page  # registrar may not run it


def test_the_periods_page_is_for_the_administrator_only(administrator, registrar, client_for):
    url = reverse("retention:overrides")
    assert client_for(administrator).get(url).status_code == 200
    assert client_for(registrar).get(url).status_code == 403
    assert client_for(registrar).post(url, {}).status_code == 403


def test_the_administrator_extends_a_rule_through_the_form(administrator, client_for):
    response = client_for(administrator).post(
        reverse("retention:overrides"),
        {"rule": "accounting_vouchers", "months": "84", "days": "0", "reason": "Tax audit."},
    )

    assert response.status_code == 302
    override = RuleOverride.objects.get()
    assert (override.months, override.reason) == (84, "Tax audit.")


def test_shortening_vouchers_shows_the_statute_and_keeps_what_was_typed(administrator, client_for):
    response = client_for(administrator).post(
        reverse("retention:overrides"),
        {"rule": "accounting_vouchers", "months": "24", "days": "0", "reason": "Save disk."},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kirjanpitolaki 1336/1997 2 luku 10 §" in page
    assert "Save disk." in page
    assert not RuleOverride.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"rule": "order_ip_address", "months": "-1", "days": "0", "reason": "x"},
        {"rule": "order_ip_address", "months": "6", "days": "0", "reason": "   "},
        {"rule": "nonsense", "months": "6", "days": "0", "reason": "x"},
        {"rule": "order_ip_address", "months": "six", "days": "0", "reason": "x"},
    ],
)
def test_bad_input_is_refused_with_errors(administrator, client_for, data):
    response = client_for(administrator).post(reverse("retention:overrides"), data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not RuleOverride.objects.exists()


def test_the_administrator_goes_back_to_the_default(administrator, client_for):
    client = client_for(administrator)
    client.post(
        reverse("retention:overrides"),
        {"rule": "order_ip_address", "months": "6", "days": "0", "reason": "Trial."},
    )
    override = RuleOverride.objects.get()
    url = reverse("retention:override-end", args=[override.pk])

    missing = client.post(url, {f"end-{override.pk}-reason": ""})
    assert missing.status_code == 400
    done = client.post(url, {f"end-{override.pk}-reason": "Trial over."})

    assert done.status_code == 302
    override.refresh_from_db()
    assert not override.active
    assert override.end_reason == "Trial over."


def test_the_administrator_runs_the_purge_now(administrator, registrar, client_for):
    order_on(dt.date(2000, 1, 10))
    assert client_for(registrar).post(reverse("retention:run")).status_code == 403

    response = client_for(administrator).post(reverse("retention:run"), follow=True)

    assert response.status_code == 200
    run = PurgeRun.objects.get()
    assert run.actor_label == "owner"
    assert run.total >= 1


def test_running_needs_a_post(administrator, client_for):
    assert client_for(administrator).get(reverse("retention:run")).status_code == 405


def test_the_dashboard_shows_what_is_due_to_retention_viewers(registrar, clerk, client_for):
    order_on(dt.date(2000, 1, 10))

    page = client_for(registrar).get(reverse("web:dashboard")).content.decode()
    assert reverse("retention:rules") in page
    link = f'href="{reverse("retention:rules")}"'
    cards = page.split('<section class="card">')[1:]
    card = next(c for c in cards if link in c and "<ul" in c)
    assert ": 3</li>" in card  # the order and its two lines
    other = client_for(clerk).get(reverse("web:dashboard")).content.decode()
    assert reverse("retention:rules") not in other
