"""End to end: the access letter and the portability bundle of a customer, in both languages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rekisteri.access import services
from rekisteri.access.requests import (
    RequestInfo,
    register_request_resolver,
    unregister_request_resolver,
)
from rekisteri.access.services import (
    AccessNotAllowed,
    AccessReportError,
    build_access_report,
)
from rekisteri.access.tests.factories import (
    DEVICE_SECRET,
    DEVICE_USERNAME,
    FORMULA_COMMENT,
    HEALTH_CANARY,
    HETU,
    IBAN,
    OTHER_EMAIL,
    OTHER_PHONE,
    OTHER_PHONE_E164,
    OWN_EMAIL,
    TODAY,
    WEBSHOP_PASSWORD,
    disclose_service,
    make_employee,
    make_guest_order,
    make_health_record,
    make_world,
)
from rekisteri.access.tests.helpers import (
    bundle_csv,
    bundle_files,
    bundle_json,
    html_text,
    pdf_layout_text,
    pdf_streams,
)
from rekisteri.accounts.roles import Role
from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.registers.webshop.services import create_webshop_account
from rekisteri.subjects.models import Person

pytestmark = pytest.mark.django_db

WORDS = {
    "fi": {
        "copy": "Kopio tiedoistasi",
        "none": "Ei kenellekään",
        "redacted": "[poistettu]",
        "stored": "Tallennettu, ei näytetä:",
    },
    "en": {
        "copy": "A copy of your data",
        "none": "No one",
        "redacted": "[redacted]",
        "stored": "Stored, not shown:",
    },
}


def _outputs(report: services.AccessReport) -> dict[str, str]:
    """Every output as text: the HTML, the PDF's laid-out text, its raw streams, each ZIP file."""
    found = {
        "html": report.html,
        "pdf text": pdf_layout_text(report.data),
        "pdf bytes": pdf_streams(report.pdf).decode("latin-1"),
    }
    for name, content in bundle_files(report.bundle).items():
        found[f"zip {name}"] = content.decode("utf-8-sig")
    return found


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_letter_confirms_processing_and_gives_a_copy_with_the_article_15_items(
    registrar, language
):
    world = make_world()

    report = build_access_report(registrar, people=[world.person], language=language, today=TODAY)

    text = html_text(report.html)
    assert f'lang="{language}"' in report.html
    assert "Testi Asiakas" in text
    assert world.person.reference in text
    assert WORDS[language]["copy"] in text
    # The copy of the data, register by register.
    assert OWN_EMAIL in text
    assert "Lenovo ThinkPad T14" in text
    assert str(world.order.number) in text
    # Art. 15(1)(a)–(h): purposes, bases, retention with its statute, rights, complaint.
    assert "Vanhentumislaki 728/2003" in text
    assert "tietosuoja.fi" in text
    assert "iLaakso IT Oy" in text
    assert report.record_count >= 7
    assert report.pdf.startswith(b"%PDF-")
    assert world.person.reference in pdf_layout_text(report.data)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_secrets_never_appear_in_the_letter_the_pdf_or_the_bundle(registrar, language):
    world = make_world()
    make_employee(world.person, None)
    password_hash = world.account.password_hash
    assert password_hash

    report = build_access_report(registrar, people=[world.person], language=language, today=TODAY)

    for where, content in _outputs(report).items():
        for canary in (DEVICE_SECRET, DEVICE_USERNAME, WEBSHOP_PASSWORD, password_hash, HETU, IBAN):
            assert canary not in content, f"{canary!r} leaked into {where}"
        assert "FI2112345600000785" not in content
    text = html_text(report.html)
    assert (
        text.count(WORDS[language]["stored"]) == 5
    )  # password hash, device username and secret, HETU, IBAN
    assert report.data.secrets == 5


