"""The key-management pages: only the administrator, the key shown once, revoking."""

from __future__ import annotations

import re

import pytest

from rekisteri.api.models import ApiClient
from rekisteri.api.services import client_for_key, issue_api_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["clerk", "registrar", "hr", "outsider"])
def test_only_the_administrator_manages_keys(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/api/keys/").status_code == 403
    assert client.get("/api/keys/new/").status_code == 403
    assert (
        client.post("/api/keys/new/", {"name": "x1", "scopes": ["people:read"]}).status_code == 403
    )


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/api/keys/").status_code == 302


def test_a_key_is_shown_once_and_never_again(administrator, client_for):
    client = client_for(administrator)
    response = client.post("/api/keys/new/", {"name": "webshop", "scopes": ["webshop:write"]})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    found = re.search(r"rk_[a-z0-9]{8}_[A-Za-z0-9_-]+", response.content.decode())
    assert found is not None
    token = found.group(0)
    assert client_for_key(token) is not None
    listing = client.get("/api/keys/")
    assert listing.status_code == 200
    assert "webshop" in listing.content.decode()
    assert token not in listing.content.decode()
    assert token not in str(dict(client.session))


def test_the_form_keeps_what_was_typed_and_explains_errors(administrator, client_for):
    client = client_for(administrator)
    response = client.post("/api/keys/new/", {"name": "Bad Name!", "scopes": []})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Bad Name!"' in html
    assert "Choose at least one scope." in html or "Valitse vähintään yksi oikeus." in html
    assert not ApiClient.objects.exists()


def test_revoking_asks_first_then_stops_the_key(administrator, client_for):
    issued = issue_api_key(None, name="crm", scopes=["people:read"])
    client = client_for(administrator)
    url = f"/api/keys/{issued.client.pk}/revoke/"
    assert client.get(url).status_code == 200
    assert client_for_key(issued.token) is not None
    assert client.post(url).status_code == 302
    assert client_for_key(issued.token) is None
