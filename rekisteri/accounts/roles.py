"""Roles and the permission matrix (docs/roles.md is generated from this module).

Roles are Django groups. A capability is a string ``area.action``; views and
querysets check capabilities, never role names, so the matrix below is the one
place that says who may do what. The matrix follows least privilege (GDPR
Art. 25(2), Art. 32(4)): each role reaches only the registers its work needs.
Health data is readable only by the named persons given the health-data-handler
role (Laki yksityisyyden suojasta työelämässä 759/2004 5 §).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    SALES_CLERK = "sales_clerk", _("Sales clerk")
    SERVICE_TECHNICIAN = "service_technician", _("Service technician")
    REGISTRAR = "registrar", _("Registrar")
    HR = "hr", _("HR and payroll")
    HEALTH_DATA_HANDLER = "health_data_handler", _("Health-data handler (named person)")
    ADMINISTRATOR = "administrator", _("Administrator")


MFA_ROLES: frozenset[Role] = frozenset(
    {Role.ADMINISTRATOR, Role.REGISTRAR, Role.HR, Role.HEALTH_DATA_HANDLER}
)
"""Roles that must pass TOTP two-factor authentication before any protected page.

These roles reach special categories, payroll or every register, so a stolen
password alone must not open them (OWASP ASVS 5.0 6.3.3; GDPR Art. 32(1)(b)
"appropriate technical measures"). Other roles may enrol voluntarily.
"""


class Capability(TextChoices):
    SEARCH = "search.use", _("Search people by identifier")
    PERSON_VIEW = "person.view", _("Open a person card")
    CUSTOMERS_VIEW = "customers.view", _("View the customer register")
    CUSTOMERS_EDIT = "customers.edit", _("Create and edit customers")
    SALES_VIEW = "sales.view", _("View accounting vouchers")
    SALES_EDIT = "sales.edit", _("Issue vouchers and corrections")
    WEBSHOP_VIEW = "webshop.view", _("View web-shop orders and accounts")
    WEBSHOP_EDIT = "webshop.edit", _("Edit web-shop orders and accounts")
    SERVICE_VIEW = "service.view", _("View service jobs")
    SERVICE_EDIT = "service.edit", _("Create and edit service jobs")
    SERVICE_REVEAL = "service.reveal_credential", _("Reveal device credentials")
    RECRUITING_VIEW = "recruiting.view", _("View job applications")
    RECRUITING_EDIT = "recruiting.edit", _("Handle job applications")
    STAFF_VIEW = "staff.view", _("View employees")
    STAFF_EDIT = "staff.edit", _("Edit employees")
    STAFF_PAYROLL = "staff.payroll", _("See payroll and tax data unmasked")
    HEALTH_VIEW = "health.view", _("Read occupational-health records")
    HEALTH_EDIT = "health.edit", _("Write occupational-health records")
    AUDIT_VIEW = "audit.view", _("Read the audit log")
    DATAMAP_VIEW = "datamap.view", _("Read the data map")
    NOTICES_VIEW = "notices.view", _("Read the privacy notices and the record of processing")
    CONTROLLER_EDIT = "controller.edit", _("Edit the controller's details")
    RETENTION_VIEW = "retention.view", _("See what retention has due and has deleted")
    RETENTION_MANAGE = "retention.manage", _("Tighten or extend retention rules and run the purge")
    CONSENT_VIEW = "consent.view", _("View consents and marketing choices")
    CONSENT_EDIT = "consent.edit", _("Record consents, withdrawals and opt-outs")
    MARKETING_EXPORT = "marketing.export", _("Export the marketing list")
    DISCLOSURES_VIEW = "disclosures.view", _("View the disclosure log")
    DISCLOSURES_RECORD = "disclosures.record", _("Record a disclosure")
    RECIPIENTS_EDIT = "recipients.edit", _("Keep the recipient and processor registers")
    BREACHES_VIEW = "breaches.view", _("View the breach register")
    BREACHES_EDIT = "breaches.edit", _("Record and assess breaches")
    REQUESTS_INTAKE = "requests.intake", _("Receive a data-subject request")
    REQUESTS_VIEW = "requests.view", _("View data-subject requests")
    REQUESTS_HANDLE = "requests.handle", _("Handle data-subject requests")
    ERASURE_EXECUTE = "erasure.execute", _("Execute a reviewed erasure plan")
    API_KEYS_MANAGE = "api.keys", _("Issue and revoke API keys")
    IMPORTS_RUN = "imports.run", _("Import existing registers from files")


C = Capability

MATRIX: dict[Role, frozenset[Capability]] = {
    Role.SALES_CLERK: frozenset(
        {
            C.SEARCH,
            C.PERSON_VIEW,
            C.CUSTOMERS_VIEW,
            C.CUSTOMERS_EDIT,
            C.SALES_VIEW,
            C.SALES_EDIT,
            C.WEBSHOP_VIEW,
            C.WEBSHOP_EDIT,
            C.SERVICE_VIEW,
            C.DATAMAP_VIEW,
            C.NOTICES_VIEW,
            C.CONSENT_VIEW,
            C.CONSENT_EDIT,
            C.DISCLOSURES_VIEW,
            C.DISCLOSURES_RECORD,
            C.REQUESTS_INTAKE,
        }
    ),
    Role.SERVICE_TECHNICIAN: frozenset(
        {
            C.SEARCH,
            C.PERSON_VIEW,
            C.CUSTOMERS_VIEW,
            C.SERVICE_VIEW,
            C.SERVICE_EDIT,
            C.SERVICE_REVEAL,
            C.DATAMAP_VIEW,
            C.NOTICES_VIEW,
            C.DISCLOSURES_VIEW,
            C.DISCLOSURES_RECORD,
            C.REQUESTS_INTAKE,
        }
    ),
    Role.REGISTRAR: frozenset(
        {
            C.SEARCH,
            C.PERSON_VIEW,
            C.CUSTOMERS_VIEW,
            C.SALES_VIEW,
            C.WEBSHOP_VIEW,
            C.SERVICE_VIEW,
            C.RECRUITING_VIEW,
            C.STAFF_VIEW,
            C.AUDIT_VIEW,
            C.DATAMAP_VIEW,
            C.NOTICES_VIEW,
            C.RETENTION_VIEW,
            C.CONSENT_VIEW,
            C.CONSENT_EDIT,
            C.DISCLOSURES_VIEW,
            C.DISCLOSURES_RECORD,
            C.RECIPIENTS_EDIT,
            C.BREACHES_VIEW,
            C.BREACHES_EDIT,
            C.REQUESTS_INTAKE,
            C.REQUESTS_VIEW,
            C.REQUESTS_HANDLE,
            C.ERASURE_EXECUTE,
        }
    ),
    Role.HR: frozenset(
        {
            C.SEARCH,
            C.PERSON_VIEW,
            C.RECRUITING_VIEW,
            C.RECRUITING_EDIT,
            C.STAFF_VIEW,
            C.STAFF_EDIT,
            C.STAFF_PAYROLL,
            C.DATAMAP_VIEW,
            C.NOTICES_VIEW,
            C.DISCLOSURES_VIEW,
            C.DISCLOSURES_RECORD,
            C.REQUESTS_INTAKE,
        }
    ),
    Role.HEALTH_DATA_HANDLER: frozenset(
        {C.PERSON_VIEW, C.STAFF_VIEW, C.HEALTH_VIEW, C.HEALTH_EDIT, C.DATAMAP_VIEW, C.NOTICES_VIEW}
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            C.SEARCH,
            C.PERSON_VIEW,
            C.CUSTOMERS_VIEW,
            C.CUSTOMERS_EDIT,
            C.SALES_VIEW,
            C.WEBSHOP_VIEW,
            C.SERVICE_VIEW,
            C.RECRUITING_VIEW,
            C.STAFF_VIEW,
            C.AUDIT_VIEW,
            C.DATAMAP_VIEW,
            C.NOTICES_VIEW,
            C.CONTROLLER_EDIT,
            C.RETENTION_VIEW,
            C.RETENTION_MANAGE,
            C.CONSENT_VIEW,
            C.MARKETING_EXPORT,
            C.DISCLOSURES_VIEW,
            C.RECIPIENTS_EDIT,
            C.BREACHES_VIEW,
            C.BREACHES_EDIT,
            C.REQUESTS_INTAKE,
            C.REQUESTS_VIEW,
            C.API_KEYS_MANAGE,
            C.IMPORTS_RUN,
        }
    ),
}


def capabilities_of(user: AbstractBaseUser | AnonymousUser) -> frozenset[Capability]:
    """Return the union of the capabilities of the user's roles (cached on the user)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_rekisteri_capabilities", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    caps: set[Capability] = set()
    for role in Role:
        if role.value in names:
            caps |= MATRIX[role]
    result = frozenset(caps)
    setattr(user, "_rekisteri_capabilities", result)  # noqa: B010 - a per-request cache
    return result


