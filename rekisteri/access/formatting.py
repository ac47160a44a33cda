"""How a value reads in an access letter and in the portability bundle.

Values are printed in the letter's language (dates, numbers and choices as
staff read them, via the staff app's ``format_value``) and exported to JSON in
stable forms (ISO 8601 dates, decimals as strings, choices as their codes).
Secret values are never formatted: :func:`secret_text` says what is kept
instead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from rekisteri.access.policies import RecordRetention
from rekisteri.access.report import JSONValue
from rekisteri.crypto.fields import EncryptedTextField
from rekisteri.notices.documents import period_from_trigger
from rekisteri.privacy.datamap import FieldSpec
from rekisteri.privacy.retention import RetentionRule
from rekisteri.privacy.vocabulary import Category
from rekisteri.web.views import format_value

#: Date formats of a letter: Finnish as Finns write dates; English day-month-year with the
#: month's name, never the ambiguous US numeric form (Django's English default).
DATE_FORMATS: dict[str, dict[str, str]] = {
    "fi": {"short": "j.n.Y", "long": "j. E Y", "datetime": "j.n.Y H.i"},
    "en": {"short": "j M Y", "long": "j F Y", "datetime": "j M Y, H:i"},
}


def date_formats(language: str | None = None) -> dict[str, str]:
    """Return the letter's date formats for ``language`` (default: the active language)."""
    return DATE_FORMATS.get(language or translation.get_language() or "fi", DATE_FORMATS["fi"])


def format_letter_date(value: dt.date | dt.datetime) -> str:
    """Return a date or a time as the letter prints it, in the active language."""
    formats = date_formats()
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(local, formats["datetime"])
    return date_format(value, formats["short"])


def is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def model_field(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name)


def field_title(model: type[models.Model], name: str) -> str:
    """Return a field's verbose name with a capital letter, in the active language."""
    try:
        return str(capfirst(str(model_field(model, name).verbose_name)))
    except FieldDoesNotExist:
        return name


def letter_text(instance: models.Model, spec: FieldSpec, value: object) -> str:
    """Return one value as the letter prints it, in the active language."""
    found = model_field(type(instance), spec.name)
    if getattr(found, "choices", None):
        return str(getattr(instance, f"get_{spec.name}_display")())
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date):
        return format_letter_date(value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {format_value(item, spec)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, str) and item in Category.values for item in value):
            # A list of data categories (e.g. what a disclosure held): their names.
            return ", ".join(str(Category(item).label) for item in value)
        return ", ".join(format_value(item, spec) for item in value)
    return format_value(value, spec)


def json_value(value: object) -> JSONValue:
    """Return a value as the bundle's JSON holds it (ISO dates, decimals as strings)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return str(value)


_TYPES = {
    "BooleanField": "boolean",
    "DateField": "date",
    "DateTimeField": "datetime",
    "DecimalField": "decimal",
    "FloatField": "number",
    "IntegerField": "integer",
    "BigIntegerField": "integer",
    "SmallIntegerField": "integer",
    "PositiveIntegerField": "integer",
    "PositiveSmallIntegerField": "integer",
    "PositiveBigIntegerField": "integer",
    "JSONField": "json",
}


def column_type(model: type[models.Model], name: str) -> str:
    """Return the bundle type of a field: string, date, datetime, decimal, integer, ..."""
    found = model_field(model, name)
    if getattr(found, "choices", None):
        return "code"
    return _TYPES.get(found.get_internal_type(), "string")


def secret_text(model: type[models.Model], spec: FieldSpec, rule: RetentionRule) -> str:
    """Return what the letter says in place of a secret value (never the value)."""
    if isinstance(model_field(model, spec.name), EncryptedTextField):
        text = _("Stored, not shown: kept encrypted and left out of this letter to keep it safe.")
        if not rule.open_ended:
            text += " " + _("Kept %(period)s.") % {"period": period_from_trigger(rule)}
        return text
    return _(
        "Stored, not shown: kept only as a one-way hash, which no one, not even we, can turn "
        "back into the original."
    )


def retention_text(retention: RecordRetention) -> str:
    """Return a record's retention as one sentence (GDPR Art. 15(1)(d))."""
    if retention.ends_on is not None:
        return _("Kept until %(date)s.") % {
            "date": format_letter_date(retention.ends_on - dt.timedelta(days=1))
        }
    if retention.waiting:
        return _("Kept while needed, then %(period)s.") % {
            "period": period_from_trigger(retention.waiting[0])
        }
    if retention.open_ended:
        return _("Kept for as long as its purpose lasts.")
    return ""
