"""Example entries of the processor and recipient registers, created after migrations.

The privacy notice names the subcontracted services (website hosting, financial
administration, cloud storage, product delivery, e-mail marketing) and the
standing recipients (the police, the accounting firm, the auditor); staff
payroll adds the Tax Administration, the pension insurer and the
occupational-health provider. Each gets one entry marked "example, to be
completed", so the registers are never empty and the warnings show what is
missing.

Seeding is idempotent: an entry is created only if no row carries its
``seed_key``, so an edited, renamed or retired example is never recreated.
Names are written in the installation's default language. No audit event is
written: the examples hold no personal data and are not a change by anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps.registry import Apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.disclosures.models import ProcessorService, RecipientRole, SubjectGroup
from rekisteri.privacy.vocabulary import Category, RecipientType

C = Category
G = SubjectGroup


@dataclass(frozen=True)
class ProcessorSeed:
    key: str
    name: Promise
    service: ProcessorService
    categories: tuple[Category, ...]
    groups: tuple[SubjectGroup, ...]
    notes: Promise | str = ""


@dataclass(frozen=True)
class RecipientSeed:
    key: str
    name: Promise
    type: RecipientType
    role: RecipientRole
    notes: Promise | str = ""


PROCESSOR_SEEDS: tuple[ProcessorSeed, ...] = (
    ProcessorSeed(
        "website_hosting",
        _("Website and web-shop hosting provider"),
        ProcessorService.WEBSITE_HOSTING,
        (
            C.IDENTITY,
            C.CONTACT,
            C.ADDRESS,
            C.PURCHASE,
            C.ONLINE_ACCOUNT,
            C.ONLINE_IDENTIFIER,
            C.COOKIE_CHOICE,
        ),
        (G.CUSTOMERS, G.WEBSHOP_USERS),
    ),
    ProcessorSeed(
        "financial_administration",
        _("Accounting firm (financial administration and payroll)"),
        ProcessorService.FINANCIAL_ADMINISTRATION,
        (
            C.IDENTITY,
            C.ADDRESS,
            C.ACCOUNTING,
            C.PURCHASE,
            C.EMPLOYMENT,
            C.PAYROLL,
            C.TAX,
            C.NATIONAL_ID,
            C.BANK_ACCOUNT,
        ),
        (G.CUSTOMERS, G.EMPLOYEES),
        _(
            "An outsourced bookkeeping firm normally processes the data on our behalf "
            "(GDPR Art. 28): it needs a data processing agreement."
        ),
    ),
    ProcessorSeed(
        "cloud_storage",
        _("Cloud storage provider"),
        ProcessorService.CLOUD_STORAGE,
        (
            C.IDENTITY,
            C.CONTACT,
            C.ADDRESS,
            C.PURCHASE,
            C.SERVICE,
            C.APPLICATION,
            C.CV,
            C.EMPLOYMENT,
        ),
        (G.CUSTOMERS, G.JOB_APPLICANTS, G.EMPLOYEES),
        _("Cloud providers are often outside the EU/EEA: record the transfer mechanism."),
    ),
    ProcessorSeed(
        "product_delivery",
        _("Product delivery partner"),
        ProcessorService.PRODUCT_DELIVERY,
        (C.IDENTITY, C.CONTACT, C.ADDRESS),
        (G.CUSTOMERS, G.WEBSHOP_USERS),
        _(
            "Carriers such as Posti usually act as independent controllers; keep this "
            "entry only for a partner that processes data on our behalf, and list "
            "carriers as recipients."
        ),
    ),
    ProcessorSeed(
        "email_marketing",
        _("E-mail marketing service"),
        ProcessorService.EMAIL_MARKETING,
        (C.IDENTITY, C.CONTACT, C.MARKETING),
        (G.CUSTOMERS, G.BUSINESS_CONTACTS),
        _(
            "E-mail marketing services are often US-based: record the transfer "
            "mechanism, e.g. the EU–US Data Privacy Framework."
        ),
    ),
)

RECIPIENT_SEEDS: tuple[RecipientSeed, ...] = (
    RecipientSeed(
        "police",
        _("Police"),
        RecipientType.POLICE,
        RecipientRole.AUTHORITY,
        _("Only on a written request that cites its legal basis."),
    ),
    RecipientSeed(
        "accounting_firm",
        _("Accounting firm"),
        RecipientType.ACCOUNTING_FIRM,
        RecipientRole.PROCESSOR,
        _("Also listed in the processor register."),
    ),
    RecipientSeed(
        "auditor", _("Auditor"), RecipientType.AUDITOR, RecipientRole.INDEPENDENT_CONTROLLER
    ),
    RecipientSeed(
        "tax_authority",
        _("Tax Administration and the Incomes Register"),
        RecipientType.TAX_AUTHORITY,
        RecipientRole.AUTHORITY,
    ),
    RecipientSeed(
        "pension_insurer",
        _("Earnings-related pension insurer"),
        RecipientType.PENSION_INSURER,
        RecipientRole.INDEPENDENT_CONTROLLER,
    ),
    RecipientSeed(
        "occupational_health",
        _("Occupational-health provider"),
        RecipientType.OCCUPATIONAL_HEALTH,
        RecipientRole.INDEPENDENT_CONTROLLER,
        _("A separate controller of its own patient records."),
    ),
)


def seed_examples(
    apps: Apps | None = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any
) -> tuple[int, int]:
    """Create the missing example processors and recipients; return how many of each.

    Connected to ``post_migrate``; ``apps`` is the migrated state. Does nothing
    while this app's tables are not migrated.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    try:
        processor_model = apps.get_model("disclosures", "Processor")
        recipient_model = apps.get_model("disclosures", "Recipient")
    except LookupError:
        return 0, 0
    created_processors = created_recipients = 0
    with translation.override(settings.LANGUAGE_CODE):
        have = set(
            processor_model._default_manager.using(using)
            .exclude(seed_key="")
            .values_list("seed_key", flat=True)
        )
        for seed in PROCESSOR_SEEDS:
            if seed.key in have:
                continue
            processor_model._default_manager.using(using).create(
                name=str(seed.name),
                service=seed.service.value,
                data_categories=[c.value for c in seed.categories],
                subject_groups=[g.value for g in seed.groups],
                country="",
                notes=str(seed.notes),
                is_example=True,
                seed_key=seed.key,
            )
            created_processors += 1
        have = set(
            recipient_model._default_manager.using(using)
            .exclude(seed_key="")
            .values_list("seed_key", flat=True)
        )
        for rseed in RECIPIENT_SEEDS:
            if rseed.key in have:
                continue
            recipient_model._default_manager.using(using).create(
                name=str(rseed.name),
                type=rseed.type.value,
                role=rseed.role.value,
                country="FI",
                notes=str(rseed.notes),
                is_example=True,
                seed_key=rseed.key,
            )
            created_recipients += 1
    return created_processors, created_recipients
