"""Each request type end to end through the staff pages, in Finnish and in English.

A clerk takes the request in the shop; the registrar checks the identity,
confirms the requester's records from the discovery proposals, does what the
request asks, prints the letter in the requester's language and closes the
request. The audit log holds every step, without the values.
"""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from rekisteri.audit.models import AuditEvent
from rekisteri.consent.services import is_suppressed
from rekisteri.disclosures.models import RecipientNotification
from rekisteri.disclosures.tests.factories import make_disclosure, make_recipient
from rekisteri.dsr.links import access_url
from rekisteri.dsr.models import SubjectRequest

from .factories import EMAIL, make_customer, person_of

pytestmark = pytest.mark.django_db

TEXTS = {
    "fi": {
        "acknowledgement": "Olemme vastaanottaneet pyyntösi",
        "rectification": "Tietosi on oikaistu",
        "restriction": "Tietojesi käsittelyä on rajoitettu",
        "restriction-lift": "Käsittelyn rajoitus poistetaan",
        "marketing": "Olemme lopettaneet sinuun kohdistuvan suoramarkkinoinnin",
        "weighing": "Vastustamisesi käsittelyn tulos",
        "complaint": "tietosuojavaltuutetulle",
        "art19": "Ilmoitamme oikaisusta kaikille",
    },
    "en": {
        "acknowledgement": "We have received your request",
        "rectification": "Your data has been corrected",
        "restriction": "Processing of your data has been restricted",
        "restriction-lift": "The restriction of processing will be lifted",
        "marketing": "We have stopped direct marketing to you",
        "weighing": "The outcome of your objection",
        "complaint": "Data Protection Ombudsman",
        "art19": "We inform everyone to whom your data was disclosed of the correction",
    },
}


@pytest.fixture(params=["fi", "en"])
def language(request):
    return request.param


