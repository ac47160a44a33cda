"""Pages of the notices app: the public customers' notice, the staff pages, allowed and denied."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.notices.models import ControllerSettings, NoticeVersion
from rekisteri.notices.tests.helpers import page_text

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    reverse("notices:index"),
    reverse("notices:processing"),
    reverse("notices:processing-csv"),
    reverse("notices:schedule"),
    reverse("notices:schedule-csv"),
    reverse("notices:notice", args=["staff"]),
    reverse("notices:notice-lang", args=["applicants", "en"]),
    reverse("notices:review", args=["customers", "fi"]),
]


class TestPublicNotice:
    def test_anyone_reads_the_customers_notice_in_finnish_without_logging_in(self, client):
        response = client.get("/notices/customers/")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        text = page_text(response.content)
        assert "Tietosuojaseloste asiakkaille ja verkkokaupan käyttäjille" in text
        assert 'lang="fi"' in response.content.decode()
        assert "iLaakso IT Oy" in text

    @pytest.mark.parametrize("url", ["/notices/customers/en/", "/notices/customers/?lang=en"])
    def test_the_english_notice_is_one_link_away(self, client, url):
        response = client.get(url)

        assert response.status_code == 200
        assert "Privacy notice for customers and web-shop users" in page_text(response.content)

    def test_the_page_links_to_the_other_language_and_the_pdf(self, client):
        markup = client.get("/notices/customers/").content.decode()

        assert 'href="/notices/customers/en/"' in markup
        assert 'href="/notices/customers/fi.pdf"' in markup

    def test_the_pdf_is_public_too(self, client):
        response = client.get("/notices/customers.pdf")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert 'filename="privacy-notice-customers-fi.pdf"' in response["Content-Disposition"]

    def test_an_unknown_language_is_not_found(self, client):
        assert client.get("/notices/customers/?lang=sv").status_code == 404
        assert client.get("/notices/customers/sv/").status_code == 404

    def test_the_first_visit_records_the_version_and_its_date(self, client):
        client.get("/notices/customers/")
        client.get("/notices/customers/")

        version = NoticeVersion.objects.get(audience="customers", language="fi")
        assert version.version in page_text(client.get("/notices/customers/").content)
        assert NoticeVersion.objects.count() == 1

    def test_the_public_page_needs_no_inline_style_or_script(self, client):
        markup = client.get("/notices/customers/").content.decode()

        assert "<script" not in markup
        assert "style=" not in markup
        assert "<style" not in markup
        assert "/static/notices/notice.css" in markup

    def test_the_named_register_entries_still_examples_are_shown_by_their_kind(self, client):
        text = page_text(client.get("/notices/customers/en/").content)

        # The disclosures app seeds example processors; their names are not yet real.
        assert "Website and web-shop hosting" in text
        assert "Website and web-shop hosting provider" not in text


class TestStaffNotices:
    @pytest.mark.parametrize(
        "url", ["/notices/staff/", "/notices/applicants/en/", "/notices/staff.pdf"]
    )
    def test_anonymous_visitors_are_sent_to_login_for_other_notices(self, client, url):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    @pytest.mark.parametrize("url", STAFF_PAGES)
    def test_staff_without_the_capability_get_403(self, client_for, outsider, url):
        assert client_for(outsider).get(url).status_code == 403

    @pytest.mark.parametrize("url", STAFF_PAGES)
    def test_holders_of_notices_view_read_every_page(self, client_for, clerk, url):
        assert client_for(clerk).get(url).status_code == 200

    def test_the_index_shows_every_notice_with_its_checklist(self, client_for, registrar):
        response = client_for(registrar).get(reverse("notices:index"))

        text = page_text(response.content)
        assert text.count("kunnossa") == 6  # every notice passes its checklist
        assert NoticeVersion.objects.count() == 6

    def test_the_review_page_lists_each_checklist_item(self, client_for, hr):
        response = client_for(hr).get(reverse("notices:review", args=["staff", "en"]))

        text = page_text(response.content)
        for article in ("13(1)(a)", "13(1)(f)", "13(2)(b)", "14(1)(d)", "21(4)"):
            assert article in text

    def test_the_staff_notice_names_the_health_data_handlers(self, client_for, health_handler):
        health_handler.first_name, health_handler.last_name = "Helmi", "Hoitaja"
        health_handler.save()

        text = page_text(client_for(health_handler).get("/notices/staff/en/").content)

        assert "Helmi Hoitaja" in text

    def test_the_record_of_processing_has_csv_and_pdf(self, client_for, administrator):
        client = client_for(administrator)

        csv = client.get(reverse("notices:processing-csv") + "?lang=en")
        pdf = client.get(reverse("notices:processing-pdf") + "?lang=en")

        assert csv["Content-Type"].startswith("text/csv")
        assert "attachment" in csv["Content-Disposition"]
        assert csv.content.decode("utf-8-sig").startswith("Purpose of processing,")
        assert pdf.content.startswith(b"%PDF-")

    def test_the_retention_schedule_has_csv_and_pdf(self, client_for, administrator):
        client = client_for(administrator)

        csv = client.get(reverse("notices:schedule-csv") + "?lang=en")
        pdf = client.get(reverse("notices:schedule-pdf"))

        assert "accounting_vouchers" in csv.content.decode("utf-8-sig")
        assert pdf.content.startswith(b"%PDF-")


class TestControllerPage:
    URL = "/notices/controller/"

    def test_only_the_administrator_may_edit(self, client_for, administrator, registrar):
        assert client_for(administrator).get(self.URL).status_code == 200
        assert client_for(registrar).get(self.URL).status_code == 403
        assert client_for(registrar).post(self.URL, {}).status_code == 403

    def _form(self, **changes):
        data = {
            "name": "iLaakso IT Oy",
            "business_id": "2622560-3",
            "street_address": "Vapaaherrantie 2",
            "postal_code": "40100",
            "city": "Jyväskylä",
            "phone": "010 5013490",
            "email": "tietosuoja@example.fi",
            "contact_person": "Marko Laaksonen",
            "websites": "www.ilaakso.fi",
            "dpo_contact": "",
        }
        return {**data, **changes}

    def test_saving_changes_every_notice_at_once(self, client, client_for, administrator):
        response = client_for(administrator).post(self.URL, self._form())

        assert response.status_code == 302
        assert ControllerSettings.objects.get().email == "tietosuoja@example.fi"
        event = AuditEvent.objects.get(type=EventType.CONTROLLER_UPDATED)
        assert set(event.fields) == {"email", "websites"}
        assert "tietosuoja@example.fi" in page_text(client.get("/notices/customers/").content)

    def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(self, client_for, administrator):
        response = client_for(administrator).post(
            self.URL + "?",
            self._form(business_id="1234567-8", phone="abc"),
            HTTP_ACCEPT_LANGUAGE="en",
        )

        assert response.status_code == 400
        markup = response.content.decode()
        assert 'value="1234567-8"' in markup
        assert "Y-tunnus" in markup
        assert ControllerSettings.objects.get().business_id == "2622560-3"