def has_capability(user: AbstractBaseUser | AnonymousUser, capability: Capability) -> bool:
    return capability in capabilities_of(user)


def can_see_restricted(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user may see data whose processing is restricted (GDPR Art. 18).

    Restricted data may only be stored; the people who handle data-subject
    requests still see it (with a badge), ordinary roles do not.
    """
    return has_capability(user, Capability.REQUESTS_VIEW)


def roles_of(user: AbstractBaseUser | AnonymousUser) -> list[Role]:
    if not user.is_authenticated:
        return []
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    return [role for role in Role if role.value in names]


def requires_mfa(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user holds a role in ``MFA_ROLES`` (and must verify a second factor)."""
    return any(role in MFA_ROLES for role in roles_of(user))


def ensure_role_groups(**kwargs: Any) -> None:
    """Create one group per role after migrations (idempotent)."""
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role.value)


def render_roles_markdown() -> str:
    """Render docs/roles.md (in English): the matrix as a table, one column per role."""
    with translation.override("en"):
        return _render_roles_markdown()


def _render_roles_markdown() -> str:
    roles = list(Role)
    lines = [
        "# Roles and permissions",
        "",
        "Generated from `rekisteri/accounts/roles.py` by `rekisteri render_docs`; a test fails",
        "when this page is stale. Roles are groups; a user may hold several (a named",
        "health-data handler is usually also HR). Views check these capabilities and",
        "querysets return only what the capability allows, so a guessed URL gives 403 or",
        "404. `tests/test_permission_matrix.py` checks every cell.",
        "",
        "| Capability | " + " | ".join(str(r.label) for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for cap in Capability:
        cells = ["✔" if cap in MATRIX[r] else "–" for r in roles]
        lines.append(f"| {cap.label} (`{cap.value}`) | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Anonymous visitors reach only the login page; every other page redirects to it.",
        "",
    ]
    return "\n".join(lines)
