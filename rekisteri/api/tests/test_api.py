"""The REST API over HTTP: scopes, keys, idempotency, limits, bad bodies, audit, languages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from rekisteri.api import auth, idempotency
from rekisteri.api.api import MAX_BODY_BYTES
from rekisteri.api.models import IdempotencyRecord
from rekisteri.api.scopes import Scope
from rekisteri.api.services import revoke_api_key
from rekisteri.api.tests.conftest import ALL_SCOPES, order_payload
from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.consent.services import publish_consent_text
from rekisteri.disclosures.tests.factories import make_recipient
from rekisteri.dsr.models import IdentityMethod, IdentityOutcome, SubjectRequest
from rekisteri.dsr.services import confirm_records, record_identity_check
from rekisteri.registers.webshop.models import Order, WebshopAccount
from rekisteri.subjects.models import Person
from rekisteri.throttle.services import Limit

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "order-1"}
ACCOUNT = {"username": "maija", "email": "maija@example.com", "password": "kissa-koira-hevonen-42"}

#: (method, path, body, the scope it needs) for every operation.
OPERATIONS: list[tuple[str, str, Any, str]] = [
    ("post", "/api/v1/orders", order_payload(), Scope.WEBSHOP_WRITE),
    ("post", "/api/v1/accounts", ACCOUNT, Scope.WEBSHOP_WRITE),
    ("patch", "/api/v1/accounts/W-AAAAAAAA", {"is_active": False}, Scope.WEBSHOP_WRITE),
    (
        "post",
        "/api/v1/cookie-choices",
        {"banner_version": "1", "choices": {}},
        Scope.WEBSHOP_WRITE,
    ),
    (
        "post",
        "/api/v1/marketing/opt-in",
        {"person": "H-AAAAAAAA", "channel": "email", "evidence": "ticked"},
        Scope.CONSENT_WRITE,
    ),
    ("post", "/api/v1/marketing/opt-out", {"person": "H-AAAAAAAA"}, Scope.CONSENT_WRITE),
    ("post", "/api/v1/people/search", {"email": "a@example.com"}, Scope.PEOPLE_READ),
    ("get", "/api/v1/people/H-AAAAAAAA/records", None, Scope.RECORDS_READ),
    (
        "post",
        "/api/v1/requests",
        {"kind": "access", "requester_name": "A", "requester_email": "a@example.com"},
        Scope.REQUESTS_WRITE,
    ),
    ("get", "/api/v1/requests/PR-AAAAAAAA", None, Scope.REQUESTS_READ),
    ("get", "/api/v1/requests/PR-AAAAAAAA/bundle", None, Scope.ACCESS_READ),
    (
        "post",
        "/api/v1/disclosures",
        {
            "person": "H-AAAAAAAA",
            "recipient": "RC-AAAAAAAA",
            "basis": "contract",
            "categories": ["contact"],
            "disclosed_on": "2026-01-02",
        },
        Scope.DISCLOSURES_WRITE,
    ),
]


def call(api: Any, method: str, path: str, body: Any) -> Any:
    if method == "get":
        return api.get(path)
    return getattr(api, method)(path, body, headers=KEY)


def labels() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("actor_label", flat=True))


# --- Authentication and scopes ---------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS, ids=lambda v: str(v))
def test_every_operation_refuses_a_key_without_its_scope(api_for, method, path, body, scope):
    api = api_for(*[s for s in ALL_SCOPES if s != scope])
    response = call(api, method, path, body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "missing_scope"
    assert scope in response.json()["error"]["message"]


@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS, ids=lambda v: str(v))
def test_every_operation_refuses_missing_garbled_and_revoked_keys(
    api_for, method, path, body, scope
):
    api = api_for()
    revoked = api_for()
    revoke_api_key(None, revoked.api_client)
    for token in ("", "garbage", api.token + "x", revoked.token):
        api.token = token
        response = call(revoked if token == revoked.token else api, method, path, body)
        assert response.status_code == 401, token
        assert response.json()["error"]["code"] == "unauthenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_webshop_key_cannot_search_people_or_read_records(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    assert api.post("/api/v1/people/search", {"email": "a@example.com"}).status_code == 403
    assert api.get("/api/v1/people/H-AAAAAAAA/records").status_code == 403
    assert api.post("/api/v1/orders", order_payload(), headers=KEY).status_code == 201


def test_a_revoked_key_stops_between_two_calls(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    assert (
        api.post("/api/v1/cookie-choices", {"banner_version": "1", "choices": {}}).status_code
        == 201
    )
    revoke_api_key(None, api.api_client)
    assert (
        api.post("/api/v1/cookie-choices", {"banner_version": "1", "choices": {}}).status_code
        == 401
    )


# --- Orders and idempotency ------------------------------------------------------------------


def test_an_order_is_recorded_with_its_lines_ip_address_and_a_new_person(api_for):
    api = api_for(Scope.WEBSHOP_WRITE, name="webshop")
    response = api.post("/api/v1/orders", order_payload(), headers=KEY)
    assert response.status_code == 201, response.content
    body = response.json()
    order = Order.objects.get(reference=body["reference"])
    assert order.ip_address == "192.0.2.10"
    assert body["total_amount"] == "79.80"
    assert order.person.first_name == "Maija"
    assert body["number"].startswith("VK-")
    created = AuditEvent.objects.filter(type=EventType.RECORD_CREATED)
    assert set(created.values_list("actor_label", flat=True)) == {"api:webshop"}


def test_a_retried_order_returns_the_first_answer_and_creates_no_second_order(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    first = api.post("/api/v1/orders", order_payload(), headers=KEY)
    second = api.post("/api/v1/orders", order_payload(), headers=KEY)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Order.objects.count() == 1
    assert Person.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    api.post("/api/v1/orders", order_payload(), headers=KEY)
    response = api.post("/api/v1/orders", order_payload(comment="toinen"), headers=KEY)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_keys_are_per_client(api_for):
    one, two = api_for(Scope.WEBSHOP_WRITE), api_for(Scope.WEBSHOP_WRITE)
    one.post("/api/v1/orders", order_payload(), headers=KEY)
    two.post("/api/v1/orders", order_payload(), headers=KEY)
    assert Order.objects.count() == 2


def test_an_order_without_an_idempotency_key_is_refused(api_for):
    response = api_for(Scope.WEBSHOP_WRITE).post("/api/v1/orders", order_payload())
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["error"]["fields"]


def test_a_refused_order_stores_nothing_so_a_corrected_retry_works(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    bad = api.post("/api/v1/orders", order_payload(client_ip="not-an-ip"), headers=KEY)
    assert bad.status_code == 422
    assert bad.json()["error"]["message"] == "The IP address is not valid."
    assert not Person.objects.exists()
    assert api.post("/api/v1/orders", order_payload(), headers=KEY).status_code == 201


def test_a_concurrent_copy_that_committed_first_wins_and_this_order_rolls_back(
    api_for, monkeypatch
):
    """The unique (client, key) constraint decides when two copies race past the lookup."""
    api = api_for(Scope.WEBSHOP_WRITE)
    winner_body = {"reference": "O-WINNER00", "number": "VK-2026-99999"}
    IdempotencyRecord.objects.create(
        client=api.api_client,
        key="order-1",
        request_hash=idempotency.request_hash(_validated(order_payload())),
        status_code=201,
        response_body=winner_body,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    monkeypatch.setattr(idempotency, "_existing", lambda client, key: None)  # raced past it
    result = idempotency.run_once(
        api.api_client,
        "order-1",
        _validated(order_payload()),
        lambda: (
            201,
            {"reference": Order.objects.create(person=Person.objects.create()).reference},
        ),
    )
    assert result.replayed
    assert result.body == winner_body
    assert not Order.objects.exists()


def _validated(payload: dict[str, Any]) -> Any:
    from rekisteri.api.schemas import OrderIn

    return OrderIn.model_validate(payload).model_dump(mode="json")


def test_idempotency_records_expire_after_a_day(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    api.post("/api/v1/orders", order_payload(), headers=KEY)
    record = IdempotencyRecord.objects.get()
    assert record.expires_at - record.created_at == dt.timedelta(days=1)
    assert idempotency.purge_expired(record.expires_at - dt.timedelta(seconds=1)) == 0
    assert idempotency.purge_expired(record.expires_at) == 1


# --- Accounts, cookies, marketing ----------------------------------------------------------------


def test_an_account_password_is_hashed_and_never_returned_or_logged(api_for, caplog):
    api = api_for(Scope.WEBSHOP_WRITE)
    response = api.post("/api/v1/accounts", ACCOUNT)
    assert response.status_code == 201, response.content
    assert "password" not in response.json()
    account = WebshopAccount.objects.get(reference=response.json()["reference"])
    assert account.password_hash.startswith("argon2$")
    events = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert ACCOUNT["password"] not in events
    assert ACCOUNT["password"] not in caplog.text


def test_a_taken_username_is_a_conflict_and_a_weak_password_is_invalid(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    api.post("/api/v1/accounts", ACCOUNT)
    taken = api.post("/api/v1/accounts", {**ACCOUNT, "username": "MAIJA"})
    assert taken.status_code == 409
    assert taken.json()["error"]["code"] == "username_taken"
    weak = api.post("/api/v1/accounts", {**ACCOUNT, "username": "other", "password": "12345678901"})
    assert weak.status_code == 422


def test_an_account_can_be_closed_and_given_a_new_password(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    reference = api.post("/api/v1/accounts", ACCOUNT).json()["reference"]
    old_hash = WebshopAccount.objects.get().password_hash
    response = api.patch(
        f"/api/v1/accounts/{reference}",
        {"is_active": False, "password": "uusi-salasana-joka-on-pitka"},
    )
    assert response.status_code == 200, response.content
    account = WebshopAccount.objects.get()
    assert not account.is_active
    assert account.password_hash != old_hash
    assert api.patch("/api/v1/accounts/W-NOTFOUND", {"is_active": True}).status_code == 404


def test_a_cookie_choice_is_recorded_with_necessary_always_on(api_for):
    api = api_for(Scope.WEBSHOP_WRITE)
    response = api.post(
        "/api/v1/cookie-choices", {"banner_version": "2026-01", "choices": {"analytics": True}}
    )
    assert response.status_code == 201
    assert response.json()["choices"] == {"necessary": True, "analytics": True, "marketing": False}
    unknown = api.post("/api/v1/cookie-choices", {"banner_version": "1", "choices": {"x": True}})
    assert unknown.status_code == 422


def test_marketing_opt_in_and_opt_out_go_through_the_consent_service(api_for):
    api = api_for(Scope.WEBSHOP_WRITE, Scope.CONSENT_WRITE, name="webshop")
    account = api.post("/api/v1/accounts", ACCOUNT).json()
    opt_in = {"account": account["reference"], "channel": "email", "evidence": "ticked the box"}
    assert api.post("/api/v1/marketing/opt-in", opt_in).status_code == 409  # no text yet
    publish_consent_text(
        None,
        purpose="marketing_email",
        language="fi",
        text="Haluan sähköpostitse tarjouksia iLaakson tuotteista.",
    )
    granted = api.post("/api/v1/marketing/opt-in", opt_in)
    assert granted.status_code == 201, granted.content
    assert AuditEvent.objects.filter(
        type=EventType.CONSENT_GRANTED, actor_label="api:webshop"
    ).exists()
    out = api.post("/api/v1/marketing/opt-out", {"account": account["reference"]})
    assert out.status_code == 200
    assert set(out.json()["opted_out"]) == {"email", "sms", "post", "phone"}
    both = api.post(
        "/api/v1/marketing/opt-out", {"account": account["reference"], "person": account["person"]}
    )
    assert both.status_code == 422


# --- People, records, requests, disclosures ------------------------------------------------------


def test_search_and_records_are_audited_with_the_api_label(api_for):
    shop = api_for(Scope.WEBSHOP_WRITE)
    person = shop.post("/api/v1/orders", order_payload(), headers=KEY).json()["person"]
    crm = api_for(Scope.PEOPLE_READ, Scope.RECORDS_READ, name="crm")
    found = crm.post("/api/v1/people/search", {"email": "MAIJA@example.com"})
    assert found.status_code == 200
    assert [p["reference"] for p in found.json()] == [person]
    records = crm.get(f"/api/v1/people/{person}/records")
    assert records.status_code == 200
    assert records.json()["registers"][0]["register_name"] == "webshop"
    search_event = AuditEvent.objects.get(type=EventType.SEARCH_PERFORMED)
    assert search_event.actor_label == "api:crm"
    assert search_event.fields == ["email"]
    viewed = AuditEvent.objects.get(type=EventType.PERSON_VIEWED)
    assert viewed.actor_label == "api:crm"
    assert viewed.person_ref == person


def test_a_restricted_person_is_hidden_from_integrations(api_for):
    shop = api_for(Scope.WEBSHOP_WRITE)
    reference = shop.post("/api/v1/orders", order_payload(), headers=KEY).json()["person"]
    Person.objects.filter(reference=reference).update(is_restricted=True)
    crm = api_for(Scope.PEOPLE_READ, Scope.RECORDS_READ)
    assert crm.post("/api/v1/people/search", {"email": "maija@example.com"}).json() == []
    assert crm.get(f"/api/v1/people/{reference}/records").status_code == 404


def test_records_leave_out_staff_registers_and_mask_secrets(api_for):
    from rekisteri.api.routes.people import RECORDS_CAPABILITIES
    from rekisteri.registers.service.tests.factories import make_credential, make_job
    from rekisteri.web.screens import screens

    readable = {
        s.model._meta.app_label for s in screens() if s.view_capability in RECORDS_CAPABILITIES
    }
    assert readable <= {"customers", "sales", "webshop", "service"}
    assert "staff" not in readable
    assert "recruiting" not in readable
    job = make_job()
    make_credential(job, secret="salainen-Passw0rd")
    response = api_for(Scope.RECORDS_READ).get(f"/api/v1/people/{job.person.reference}/records")
    assert response.status_code == 200
    assert "salainen-Passw0rd" not in response.content.decode()
    fields = [
        field
        for register in response.json()["registers"]
        for record in register["records"]
        for field in record["fields"]
    ]
    assert any(field["masked"] for field in fields)


def test_a_request_is_received_through_the_web_channel_and_its_status_read(api_for):
    api = api_for(Scope.REQUESTS_WRITE, Scope.REQUESTS_READ, name="portal")
    response = api.post(
        "/api/v1/requests",
        {"kind": "erasure", "requester_name": "Maija M", "requester_email": "maija@example.com"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "web"
    assert body["state"] == "received"
    status = api.get(f"/api/v1/requests/{body['reference']}")
    assert status.json()["due_on"] == body["due_on"]
    assert AuditEvent.objects.filter(
        type=EventType.REQUEST_RECEIVED, actor_label="api:portal"
    ).exists()
    assert api.get("/api/v1/requests/PR-NOTFOUND").status_code == 404


def test_a_request_with_bad_input_names_the_fields(api_for):
    api = api_for(Scope.REQUESTS_WRITE)
    response = api.post(
        "/api/v1/requests",
        {"kind": "objection", "requester_name": "Maija", "requester_email": "not-an-email"},
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert "requester_email" in fields
    assert "objection_scope" in fields


def test_the_bundle_waits_for_the_registrar_then_downloads_with_an_audit_event(api_for, registrar):
    shop = api_for(Scope.WEBSHOP_WRITE)
    person_ref = shop.post("/api/v1/orders", order_payload(), headers=KEY).json()["person"]
    api = api_for(Scope.REQUESTS_WRITE, Scope.ACCESS_READ, name="portal")
    reference = api.post(
        "/api/v1/requests",
        {"kind": "access", "requester_name": "Maija M", "requester_email": "maija@example.com"},
    ).json()["reference"]
    not_ready = api.get(f"/api/v1/requests/{reference}/bundle")
    assert not_ready.status_code == 409
    request = SubjectRequest.objects.get(reference=reference)
    record_identity_check(
        None, request, method=IdentityMethod.KNOWN_EMAIL, outcome=IdentityOutcome.VERIFIED
    )
    confirm_records(None, request, people=[Person.objects.get(reference=person_ref)])
    response = api.get(f"/api/v1/requests/{reference}/bundle?language=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:2]
        == b"PK"
    )
    event = AuditEvent.objects.get(type=EventType.EXPORT_DOWNLOADED)
    assert event.actor_label == "api:portal"
    assert event.person_ref == person_ref


def test_a_disclosure_is_recorded_for_a_known_recipient(api_for):
    shop = api_for(Scope.WEBSHOP_WRITE)
    person_ref = shop.post("/api/v1/orders", order_payload(), headers=KEY).json()["person"]
    recipient = make_recipient()
    api = api_for(Scope.DISCLOSURES_WRITE, name="erp")
    body = {
        "person": person_ref,
        "recipient": recipient.reference,
        "basis": "contract",
        "categories": ["identity", "contact"],
        "disclosed_on": timezone.localdate().isoformat(),
        "reference": "VK-2026-00001",
    }
    response = api.post("/api/v1/disclosures", body)
    assert response.status_code == 201, response.content
    assert AuditEvent.objects.filter(
        type=EventType.DISCLOSURE_RECORDED, actor_label="api:erp"
    ).exists()
    assert api.post("/api/v1/disclosures", {**body, "categories": ["nonsense"]}).status_code == 422
    assert api.post("/api/v1/disclosures", {**body, "recipient": "RC-NOTFOUND"}).status_code == 404


# --- Rate limits ---------------------------------------------------------------------------------


def test_a_key_over_its_limit_gets_429_with_retry_after(api_for, monkeypatch):
    monkeypatch.setattr(auth, "KEY_LIMIT", Limit("api:key", 2, 60))
    api = api_for(Scope.PEOPLE_READ)
    for _ in range(2):
        assert api.post("/api/v1/people/search", {"email": "a@example.com"}).status_code == 200
    response = api.post("/api/v1/people/search", {"email": "a@example.com"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_repeated_failed_authentication_from_one_address_gets_429(api_for, monkeypatch):
    monkeypatch.setattr(auth, "AUTH_FAILURE_LIMIT", Limit("api:auth-failure", 3, 300))
    api = api_for()
    api.token = "rk_abcdefgh_" + "x" * 43
    codes = [
        api.post("/api/v1/people/search", {"email": "a@example.com"}).status_code for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]


# --- Bad bodies and the error body ---------------------------------------------------------------


def test_malformed_json_is_400(api_for):
    response = api_for().post("/api/v1/people/search", '{"email": ')
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


def test_an_oversized_body_is_413_before_it_is_parsed(api_for):
    big = json.dumps({"email": "a" * (MAX_BODY_BYTES + 1)})
    response = api_for().post("/api/v1/people/search", big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_a_body_that_is_not_json_is_415(api_for):
    api = api_for()
    response = api.client.post(
        "/api/v1/people/search",
        "email=a@example.com",
        content_type="application/x-www-form-urlencoded",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert response.status_code == 415


def test_unknown_fields_and_nul_bytes_are_422_not_500(api_for):
    api = api_for()
    assert api.post("/api/v1/people/search", {"emial": "a@example.com"}).status_code == 422
    response = api.post("/api/v1/people/search", {"name": "Matti\u0000"})
    assert response.status_code == 422
    assert "name" in response.json()["error"]["fields"]


def test_a_wrong_method_is_405_with_the_error_body(api_for):
    response = api_for().get("/api/v1/orders")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response["Allow"] == "POST"


def test_an_unexpected_error_is_500_with_the_error_body_and_no_message_logged(
    api_for, monkeypatch, caplog
):
    from rekisteri.api.routes import people

    def boom(**kwargs: Any) -> Any:
        leaked = kwargs["emails"][0]
        raise RuntimeError(f"{leaked} leaked")

    monkeypatch.setattr(people, "find_people", boom)
    response = api_for().post("/api/v1/people/search", {"email": "maija@example.com"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "maija@example.com" not in caplog.text
    assert "RuntimeError" in caplog.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Give a valid API key as a Bearer token."),
        ("fi", "Anna voimassa oleva API-avain Bearer-tunnisteena."),
    ],
)
def test_error_messages_follow_accept_language(language, expected):
    response = Client().get("/api/v1/requests/PR-AAAAAAAA", headers={"Accept-Language": language})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == expected


def test_validation_messages_are_translated(api_for):
    api = api_for(language="fi")
    response = api.post("/api/v1/orders", {"lines": []}, headers=KEY)
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert fields["delivery"] == ["Tämä kenttä vaaditaan."]
    assert fields["lines"] == ["Anna vähintään yksi alkio."]


# --- The schema and the docs page ----------------------------------------------------------------


def test_the_schema_needs_a_key_or_a_staff_login(api_for, clerk, client_for):
    assert Client().get("/api/v1/openapi.json").status_code == 401
    schema = api_for(Scope.WEBSHOP_WRITE).get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/orders" in schema.json()["paths"]
    assert client_for(clerk).get("/api/v1/openapi.json").status_code == 200


def test_the_docs_page_loads_local_files_only(clerk, client_for):
    anonymous = Client().get("/api/v1/docs")
    assert anonymous.status_code == 302
    page = client_for(clerk).get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "https://" not in html
    assert "<script>" not in html
    assert Client().get("/api/v1/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert Client().get("/api/v1/docs/assets/redoc.standalone.js").status_code == 404
