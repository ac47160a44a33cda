"""Request and response bodies of the API (pydantic models, shown in the OpenAPI schema).

Input models forbid unknown fields, so a misspelt field is an error rather than
silently ignored. Text fields refuse NUL bytes and lone surrogates, which no
database stores (:data:`Text`). Values are checked again by the services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, StringConstraints
from pydantic_core import PydanticCustomError


def _clean_text(value: str) -> str:
    if "\x00" in value or any("\ud800" <= char <= "\udfff" for char in value):
        raise PydanticCustomError("invalid_characters", "The text holds characters not allowed.")
    return value


def text(max_length: int, min_length: int = 0) -> Any:
    """A string of at most ``max_length`` characters without NUL bytes or surrogates."""
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(_clean_text),
    ]


Reference = Annotated[
    str, StringConstraints(min_length=3, max_length=16, pattern=r"^[A-Z]{1,3}-[0-9A-Z]{4,12}$")
]
Language = Literal["fi", "en"]
MarketingChannelName = Literal["email", "sms", "post", "phone"]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("99999999.99"), max_digits=10, decimal_places=2)]


class In(Schema):
    model_config = ConfigDict(extra="forbid")


# --- Orders ------------------------------------------------------------------------------


class AddressIn(In):
    name: text(200, 1)  # type: ignore[valid-type]
    street: text(200, 1)  # type: ignore[valid-type]
    postal_code: text(20) = ""  # type: ignore[valid-type]
    city: text(100, 1)  # type: ignore[valid-type]
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")] = "FI"


class LineIn(In):
    product_name: text(200, 1)  # type: ignore[valid-type]
    sku: text(64) = ""  # type: ignore[valid-type]
    quantity: Annotated[int, Field(ge=1, le=10000)] = 1
    unit_price: Money


class CustomerIn(In):
    first_name: text(100) = ""  # type: ignore[valid-type]
    last_name: text(100) = ""  # type: ignore[valid-type]


class OrderIn(In):
    lines: Annotated[list[LineIn], Field(min_length=1, max_length=200)]
    delivery: AddressIn
    billing: AddressIn | None = Field(None, description="Defaults to the delivery address.")
    client_ip: Annotated[str, StringConstraints(max_length=45)] | None = Field(
        None, description="The IP address the customer ordered from (kept 13 months)."
    )
    email: text(254) = ""  # type: ignore[valid-type]
    phone: text(32) = ""  # type: ignore[valid-type]
    comment: text(2000) = ""  # type: ignore[valid-type]
    shipping_amount: Money = Decimal("0.00")
    account: Reference | None = Field(
        None, description="The web-shop account's reference (W-…), when the customer logged in."
    )
    customer: CustomerIn | None = Field(
        None, description="The guest customer's name; a new person is recorded for the order."
    )


class OrderLineOut(Schema):
    product_name: str
    sku: str
    quantity: int
    unit_price: str


class OrderOut(Schema):
    reference: str
    number: str
    person: str = Field(description="The person's opaque reference (H-…).")
    status: str
    ordered_at: dt.datetime
    shipping_amount: str
    total_amount: str
    lines: list[OrderLineOut]


# --- Web-shop accounts -----------------------------------------------------------------------


class AccountIn(In):
    username: text(150, 1)  # type: ignore[valid-type]
    email: text(254) = ""  # type: ignore[valid-type]
    password: Annotated[SecretStr, Field(min_length=1, max_length=256)] = Field(
        description="Write-only: hashed with Argon2id, never stored in clear or returned."
    )
    first_name: text(100) = ""  # type: ignore[valid-type]
    last_name: text(100) = ""  # type: ignore[valid-type]


class AccountPatch(In):
    email: text(254) | None = None  # type: ignore[valid-type]
    is_active: bool | None = None
    password: Annotated[SecretStr, Field(min_length=1, max_length=256)] | None = Field(
        None, description="Write-only: a new password, hashed with Argon2id."
    )


class AccountOut(Schema):
    reference: str
    person: str
    username: str
    email: str
    is_active: bool
    created_at: dt.datetime


# --- Cookie choices and marketing -------------------------------------------------------------


class CookieChoiceIn(In):
    banner_version: text(40, 1)  # type: ignore[valid-type]
    choices: Annotated[dict[str, bool], Field(max_length=10)] = Field(
        description="Yes/no per purpose: analytics, marketing. Necessary is always on."
    )
    pseudonymous_id: text(64) | None = Field(  # type: ignore[valid-type]
        None, description="The browser's random identifier; made by us when left out."
    )
    account: Reference | None = None


class CookieChoiceOut(Schema):
    reference: str
    pseudonymous_id: str
    banner_version: str
    choices: dict[str, bool]
    chosen_at: dt.datetime


class Subject(In):
    account: Reference | None = Field(None, description="A web-shop account reference (W-…).")
    person: Reference | None = Field(None, description="A person reference (H-…).")


class OptInIn(Subject):
    channel: MarketingChannelName
    language: Language = "fi"
    evidence: text(300, 1) = Field(  # type: ignore[valid-type]
        description='How the person agreed, e.g. "ticked the unticked box at checkout".'
    )
    ip_address: Annotated[str, StringConstraints(max_length=45)] | None = None
    user_agent: text(300) = ""  # type: ignore[valid-type]


class OptInOut(Schema):
    reference: str
    person: str
    channel: str
    text_version: int
    given_at: dt.datetime


class OptOutIn(Subject):
    channels: Annotated[list[MarketingChannelName], Field(max_length=4)] | None = Field(
        None, description="Channels to opt out of; all channels when left out."
    )


class OptOutOut(Schema):
    person: str
    opted_out: list[str]


# --- People and records ---------------------------------------------------------------------


class PeopleSearchIn(In):
    email: text(254) = ""  # type: ignore[valid-type]
    phone: text(40) = ""  # type: ignore[valid-type]
    hetu: text(20) = ""  # type: ignore[valid-type]
    name: text(200) = ""  # type: ignore[valid-type]
    customer_number: text(40) = ""  # type: ignore[valid-type]
    order_number: text(40) = ""  # type: ignore[valid-type]
    username: text(150) = ""  # type: ignore[valid-type]


class MatchOut(BaseModel):
    kind: str
    register_name: str
    field: str


class PersonOut(Schema):
    reference: str
    first_name: str
    last_name: str


class PersonMatchOut(PersonOut):
    matched: list[MatchOut]


class FieldOut(Schema):
    name: str
    label: str
    value: Any = None
    masked: bool = False


class RecordOut(Schema):
    model: str
    reference: str
    title: str
    fields: list[FieldOut]


class RegisterOut(BaseModel):
    register_name: str
    title: str
    records: list[RecordOut]


class PersonRecordsOut(Schema):
    person: PersonOut
    registers: list[RegisterOut]


# --- Requests and disclosures ------------------------------------------------------------------


class RequestIn(In):
    kind: Literal["access", "portability", "rectification", "erasure", "restriction", "objection"]
    requester_name: text(200, 1)  # type: ignore[valid-type]
    requester_email: text(254) = ""  # type: ignore[valid-type]
    requester_phone: text(40) = ""  # type: ignore[valid-type]
    customer_number: text(40) = ""  # type: ignore[valid-type]
    order_number: text(40) = ""  # type: ignore[valid-type]
    reply_address: text(1000) = ""  # type: ignore[valid-type]
    language: Language = "fi"
    description: text(5000) = ""  # type: ignore[valid-type]
    objection_scope: Literal["", "direct_marketing", "legitimate_interest"] = ""


class RequestOut(Schema):
    reference: str
    kind: str
    channel: str
    state: str
    received_at: dt.datetime
    due_on: dt.date
    extended: bool
    closed_at: dt.datetime | None


class DisclosureIn(In):
    person: Reference
    recipient: Reference
    basis: Literal["consent", "contract", "legal_obligation", "legitimate_interest"]
    categories: Annotated[list[text(40, 1)], Field(min_length=1, max_length=30)]  # type: ignore[valid-type]
    disclosed_on: dt.date
    reference: text(60) = Field(  # type: ignore[valid-type]
        "", description="The order, job or case number; never personal text."
    )


class DisclosureOut(Schema):
    reference: str
    person: str
    recipient: str
    basis: str
    categories: list[str]
    disclosed_on: dt.date
