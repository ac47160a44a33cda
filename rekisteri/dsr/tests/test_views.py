"""The request pages: who may open them, and the flows staff go through."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.dsr.models import RectificationEntry, Restriction, SubjectRequest
from rekisteri.dsr.rights import (
    record_lifting_notice,
    restrict_processing,
)
from rekisteri.dsr.services import (
    confirm_records,
    refuse_request,
)
from rekisteri.registers.sales.services import issue_voucher
from rekisteri.registers.sales.tests.factories import draft_for_customer

from .factories import EMAIL, make_customer, make_request, person_of, verify

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def intake_data(**overrides):
    data = {
        "kind": "access",
        "objection_scope": "",
        "channel": "in_shop",
        "requester_name": "Testi Asiakas",
        "requester_email": EMAIL,
        "requester_phone": "",
        "customer_number": "",
        "order_number": "",
        "reply_address": "",
        "language": "fi",
        "description": "Haluaa nähdä tietonsa.",
        "received_at": "",
    }
    data.update(overrides)
    return data


# --- Who may open what -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "intake", "listing", "mine"),
    [
        ("clerk", 200, 403, 403),
        ("technician", 200, 403, 403),
        ("hr", 200, 403, 403),
        ("registrar", 200, 200, 200),
        ("administrator", 200, 200, 403),
        ("outsider", 403, 403, 403),
        ("health_handler", 200, 403, 403),
    ],
)
def test_pages_follow_the_permission_matrix(request, client_for, persona, intake, listing, mine):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("dsr:request-intake")).status_code == intake
    assert client.get(reverse("dsr:request-list")).status_code == listing
    assert client.get(reverse("dsr:restriction-list")).status_code == listing
    assert client.get(reverse("dsr:request-mine")).status_code == mine


def test_the_administrator_reads_requests_but_handles_none(administrator, registrar, client_for):
    item = make_request(registrar)
    client = client_for(administrator)
    assert client.get(reverse("dsr:request-detail", args=[item.reference])).status_code == 200
    for name in ("request-identity", "request-discovery", "request-answer", "request-refuse"):
        assert client.get(reverse(f"dsr:{name}", args=[item.reference])).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client_for):
    response = client_for(None).get(reverse("dsr:request-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_reference_is_not_found(registrar, client_for):
    response = client_for(registrar).get(reverse("dsr:request-detail", args=["PR-NOPE"]))
    assert response.status_code == 404


# --- Intake ------------------------------------------------------------------------------


def test_a_clerk_receives_a_request_and_sees_only_what_they_entered(clerk, client_for):
    client = client_for(clerk)
    response = client.post(reverse("dsr:request-intake"), intake_data(), **EN)
    item = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dsr:request-received", args=[item.reference])
    page = client.get(response["Location"], **EN).content.decode()
    assert item.reference in page
    assert EMAIL in page
    assert f'href="{reverse("dsr:request-detail", args=[item.reference])}"' not in page
    assert item.received_by == clerk
    assert item.channel == "in_shop"


def test_another_clerk_cannot_open_the_confirmation(clerk, make_user, client_for):
    from rekisteri.accounts.roles import Role

    item = make_request(clerk)
    other = make_user("clerk2", Role.SALES_CLERK)
    url = reverse("dsr:request-received", args=[item.reference])
    assert client_for(other).get(url).status_code == 404
    assert client_for(clerk).get(url).status_code == 200


def test_intake_errors_keep_what_was_typed(clerk, client_for):
    response = client_for(clerk).post(
        reverse("dsr:request-intake"),
        intake_data(requester_email="not-an-email", requester_phone="12"),
        **EN,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid e-mail address." in page
    assert 'value="not-an-email"' in page
    assert not SubjectRequest.objects.exists()


def test_the_acknowledgement_is_printable_by_whoever_took_the_request(clerk, client_for):
    item = make_request(clerk)
    client = client_for(clerk)
    response = client.get(reverse("dsr:letter", args=[item.reference, "acknowledgement", "en"]))
    assert response.status_code == 200
    assert "We have received your request" in response.content.decode()
    assert (
        client.get(reverse("dsr:letter", args=[item.reference, "identity", "en"])).status_code
        == 404
    )


# --- Detail and steps --------------------------------------------------------------------


def test_opening_a_request_is_audited(registrar, client_for):
    item = make_request(registrar)
    response = client_for(registrar).get(reverse("dsr:request-detail", args=[item.reference]), **EN)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        type=EventType.RECORD_VIEWED, target_ref=item.reference, reason__startswith="request.viewed"
    ).exists()


def test_the_registrar_checks_identity_on_its_page(registrar, client_for):
    item = make_request(registrar)
    url = reverse("dsr:request-identity", args=[item.reference])
    client = client_for(registrar)
    bad = client.post(
        url, {"method": "id_shown", "outcome": "verified", "notes": "131052-308T"}, **EN
    )
    assert bad.status_code == 400
    assert "personal identity code" in bad.content.decode()
    good = client.post(url, {"method": "known_email", "outcome": "verified", "notes": ""})
    assert good.status_code == 302
    item.refresh_from_db()
    assert item.state == "in_progress"


def test_discovery_shows_the_evidence_and_confirms_the_ticked_people(registrar, client_for):
    customer = make_customer()
    homonym = make_customer(email="toinen@example.com", phone="050 765 4321")
    item = make_request(registrar)
    url = reverse("dsr:request-discovery", args=[item.reference])
    client = client_for(registrar)
    page = client.get(url, **EN).content.decode()
    assert person_of(customer).reference in page
    assert person_of(homonym).reference in page
    assert "E-mail → customer e-mail" in page or "E-mail →" in page
    assert AuditEvent.objects.filter(
        type=EventType.SEARCH_PERFORMED, reason__startswith=f"request.discovery {item.reference}"
    ).exists()
    response = client.post(url, {"people": [person_of(customer).reference]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.person == person_of(customer)


def test_discovery_refuses_an_unknown_reference(registrar, client_for):
    item = make_request(registrar)
    response = client_for(registrar).post(
        reverse("dsr:request-discovery", args=[item.reference]), {"extra_people": "H-NOBODY1"}, **EN
    )
    assert response.status_code == 400
    assert "H-NOBODY1" in response.content.decode()


def test_extension_refusal_answer_and_withdrawal_pages(registrar, client_for):
    client = client_for(registrar)
    item = make_request(registrar)
    response = client.post(
        reverse("dsr:request-extend", args=[item.reference]),
        {"months": "2", "reason": "Records in six registers."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.extension_months == 2
    answered = client.post(reverse("dsr:request-answer", args=[item.reference]), {"note": ""}, **EN)
    assert answered.status_code == 400
    answered = client.post(
        reverse("dsr:request-answer", args=[item.reference]), {"note": "No data held."}
    )
    assert answered.status_code == 302
    second = make_request(registrar)
    refused = client.post(
        reverse("dsr:request-refuse", args=[second.reference]),
        {"ground": "excessive", "reasons": "The same request twice this week, both answered."},
    )
    assert refused.status_code == 302
    third = make_request(registrar)
    withdrawn = client.post(
        reverse("dsr:request-withdraw", args=[third.reference]), {"note": "By phone."}
    )
    assert withdrawn.status_code == 302
    assert {r.state for r in SubjectRequest.objects.all()} == {"answered", "refused", "withdrawn"}


def test_assigning_a_request(registrar, client_for):
    item = make_request(registrar)
    response = client_for(registrar).post(
        reverse("dsr:request-assign", args=[item.reference]), {"assignee": registrar.pk}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.assignee == registrar
    mine = client_for(registrar).get(reverse("dsr:request-mine"))
    assert item.reference in mine.content.decode()


def test_the_rectify_page_corrects_a_field_and_notes_a_locked_voucher(registrar, client_for):
    customer = make_customer()
    voucher = issue_voucher(None, draft_for_customer(customer=customer), issued_on=dt.date.today())
    item = make_request(registrar, kind="rectification")
    confirm_records(registrar, item, people=[person_of(customer)])
    verify(registrar, item)
    client = client_for(registrar)
    url = reverse("dsr:request-rectify", args=[item.reference])
    page = client.get(url, **EN).content.decode()
    assert voucher.reference in page
    assert EMAIL in page
    email = customer.emails.get()
    ok = client.post(
        url,
        {
            "model_label": "customers.CustomerEmail",
            "object_id": email.pk,
            "field_name": "value",
            "new_value": "uusi@example.fi",
        },
    )
    assert ok.status_code == 302
    bad = client.post(
        url,
        {
            "model_label": "customers.CustomerEmail",
            "object_id": email.pk,
            "field_name": "value",
            "new_value": "rikki",
        },
        **EN,
    )
    assert bad.status_code == 400
    assert 'value="rikki"' in bad.content.decode()
    locked = client.post(
        url,
        {
            "model_label": "sales.Voucher",
            "object_id": voucher.pk,
            "field_name": "billed_name",
            "new_value": "Testi Korjattu",
        },
        follow=True,
        **EN,
    )
    assert "correction note" in locked.content.decode()
    assert RectificationEntry.objects.count() == 2


def test_restriction_pages_tell_before_lifting(registrar, client_for):
    customer = make_customer()
    person = person_of(customer)
    item = make_request(registrar, kind="restriction")
    confirm_records(registrar, item, people=[person])
    verify(registrar, item)
    client = client_for(registrar)
    response = client.post(
        reverse("dsr:request-restrict", args=[item.reference]),
        {"person": person.reference, "ground": "accuracy_contested", "notes": ""},
    )
    assert response.status_code == 302
    restriction = Restriction.objects.get()
    listing = client.get(reverse("dsr:restriction-list"), **EN).content.decode()
    assert restriction.reference in listing
    assert "Tell the person" in listing
    lift = client.post(reverse("dsr:restriction-lift", args=[restriction.reference]), follow=True)
    assert lift.status_code == 200
    restriction.refresh_from_db()
    assert restriction.is_active
    notice = client.post(
        reverse("dsr:restriction-notice", args=[restriction.reference]),
        {"reason": "Checked: the address is right.", "told_at": ""},
    )
    assert notice.status_code == 302
    client.post(reverse("dsr:restriction-lift", args=[restriction.reference]))
    restriction.refresh_from_db()
    assert not restriction.is_active


def test_the_objection_page_stops_marketing(registrar, client_for):
    customer = make_customer()
    item = make_request(registrar, kind="objection", objection_scope="direct_marketing")
    confirm_records(registrar, item, people=[person_of(customer)])
    url = reverse("dsr:request-objection", args=[item.reference])
    client = client_for(registrar)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.objection_decision == "upheld"
    access = make_request(registrar)
    assert client.get(reverse("dsr:request-objection", args=[access.reference])).status_code == 404


# --- Letters -----------------------------------------------------------------------------


def test_letters_come_as_html_text_and_pdf(registrar, client_for):
    item = make_request(registrar)
    client = client_for(registrar)
    for name, marker in (
        ("dsr:letter", b"<html"),
        ("dsr:letter-text", b"PR-"),
        ("dsr:letter-pdf", b"%PDF"),
    ):
        response = client.get(reverse(name, args=[item.reference, "acknowledgement", "en"]))
        assert response.status_code == 200
        assert marker in response.content
    assert (
        AuditEvent.objects.filter(
            reason__startswith=f"request.letter_viewed {item.reference}"
        ).count()
        == 3
    )


def test_a_letter_that_does_not_apply_is_not_found(registrar, client_for):
    item = make_request(registrar)
    client = client_for(registrar)
    assert (
        client.get(reverse("dsr:letter", args=[item.reference, "refusal", "en"])).status_code == 404
    )
    assert (
        client.get(
            reverse("dsr:letter", args=[item.reference, "acknowledgement", "sv"])
        ).status_code
        == 404
    )
    refuse_request(
        registrar, item, ground="excessive", reasons="Asked and answered twice this month."
    )
    assert (
        client.get(reverse("dsr:letter", args=[item.reference, "refusal", "en"])).status_code == 200
    )


# --- Dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_overdue_requests_to_the_registrar_only(registrar, clerk, client_for):
    old = make_request(registrar, now=timezone.now() - dt.timedelta(days=45))
    page = client_for(registrar).get(reverse("web:dashboard"), **EN).content.decode()
    assert old.reference in page
    assert "overdue by" in page
    clerk_page = client_for(clerk).get(reverse("web:dashboard"), **EN).content.decode()
    assert old.reference not in clerk_page


def test_the_lift_notice_letter_exists_once_the_person_was_told(registrar, client_for):
    customer = make_customer()
    item = make_request(registrar, kind="restriction")
    confirm_records(registrar, item, people=[person_of(customer)])
    verify(registrar, item)
    restriction = restrict_processing(
        registrar, item, person=person_of(customer), ground="legal_claims"
    )
    url = reverse("dsr:letter", args=[item.reference, "restriction-lift", "en"])
    client = client_for(registrar)
    assert client.get(url).status_code == 404
    record_lifting_notice(registrar, restriction, reason="The claim was settled.")
    page = client.get(url).content.decode()
    assert "The claim was settled." in page
