"""The voucher screens and the lines, issue and correct pages, for allowed and denied personas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import translation

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.registers.customers.tests.factories import private_customer
from rekisteri.registers.sales.models import Voucher, VoucherKind, VoucherStatus
from rekisteri.registers.sales.services import issue_voucher
from rekisteri.registers.sales.tests.factories import customer_of, draft_for_customer, person_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(clerk):
    return issue_voucher(clerk, draft_for_customer(clerk), issued_on=dt.date(2026, 3, 10))


def test_clerk_and_registrar_see_the_voucher_list(clerk, registrar, client_for, issued):
    for user in (clerk, registrar):
        response = client_for(user).get(reverse("web:vouchers-list"))
        assert response.status_code == 200
        assert issued.number in response.content.decode()


def test_a_role_without_sales_gets_403_and_anonymous_goes_to_login(technician, client_for, issued):
    urls = [
        reverse("web:vouchers-list"),
        reverse("web:vouchers-detail", args=[issued.reference]),
        reverse("sales:voucher-lines", args=[issued.reference]),
    ]
    for url in urls:
        assert client_for(technician).get(url).status_code == 403
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_an_unknown_voucher_is_404(clerk, client_for):
    client = client_for(clerk)
    for name in ("web:vouchers-detail", "sales:voucher-lines", "sales:voucher-issue"):
        assert client.get(reverse(name, args=["T-NOTHERE"])).status_code == 404


def test_detail_offers_lines_issue_and_correct_to_a_clerk_only_lines_to_the_registrar(
    clerk, registrar, client_for, issued
):
    url = reverse("web:vouchers-detail", args=[issued.reference])
    body = client_for(clerk).get(url).content.decode()
    assert reverse("sales:voucher-correct", args=[issued.reference]) in body
    body = client_for(registrar).get(url).content.decode()
    assert reverse("sales:voucher-lines", args=[issued.reference]) in body
    assert reverse("sales:voucher-correct", args=[issued.reference]) not in body


def test_creating_a_draft_through_the_screen_finds_the_customer_by_number(clerk, client_for):
    customer = private_customer(clerk)
    response = client_for(clerk).post(
        reverse("web:vouchers-create"),
        {"kind": VoucherKind.SALES_INVOICE, "customer_number": customer.customer_number},
    )
    voucher = Voucher.objects.get()
    assert response.status_code == 302
    assert voucher.status == VoucherStatus.DRAFT
    assert voucher.customer == customer
    assert voucher.billed_name == "Testi Asiakas"


def test_an_unknown_customer_number_is_an_error_and_the_input_is_kept(clerk, client_for):
    with translation.override("en"):
        response = client_for(clerk).post(
            reverse("web:vouchers-create"),
            {"kind": VoucherKind.RECEIPT, "customer_number": "99999", "billed_name": "Kirjoitettu"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="99999"' in body
    assert 'value="Kirjoitettu"' in body
    assert not Voucher.objects.exists()


def test_registrar_cannot_create_or_edit_vouchers(registrar, client_for, clerk):
    draft = draft_for_customer(clerk)
    client = client_for(registrar)
    assert client.get(reverse("web:vouchers-create")).status_code == 403
    assert client.get(reverse("web:vouchers-edit", args=[draft.reference])).status_code == 403


def test_a_draft_can_be_edited_through_the_screen(clerk, client_for):
    draft = draft_for_customer(clerk)
    response = client_for(clerk).post(
        reverse("web:vouchers-edit", args=[draft.reference]),
        {
            "kind": VoucherKind.SALES_INVOICE,
            "customer_number": customer_of(draft).customer_number,
            "billed_name": "Testi Asiakas",
            "billed_address": "Toinen katu 9\n40100 Jyväskylä",
            "billed_email": "",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.billed_address == "Toinen katu 9\n40100 Jyväskylä"


def test_the_generic_edit_refuses_an_issued_voucher(clerk, client_for, issued):
    url = reverse("web:vouchers-edit", args=[issued.reference])
    with translation.override("en"):
        response = client_for(clerk).post(
            url,
            {"kind": VoucherKind.RECEIPT, "billed_name": "Joku Muu", "billed_address": "X"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "An issued voucher cannot be edited" in response.content.decode()
    stored = Voucher.objects.get(pk=issued.pk)
    assert (stored.kind, stored.billed_name) == (VoucherKind.SALES_INVOICE, "Testi Asiakas")
    assert not AuditEvent.objects.filter(
        type=EventType.RECORD_UPDATED,
        target_ref=issued.reference,
        actor_id=clerk.pk,
        at__gt=stored.issued_at,
    ).exists()


def test_lines_page_shows_lines_and_vat_and_is_logged(registrar, client_for, issued):
    response = client_for(registrar).get(reverse("sales:voucher-lines", args=[issued.reference]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kannettava tietokone" in body
    assert "1054.17" in body or "1054,17" in body
    assert reverse("sales:voucher-line-add", args=[issued.reference]) not in body
    event = AuditEvent.objects.filter(type=EventType.RECORD_VIEWED).get()
    assert (event.actor_id, event.fields) == (registrar.pk, ["lines"])


def test_clerk_adds_and_removes_draft_lines(clerk, client_for):
    draft = draft_for_customer(clerk, lines=[])
    client = client_for(clerk)
    response = client.post(
        reverse("sales:voucher-line-add", args=[draft.reference]),
        {"description": "Huoltotyö", "quantity": "1.5", "unit_price": "69.00", "vat_rate": "25.5"},
    )
    assert response.status_code == 302
    line = draft.lines.get()
    assert line.line_total == D("103.50")
    draft.refresh_from_db()
    assert draft.total_gross == D("129.89")
    response = client.post(reverse("sales:voucher-line-remove", args=[draft.reference, line.pk]))
    assert response.status_code == 302
    assert not draft.lines.exists()


def test_a_bad_line_is_shown_again_as_typed(clerk, client_for):
    draft = draft_for_customer(clerk, lines=[])
    with translation.override("en"):
        response = client_for(clerk).post(
            reverse("sales:voucher-line-add", args=[draft.reference]),
            {"description": "Hiiri", "quantity": "0", "unit_price": "abc", "vat_rate": "24.0"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="Hiiri"' in body
    assert 'value="abc"' in body
    assert not draft.lines.exists()


def test_lines_of_an_issued_voucher_cannot_be_changed_through_the_pages(clerk, client_for, issued):
    client = client_for(clerk)
    line = issued.lines.first()
    response = client.post(
        reverse("sales:voucher-line-add", args=[issued.reference]),
        {"description": "Lisä", "quantity": "1", "unit_price": "1.00", "vat_rate": "25.5"},
    )
    assert response.status_code == 302
    response = client.post(reverse("sales:voucher-line-remove", args=[issued.reference, line.pk]))
    assert response.status_code == 302
    assert issued.lines.count() == 2


def test_issue_page_previews_then_issues_on_post(clerk, client_for):
    draft = draft_for_customer(clerk)
    client = client_for(clerk)
    url = reverse("sales:voucher-issue", args=[draft.reference])
    preview = client.get(url)
    assert preview.status_code == 200
    draft.refresh_from_db()
    assert draft.status == VoucherStatus.DRAFT
    response = client.post(url)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VoucherStatus.ISSUED
    assert str(draft.number).endswith("-000001")


def test_issuing_an_empty_draft_shows_the_reason(clerk, client_for):
    draft = draft_for_customer(clerk, lines=[])
    with translation.override("en"):
        response = client_for(clerk).post(
            reverse("sales:voucher-issue", args=[draft.reference]), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 200
    assert "at least one line" in response.content.decode()


def test_issuing_and_correcting_need_the_edit_capability(registrar, client_for, issued, clerk):
    draft = draft_for_customer(clerk)
    client = client_for(registrar)
    assert client.post(reverse("sales:voucher-issue", args=[draft.reference])).status_code == 403
    url = reverse("sales:voucher-correct", args=[issued.reference])
    assert client.post(url, {"reason": "x", "replacement": "none"}).status_code == 403
    assert not Voucher.objects.filter(kind=VoucherKind.CREDIT_NOTE).exists()


def test_correcting_with_a_replacement_draft_opens_the_draft(clerk, client_for, issued):
    client = client_for(clerk)
    url = reverse("sales:voucher-correct", args=[issued.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Väärä hinta", "replacement": "draft"})
    credit = Voucher.objects.get(kind=VoucherKind.CREDIT_NOTE)
    replacement = Voucher.objects.get(status=VoucherStatus.DRAFT)
    assert response.status_code == 302
    assert response["Location"] == reverse("sales:voucher-lines", args=[replacement.reference])
    assert credit.corrects == issued
    assert replacement.corrects == issued
    assert replacement.lines.count() == 2


def test_correcting_twice_is_refused_on_the_page(clerk, client_for, issued):
    client = client_for(clerk)
    url = reverse("sales:voucher-correct", args=[issued.reference])
    assert client.post(url, {"reason": "Palautus", "replacement": "none"}).status_code == 302
    response = client.post(url, {"reason": "Uudestaan", "replacement": "none"})
    assert response.status_code == 200
    assert Voucher.objects.filter(kind=VoucherKind.CREDIT_NOTE).count() == 1


def test_the_person_card_shows_the_vouchers(clerk, client_for, issued):
    response = client_for(clerk).get(
        reverse("web:person-detail", args=[person_of(issued).reference])
    )
    assert response.status_code == 200
    assert issued.number in response.content.decode()
