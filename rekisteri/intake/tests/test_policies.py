"""The link's lifetime, the link token and the limits: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import signing

from rekisteri.intake import policies
from rekisteri.intake.services import (
    LinkExpired,
    LinkInvalid,
    make_link_token,
    read_link_token,
)

SENT = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)


def test_the_link_works_for_exactly_twenty_four_hours():
    assert policies.link_expires_at(SENT) == dt.datetime(2026, 4, 1, 23, 30, tzinfo=dt.UTC)
    assert not policies.link_expired(SENT, SENT)
    assert not policies.link_expired(SENT, SENT + dt.timedelta(hours=24))
    assert policies.link_expired(SENT, SENT + dt.timedelta(hours=24, seconds=1))


def test_the_stored_digest_is_not_the_key():
    digest = policies.key_digest("abc")
    assert len(digest) == 64
    assert "abc" not in digest
    assert digest == policies.key_digest("abc") != policies.key_digest("abd")


def test_the_limits_are_five_an_hour_per_address_and_three_a_day_per_e_mail():
    assert (policies.SUBMISSIONS_PER_ADDRESS.hits, policies.SUBMISSIONS_PER_ADDRESS.seconds) == (
        5,
        3600,
    )
    assert (policies.MESSAGES_PER_EMAIL.hits, policies.MESSAGES_PER_EMAIL.seconds) == (3, 86400)
    scopes = {
        policies.POSTS_PER_ADDRESS.scope,
        policies.SUBMISSIONS_PER_ADDRESS.scope,
        policies.MESSAGES_PER_EMAIL.scope,
    }
    assert len(scopes) == 3
    assert all(len(scope) <= 40 for scope in scopes)


def test_a_token_carries_the_key_and_the_language():
    link = read_link_token(make_link_token("the-key", "en"))
    assert (link.key, link.language) == ("the-key", "en")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "nonsense",
        make_link_token("the-key", "fi")[:-2],
        make_link_token("the-key", "fi").replace(":", ":x", 1),
        # Signed by the project's key, but for another purpose.
        signing.dumps({"k": "the-key", "l": "fi"}, salt="rekisteri.something-else"),
        signing.dumps(["not", "a", "dict"], salt=policies.LINK_SALT),
    ],
)
def test_a_tampered_or_foreign_token_is_invalid(token):
    with pytest.raises(LinkInvalid):
        read_link_token(token)


def test_an_old_token_is_expired_and_still_tells_its_language():
    with time_machine.travel(SENT, tick=False):
        token = make_link_token("the-key", "en")
    with time_machine.travel(SENT + dt.timedelta(hours=23, minutes=59), tick=False):
        assert read_link_token(token).key == "the-key"
    with (
        time_machine.travel(SENT + dt.timedelta(hours=24, seconds=2), tick=False),
        pytest.raises(LinkExpired) as caught,
    ):
        read_link_token(token)
    assert caught.value.language == "en"


def test_an_unknown_language_in_a_token_falls_back_to_finnish():
    token = signing.dumps({"k": "the-key", "l": "sv"}, salt=policies.LINK_SALT)
    assert read_link_token(token).language == "fi"