@pytest.mark.parametrize("language", ["fi", "en"])
def test_other_peoples_identifiers_in_notes_are_redacted_and_the_subjects_own_stay(
    registrar, language
):
    world = make_world()

    report = build_access_report(registrar, people=[world.person], language=language, today=TODAY)

    placeholder = WORDS[language]["redacted"]
    for where, content in _outputs(report).items():
        assert OTHER_EMAIL not in content, where
        assert OTHER_PHONE not in content, where
        assert OTHER_PHONE_E164 not in content, where
    notes = next(
        v.text
        for group in report.data.registers
        for record in group.records
        for v in record.values
        if v.name == "notes"
    )
    assert OWN_EMAIL in notes
    assert "040 123 4567" in notes
    assert notes.count(placeholder) == 2
    # Two in the technician's notes, one in the fault description.
    assert report.redaction_count == 3
    assert str(report.redaction_count) in html_text(report.html)
    jobs = bundle_json(report.bundle, "service/servicejob.json")["records"]
    assert placeholder in jobs[0]["fault_description"]


@pytest.mark.parametrize("language", ["fi", "en"])
def test_recipients_are_listed_only_where_the_data_was_actually_disclosed(registrar, language):
    world = make_world()

    before = build_access_report(registrar, people=[world.person], language=language, today=TODAY)
    disclose_service(world)
    after = build_access_report(registrar, people=[world.person], language=language, today=TODAY)

    assert all(c.recipients == [] for c in before.data.categories)
    assert "Esimerkki Takuuhuolto Oy" not in before.html
    assert WORDS[language]["none"] in html_text(before.html)
    categories = {c.code: c for c in after.data.categories}
    assert [r.name for r in categories["service"].recipients] == ["Esimerkki Takuuhuolto Oy"]
    assert categories["contact"].recipients == []
    assert "Esimerkki Takuuhuolto Oy" in html_text(after.html)
    assert [d.reference for d in after.data.disclosures] == ["J-2026-0042"]


def test_the_bundle_holds_what_the_person_provided_on_a_contract_with_a_manifest(registrar):
    world = make_world()

    report = build_access_report(registrar, people=[world.person], language="en", today=TODAY)

    files = bundle_files(report.bundle)
    manifest = bundle_json(report.bundle, "manifest.json")
    assert manifest["schema_version"] == "1.0"
    assert manifest["people"] == [world.person.reference]
    assert manifest["controller"]["name"] == "iLaakso IT Oy"
    assert manifest["legal_basis"] == "GDPR Art. 20(1)"
    paths = {f["path"] for f in manifest["files"]}
    assert paths == set(files) - {"manifest.json", "README.txt"}
    assert {"webshop/order.json", "webshop/order.csv", "customers/customeremail.csv"} <= paths
    order_file = next(f for f in manifest["files"] if f["path"] == "webshop/order.json")
    names = [field["name"] for field in order_file["fields"]]
    assert names[0] == "record_reference"
    assert "comment" in names
    # Kept on legitimate interests (the IP) or written by staff: not portable.
    assert "ip_address" not in names
    assert all(f["basis"] in (None, "contract", "consent") for f in order_file["fields"])
    lines = next(f for f in manifest["files"] if f["path"] == "webshop/orderline.json")
    assert lines["parent_model"] == "webshop.Order"
    jobs = bundle_json(report.bundle, "service/servicejob.json")["records"]
    assert "notes" not in jobs[0]
    assert "work_done" not in jobs[0]
    assert not any(p.startswith("disclosures/") for p in paths)
    # The password hash and device credentials are not in any file.
    assert not any("credential" in p for p in paths)


