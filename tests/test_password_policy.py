"""Password policy (ASVS 5.0 6.2.1, 6.2.4, 6.2.5, 11.4.2 [2.1.1, 2.1.7, 2.4.1])."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from rekisteri.config import settings as production


def test_argon2id_is_the_first_hasher_in_production():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("kesä-aamu-kahvi-7", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("lyhyt-sana1", "11 characters is too short"),
        ("password1234", "a common password"),
        ("123456789012345", "only digits"),
        ("maija.virtanen1", "too like the username"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = User(username="maija.virtanen1", email="maija@kauppa.example")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_passphrase_is_accepted():
    validate_password("kesä-aamu-kahvi-7", User(username="maija"))
