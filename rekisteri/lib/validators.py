"""Form and model validators for Finnish identifiers, built on their own libraries.

Messages are translated (Finnish by default, English available) and name the
expected form, so the user can correct the value without losing it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fi import ytunnus

from rekisteri.privacy.identifiers import normalise_hetu, normalise_iban, normalise_phone


def validate_phone(value: str) -> None:
    """Accept any valid phone number; Finnish numbers may be written without +358."""
    if normalise_phone(value) is None:
        raise ValidationError(
            _("Enter a valid phone number, e.g. 040 123 4567 or +358 40 123 4567."),
            code="invalid_phone",
        )


def validate_hetu(value: str) -> None:
    """Accept a personal identity code with a valid date, century sign and check mark.

    The century signs introduced in 2023 (Y, X, W, V, U for the 1900s and
    B–F for the 2000s, Valtioneuvoston asetus väestötietojärjestelmästä 128/2010
    as amended) are accepted.
    """
    if normalise_hetu(value) is None:
        raise ValidationError(
            _("Enter a valid personal identity code, e.g. 131052-308T."), code="invalid_hetu"
        )


def validate_iban(value: str) -> None:
    """Accept an IBAN whose country format and check digits are valid."""
    if normalise_iban(value) is None:
        raise ValidationError(
            _("Enter a valid IBAN, e.g. FI21 1234 5600 0007 85."), code="invalid_iban"
        )


def validate_business_id(value: str) -> None:
    """Accept a Finnish business ID (Y-tunnus) with a valid check digit."""
    try:
        ytunnus.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Enter a valid business ID (Y-tunnus), e.g. 2622560-3."), code="invalid_business_id"
        ) from None


def format_business_id(value: str) -> str:
    """Return the business ID in its written form ``1234567-8``."""
    return str(ytunnus.format(value))