def test_bundle_csv_is_quoted_and_protected_against_formulas_while_json_is_unchanged(registrar):
    world = make_world()

    report = build_access_report(registrar, people=[world.person], language="fi", today=TODAY)

    rows = bundle_csv(report.bundle, "webshop/order.csv")
    assert rows[0]["comment"] == "'" + FORMULA_COMMENT
    assert rows[0]["phone"] == "'+358401234567"
    assert rows[0]["record_reference"] == world.order.reference
    raw = bundle_files(report.bundle)["webshop/order.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    assert b'"\'=HYPERLINK(""http://example.com"",""klik"")"' in raw
    records = bundle_json(report.bundle, "webshop/order.json")["records"]
    assert records[0]["comment"] == FORMULA_COMMENT
    assert records[0]["shipping_amount"] == "6.90"
    lines = bundle_json(report.bundle, "webshop/orderline.json")["records"]
    assert lines[0]["parent_reference"] == world.order.reference


def test_building_a_report_is_audited_per_person_with_record_types_only(registrar):
    world = make_world()
    duplicate = Person.objects.create(first_name="Testi", last_name="Asiakas")
    create_webshop_account(
        None, person=duplicate, username="toinen-tili", email=OWN_EMAIL, password="x" * 20
    )

    report = build_access_report(
        registrar, people=[world.person, duplicate], language="fi", request_ref="", today=TODAY
    )

    events = list(
        AuditEvent.objects.filter(type=EventType.ACCESS_REPORT_BUILT, actor=registrar).order_by(
            "id"
        )
    )
    assert {e.person_ref for e in events} == {world.person.reference, duplicate.reference}
    for event in events:
        assert "webshop.WebshopAccount" in event.fields
        assert event.reason == "access report built (fi)"
        assert OWN_EMAIL not in str(event.fields)
    assert report.data.person_references == [world.person.reference, duplicate.reference]
    usernames = [
        v.text
        for g in report.data.registers
        for r in g.records
        for v in r.values
        if v.name == "username" and r.model_label == "webshop.WebshopAccount"
    ]
    assert sorted(usernames) == ["testiasiakas", "toinen-tili"]


def test_health_records_are_left_out_for_the_registrar_and_named_as_provided_separately(
    registrar, make_user
):
    world = make_world()
    employee = make_employee(world.person, None)
    make_health_record(employee)
    make_user("nurse", Role.HR, Role.HEALTH_DATA_HANDLER)

    report = build_access_report(registrar, people=[world.person], language="en", today=TODAY)

    text = html_text(report.html)
    assert HEALTH_CANARY not in report.html
    assert report.data.health_withheld
    assert "staff.HealthRecord" not in report.data.models_read
    assert "Occupational-health data" in text
    assert "nurse" in text
    assert not AuditEvent.objects.filter(type=EventType.HEALTH_RECORD_VIEWED).exists()


def test_a_registrar_who_is_also_a_named_health_data_handler_gets_the_health_records(make_user):
    world = make_world()
    employee = make_employee(world.person, None)
    record = make_health_record(employee)
    handler = make_user("registrar-nurse", Role.REGISTRAR, Role.HEALTH_DATA_HANDLER)

    report = build_access_report(handler, people=[world.person], language="fi", today=TODAY)

    assert HEALTH_CANARY in report.html
    assert not report.data.health_withheld
    event = AuditEvent.objects.get(type=EventType.HEALTH_RECORD_VIEWED)
    assert event.target_ref == record.reference
    assert event.person_ref == world.person.reference
    # Health data is never portable (GDPR Art. 9(2)(b) is not consent or contract).
    assert HEALTH_CANARY not in str(bundle_files(report.bundle))


def test_a_person_without_employment_gets_no_health_paragraph(registrar):
    world = make_world()

    report = build_access_report(registrar, people=[world.person], language="en", today=TODAY)

    assert not report.data.health_withheld
    assert "Occupational-health data" not in html_text(report.html)


def test_the_letter_names_the_request_and_how_identity_was_checked(registrar):
    world = make_world()

    def resolve(reference: str) -> RequestInfo | None:
        if reference != "PR-TESTTEST":
            return None
        return RequestInfo(
            reference="PR-TESTTEST",
            received_on=TODAY.replace(day=2),
            people=(world.person,),
            identity_check="an order number matched with the registered e-mail",
            language="en",
        )

    register_request_resolver(resolve)
    try:
        report = build_access_report(
            registrar,
            people=[world.person],
            language="en",
            request_ref="PR-TESTTEST",
            today=TODAY,
        )
    finally:
        unregister_request_resolver(resolve)

    text = html_text(report.html)
    assert "PR-TESTTEST" in text
    assert "2 Nov 2026" in text
    assert "an order number matched with the registered e-mail" in text
    event = AuditEvent.objects.filter(type=EventType.ACCESS_REPORT_BUILT).latest("id")
    assert event.target_ref == "PR-TESTTEST"


def test_a_letter_without_a_request_names_none(registrar):
    world = make_world()

    report = build_access_report(registrar, people=[world.person], language="en", today=TODAY)

    assert "This letter answers your request" not in html_text(report.html)
    assert bundle_json(report.bundle, "manifest.json")["request_reference"] is None


def test_records_confirmed_one_by_one_are_included(registrar):
    world = make_world()
    guest = Person.objects.create(first_name="Vieras", last_name="Tilaaja")
    order = make_guest_order(guest)

    report = build_access_report(
        registrar,
        people=[world.person],
        language="en",
        today=TODAY,
        records=[("webshop.Order", str(order.pk))],
    )

    references = [r.reference for g in report.data.registers for r in g.records]
    assert order.reference in references
    assert guest.reference not in references


def test_only_the_registrar_or_the_system_may_build_reports(clerk, administrator):
    world = make_world()

    for actor in (clerk, administrator):
        with pytest.raises(AccessNotAllowed):
            build_access_report(actor, people=[world.person], language="fi", today=TODAY)
    report = build_access_report(None, people=[world.person], language="fi", today=TODAY)
    assert report.record_count


@pytest.mark.parametrize(("people", "language"), [("none", "fi"), ("twice", "fi"), ("one", "sv")])
def test_bad_input_is_refused(registrar, people, language):
    world = make_world()
    chosen = {"none": [], "twice": [world.person, world.person], "one": [world.person]}[people]

    with pytest.raises(AccessReportError):
        build_access_report(registrar, people=chosen, language=language, today=TODAY)


def test_the_cost_grows_with_the_persons_records_not_with_the_registers(registrar):
    world = make_world()
    build_access_report(registrar, people=[world.person], language="fi", today=TODAY)
    with CaptureQueriesContext(connection) as small:
        services.show_access_letter(registrar, people=[world.person], language="fi", today=TODAY)
    for n in range(15):
        someone = Person.objects.create(first_name="Muu", last_name=f"Asiakas{n}")
        make_guest_order(someone)
    with CaptureQueriesContext(connection) as large:
        services.show_access_letter(registrar, people=[world.person], language="fi", today=TODAY)

    assert len(large.captured_queries) == len(small.captured_queries)
    for query in large.captured_queries:
        sql = query["sql"].upper()
        if "FROM" in sql and "WHERE" not in sql:
            # Only the small configuration tables are read whole.
            assert any(
                table in sql
                for table in ("RETENTION_", "DISCLOSURES_PROCESSOR", "NOTICES_", "AUTH_")
            ), sql


def test_group_membership_is_read_once_per_report(registrar):
    # The capability check caches the roles on the user; no query per record.
    Group.objects.get(name=Role.REGISTRAR.value)
    world = make_world()
    with CaptureQueriesContext(connection) as captured:
        services.show_access_letter(registrar, people=[world.person], language="fi", today=TODAY)
    assert sum("auth_group" in q["sql"] for q in captured.captured_queries) <= 1


def test_more_records_of_the_person_need_no_more_queries(registrar):
    world = make_world()
    services.show_access_letter(registrar, people=[world.person], language="fi", today=TODAY)
    with CaptureQueriesContext(connection) as few:
        services.show_access_letter(registrar, people=[world.person], language="fi", today=TODAY)
    for _ in range(3):
        make_guest_order(world.person)
        disclose_service(world)
    with CaptureQueriesContext(connection) as many:
        services.show_access_letter(registrar, people=[world.person], language="fi", today=TODAY)

    assert len(many.captured_queries) == len(few.captured_queries)
