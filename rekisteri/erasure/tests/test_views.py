"""The erasure pages: who may open them, review and execute, the request page and the letter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rekisteri.dsr.services import confirm_records
from rekisteri.dsr.tests.factories import make_request, verify
from rekisteri.erasure.models import ErasurePlan, PlanStatus
from rekisteri.erasure.services import execute_plan, make_plan, review_plan
from rekisteri.erasure.tests.records import CANARY_SURNAME, canary_world
from rekisteri.registers.webshop.models import Order

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def world():
    return canary_world()


@pytest.fixture
def plan(world, registrar):
    return make_plan(registrar, world.person, today=_today(), request_ref="PR-VIEW0001")


def test_the_registrar_sees_the_plan_list_others_get_403(client_for, registrar, clerk, hr, plan):
    url = reverse("erasure:plan-list")
    response = client_for(registrar).get(url)
    assert response.status_code == 200
    assert plan.reference in response.content.decode()
    assert client_for(clerk).get(url).status_code == 403
    assert client_for(hr).get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client_for, plan):
    response = client_for(None).get(reverse("erasure:plan-detail", args=[plan.reference]))
    assert response.status_code == 302


def test_the_plan_page_lists_items_by_register_with_their_statutes(client_for, registrar, plan):
    response = client_for(registrar).get(reverse("erasure:plan-detail", args=[plan.reference]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Kirjanpitolaki 1336/1997 2 luku 10 §" in text
    assert "billed_name" in text
    assert CANARY_SURNAME not in text  # codes and field names, never values


def test_an_administrator_may_not_open_a_plan(client_for, administrator, plan):
    response = client_for(administrator).get(reverse("erasure:plan-detail", args=[plan.reference]))
    assert response.status_code == 403


def test_review_then_execute_through_the_pages(client_for, registrar, plan):
    client = client_for(registrar)
    response = client.post(reverse("erasure:plan-review", args=[plan.reference]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVIEWED
    response = client.post(reverse("erasure:plan-execute", args=[plan.reference]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.EXECUTED
    assert not Order.objects.exists()


def test_executing_a_draft_is_refused_with_a_message(client_for, registrar, plan):
    url = reverse("erasure:plan-execute", args=[plan.reference])
    response = client_for(registrar).post(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Only a reviewed plan can be executed." in response.content.decode()
    finnish = client_for(registrar).post(url, HTTP_ACCEPT_LANGUAGE="fi")
    assert "Vain tarkistetun suunnitelman voi toteuttaa." in finnish.content.decode()
    assert Order.objects.exists()


def test_execute_needs_post(client_for, registrar, plan):
    response = client_for(registrar).get(reverse("erasure:plan-execute", args=[plan.reference]))
    assert response.status_code == 405


def test_an_unknown_plan_is_404(client_for, registrar):
    response = client_for(registrar).get(reverse("erasure:plan-detail", args=["EP-NOSUCH00"]))
    assert response.status_code == 404


def test_the_person_page_previews_and_makes_the_plan(client_for, registrar, world):
    client = client_for(registrar)
    url = reverse("erasure:plan-for-person", args=[world.person.reference])
    response = client.get(url)
    assert response.status_code == 200
    assert not ErasurePlan.objects.exists()  # a preview stores nothing
    response = client.post(url)
    plan = ErasurePlan.objects.get()
    assert response["Location"] == reverse("erasure:plan-detail", args=[plan.reference])


def test_the_request_page_makes_one_plan_per_confirmed_person(client_for, registrar, world):
    request = verify(
        registrar, make_request(registrar, kind="erasure", requester_email="zqx@example.fi")
    )
    confirm_records(registrar, request, people=[world.person])
    url = reverse("erasure:plan-for-request", args=[request.reference])
    client = client_for(registrar)
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    plan = ErasurePlan.objects.get()
    assert plan.person == world.person
    assert plan.request_ref == request.reference
    assert plan.reference in client.get(url).content.decode()


def test_the_request_page_of_an_unknown_request_is_404(client_for, registrar):
    url = reverse("erasure:plan-for-request", args=["PR-NOSUCH00"])
    assert client_for(registrar).get(url).status_code == 404


def test_the_letter_cites_the_ground_for_what_is_kept_in_both_languages(
    client_for, registrar, plan
):
    execute_plan(registrar, review_plan(registrar, plan), today=_today())
    client = client_for(registrar)
    english = client.get(reverse("erasure:plan-letter", args=[plan.reference, "en"]))
    text = english.content.decode()
    assert english.status_code == 200
    assert "GDPR Art. 17(3)(b)" in text
    assert "Kirjanpitolaki 1336/1997 2 luku 10 §" in text
    assert str(_today().year + 7) in text
    assert "Takuuhuolto Oy" in text  # the recipient told under Art. 19
    assert "Data Protection Ombudsman" in text
    finnish = client.get(reverse("erasure:plan-letter", args=[plan.reference, "fi"]))
    assert finnish.status_code == 200
    assert "tietosuojavaltuutet" in finnish.content.decode().lower()
    assert CANARY_SURNAME not in text


def test_the_letter_in_an_unknown_language_is_404(client_for, registrar, plan):
    url = reverse("erasure:plan-letter", args=[plan.reference, "sv"])
    assert client_for(registrar).get(url).status_code == 404


def test_the_holds_page_is_for_request_viewers(client_for, registrar, administrator, clerk):
    url = reverse("erasure:hold-list")
    assert client_for(registrar).get(url).status_code == 200
    assert client_for(administrator).get(url).status_code == 200
    assert client_for(clerk).get(url).status_code == 403


def test_only_an_executor_may_release_holds(client_for, registrar, administrator):
    url = reverse("erasure:hold-release")
    assert client_for(administrator).post(url).status_code == 403
    assert client_for(registrar).post(url).status_code == 302


def test_held_records_are_hidden_from_ordinary_roles(client_for, registrar, clerk, plan, world):
    execute_plan(registrar, review_plan(registrar, plan), today=_today())
    url = reverse("web:vouchers-list") if _has("web:vouchers-list") else None
    if url is None:
        pytest.skip("no voucher list screen")
    assert world.voucher.reference not in client_for(clerk).get(url).content.decode()
    assert world.voucher.reference in client_for(registrar).get(url).content.decode()


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_the_dashboard_shows_open_plans_to_the_registrar(client_for, registrar, clerk, plan):
    response = client_for(registrar).get(reverse("web:dashboard"))
    assert response.status_code == 200
    assert plan.reference in response.content.decode()
    assert plan.reference not in client_for(clerk).get(reverse("web:dashboard")).content.decode()