def receive(client, language, **overrides) -> SubjectRequest:
    data = {
        "kind": "access",
        "objection_scope": "",
        "channel": "in_shop",
        "requester_name": "Testi Asiakas",
        "requester_email": EMAIL,
        "requester_phone": "",
        "customer_number": "",
        "order_number": "",
        "reply_address": "Esimerkkikatu 1 A 2\n40100 Jyväskylä",
        "language": language,
        "description": "",
        "received_at": "",
    }
    data.update(overrides)
    response = client.post(reverse("dsr:request-intake"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return SubjectRequest.objects.latest("id")


def verify_and_confirm(client, item, customer) -> None:
    ref = item.reference
    response = client.post(
        reverse("dsr:request-identity", args=[ref]),
        {"method": "known_email", "outcome": "verified", "notes": ""},
    )
    assert response.status_code == 302
    discovery = client.get(reverse("dsr:request-discovery", args=[ref]))
    assert person_of(customer).reference in discovery.content.decode()
    response = client.post(
        reverse("dsr:request-discovery", args=[ref]), {"people": [person_of(customer).reference]}
    )
    assert response.status_code == 302


def letter(client, item, kind) -> str:
    response = client.get(reverse("dsr:letter", args=[item.reference, kind, item.language]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def answer(client, item, note="") -> SubjectRequest:
    response = client.post(reverse("dsr:request-answer", args=[item.reference]), {"note": note})
    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    item.refresh_from_db()
    return item


def audited_steps(item) -> list[str]:
    reasons = AuditEvent.objects.filter(reason__contains=item.reference).values_list(
        "reason", flat=True
    )
    return sorted({reason.split(" ", 1)[0] for reason in reasons})


def test_access_request_from_intake_to_answer(language, clerk, registrar, client_for):
    customer = make_customer()
    shop = client_for(clerk)
    item = receive(shop, language)
    assert TEXTS[language]["acknowledgement"] in letter(shop, item, "acknowledgement")
    desk = client_for(registrar)
    desk.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    verify_and_confirm(desk, item, customer)
    detail = desk.get(reverse("dsr:request-detail", args=[item.reference])).content.decode()
    url = access_url(item)
    if url:
        assert url in detail
    item = answer(desk, item, note="Access letter handed over in the shop.")
    assert item.state == "answered"
    steps = audited_steps(item)
    for step in (
        "request.received",
        "request.identity_checked",
        "request.records_confirmed",
        "request.answered",
    ):
        assert step in steps
    assert EMAIL not in " ".join(
        AuditEvent.objects.filter(reason__contains=item.reference).values_list("reason", flat=True)
    )


def test_rectification_end_to_end(language, clerk, registrar, client_for):
    customer = make_customer()
    recipient = make_recipient()
    make_disclosure(person=person_of(customer), recipient=recipient)
    item = receive(client_for(clerk), language, kind="rectification", description="Uusi osoite")
    desk = client_for(registrar)
    verify_and_confirm(desk, item, customer)
    email = customer.emails.get()
    response = desk.post(
        reverse("dsr:request-rectify", args=[item.reference]),
        {
            "model_label": "customers.CustomerEmail",
            "object_id": email.pk,
            "field_name": "value",
            "new_value": "testi.uusi@example.fi",
        },
    )
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.value == "testi.uusi@example.fi"
    text = letter(desk, item, "rectification")
    assert TEXTS[language]["rectification"] in text
    assert f"{EMAIL}” → ”testi.uusi@example.fi" in text.replace("“", "”")
    assert TEXTS[language]["art19"] in text
    assert recipient.name in text
    assert RecipientNotification.objects.filter(request_ref=item.reference).count() == 1
    assert answer(desk, item).state == "answered"
    assert "request.rectified" in audited_steps(item)


def test_restriction_end_to_end(language, clerk, registrar, client_for):
    customer = make_customer()
    person = person_of(customer)
    item = receive(client_for(clerk), language, kind="restriction")
    desk = client_for(registrar)
    verify_and_confirm(desk, item, customer)
    response = desk.post(
        reverse("dsr:request-restrict", args=[item.reference]),
        {"person": person.reference, "ground": "accuracy_contested", "notes": ""},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_restricted
    text = letter(desk, item, "restriction")
    assert TEXTS[language]["restriction"] in text
    assert "18" in text
    # The clerk no longer finds the person; the registrar still does.
    card = reverse("web:person-detail", args=[person.reference])
    assert client_for(clerk).get(card).status_code == 404
    assert desk.get(card).status_code == 200
    assert answer(desk, item).state == "answered"
    # Later the accuracy is settled: tell the person first, then lift.
    restriction = item.restrictions.get()
    desk.post(
        reverse("dsr:restriction-notice", args=[restriction.reference]),
        {"reason": "Tiedot tarkistettiin ja ne ovat oikein.", "told_at": ""},
    )
    notice = letter(desk, item, "restriction-lift")
    assert TEXTS[language]["restriction-lift"] in notice
    assert "Tiedot tarkistettiin ja ne ovat oikein." in notice
    desk.post(reverse("dsr:restriction-lift", args=[restriction.reference]))
    person.refresh_from_db()
    assert not person.is_restricted
    steps = audited_steps(item)
    assert "request.restricted" in steps
    assert any(
        r.startswith("request.restriction_lift")
        for r in AuditEvent.objects.filter(target_ref=restriction.reference).values_list(
            "reason", flat=True
        )
    )


def test_marketing_objection_end_to_end(language, clerk, registrar, client_for):
    customer = make_customer()
    item = receive(
        client_for(clerk), language, kind="objection", objection_scope="direct_marketing"
    )
    desk = client_for(registrar)
    # No identity check: stopping marketing harms nobody and is done at once.
    desk.post(
        reverse("dsr:request-discovery", args=[item.reference]),
        {"people": [person_of(customer).reference]},
    )
    response = desk.post(reverse("dsr:request-objection", args=[item.reference]))
    assert response.status_code == 302
    assert is_suppressed("email", EMAIL)
    text = letter(desk, item, "objection")
    assert TEXTS[language]["marketing"] in text
    assert answer(desk, item).state == "answered"
    assert "request.objection_recorded" in audited_steps(item)


def test_legitimate_interest_objection_end_to_end(language, clerk, registrar, client_for):
    customer = make_customer()
    item = receive(
        client_for(clerk), language, kind="objection", objection_scope="legitimate_interest"
    )
    desk = client_for(registrar)
    verify_and_confirm(desk, item, customer)
    response = desk.post(
        reverse("dsr:request-objection", args=[item.reference]),
        {
            "decision": "compelling_grounds",
            "reasons": "Tilausten IP-osoitteita tarvitaan petosten torjuntaan 13 kuukautta.",
        },
    )
    assert response.status_code == 302
    text = letter(desk, item, "objection")
    assert TEXTS[language]["weighing"] in text
    assert "Tilausten IP-osoitteita tarvitaan" in text
    assert TEXTS[language]["complaint"] in text
    assert answer(desk, item).state == "answered"


ERASURE_TEXTS = {"fi": "Henkilötietonne on poistettu", "en": "Your personal data has been erased"}
ACCESS_TEXTS = {"fi": "tietosuojavaltuutetu", "en": "Data Protection Ombudsman"}


def test_access_letter_and_portability_bundle_for_a_request(language, clerk, registrar, client_for):
    import io
    import json
    import zipfile

    customer = make_customer()
    item = receive(client_for(clerk), language, kind="portability")
    desk = client_for(registrar)
    verify_and_confirm(desk, item, customer)
    page = desk.get(reverse("access:request-letter", args=[item.reference]) + f"?lang={language}")
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    assert EMAIL in body
    assert ACCESS_TEXTS[language].lower() in body.lower()
    bundle = desk.get(reverse("access:request-bundle", args=[item.reference]) + f"?lang={language}")
    assert bundle.status_code == 200
    assert bundle["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(bundle.streaming_content) if bundle.streaming else bundle.content)
    )
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["files"]
    assert any(EMAIL in archive.read(name).decode() for name in archive.namelist())
    assert answer(desk, item, note="Bundle sent by e-mail.").state == "answered"


def test_erasure_request_end_to_end(language, clerk, registrar, client_for):
    from rekisteri.erasure.models import ErasurePlan
    from rekisteri.registers.customers.models import CustomerEmail

    customer = make_customer()
    person = person_of(customer)
    item = receive(client_for(clerk), language, kind="erasure")
    desk = client_for(registrar)
    verify_and_confirm(desk, item, customer)
    made = desk.post(reverse("erasure:plan-for-request", args=[item.reference]))
    assert made.status_code == 302
    plan = ErasurePlan.objects.get(request_ref=item.reference, person=person)
    assert desk.post(reverse("erasure:plan-review", args=[plan.reference])).status_code == 302
    assert desk.post(reverse("erasure:plan-execute", args=[plan.reference])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "executed"
    assert not CustomerEmail.objects.filter(value=EMAIL).exists()
    response = desk.get(reverse("erasure:plan-letter", args=[plan.reference, language]))
    assert response.status_code == 200
    assert ERASURE_TEXTS[language] in html.unescape(response.content.decode())
    assert answer(desk, item, note="Erased; confirmation sent.").state == "answered"
