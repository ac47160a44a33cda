"""Data-map declarations of the personnel register: employees (legal.md §4 rows
18–21) and the separate occupational-health store (rows 22–23).

The work-certificate data (dates, duties, title) is kept ten years after the
employment (Työsopimuslaki 55/2001 6:7); tax and payroll data, the identity
code and the bank account follow the payroll vouchers (Kirjanpitolaki 2:10);
the rest of the personnel file is kept two years (TSL 13:9). All of it is under
a legal hold until then (GDPR Art. 17(3)(b)). The identity code and the bank
account are encrypted secrets; health records are special-category data
readable only by named persons (YksTL 759/2004 5 §), with no diagnosis field.
"""

from __future__ import annotations

from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import (
    Basis,
    Category,
    Erasure,
    IdentifierKind,
    Purpose,
    RecipientType,
    Sensitivity,
    Source,
)
from rekisteri.registers.staff.models import Employee, HealthRecord

_PAYROLL_RECIPIENTS = (
    RecipientType.TAX_AUTHORITY,
    RecipientType.PENSION_INSURER,
    RecipientType.ACCOUNTING_FIRM,
)

declare(
    Employee,
    register="staff",
    subject="person",
    purposes=[Purpose.EMPLOYMENT],
    basis=Basis.CONTRACT,
    retention="personnel_file",
    retention_from="ended_on",
    erasure=Erasure.HOLD,
    source=Source.SUBJECT,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "person": NOT_PERSONAL,
        "job_title": personal(
            Category.EMPLOYMENT,
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.EMPLOYER,
            retention="employment_certificate",
        ),
        "duties": personal(
            Category.EMPLOYMENT,
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.EMPLOYER,
            retention="employment_certificate",
        ),
        "employment_type": personal(
            Category.EMPLOYMENT,
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.EMPLOYER,
            retention="employment_certificate",
        ),
        "started_on": personal(
            Category.EMPLOYMENT,
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.EMPLOYER,
            retention="employment_certificate",
        ),
        "ended_on": personal(
            Category.EMPLOYMENT,
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.EMPLOYER,
            retention="employment_certificate",
        ),
        "work_email": personal(
            Category.CONTACT, source=Source.EMPLOYER, identifier=IdentifierKind.EMAIL
        ),
        "work_phone": personal(
            Category.CONTACT, source=Source.EMPLOYER, identifier=IdentifierKind.PHONE
        ),
        "home_street_address": personal(Category.CONTACT, portable=True),
        "home_postal_code": personal(Category.CONTACT, portable=True),
        "home_city": personal(Category.CONTACT, portable=True),
        "personal_identity_code": personal(
            Category.NATIONAL_ID,
            purposes=[Purpose.PAYROLL],
            basis=Basis.LEGAL_OBLIGATION,
            retention="payroll_tax",
            sensitivity=Sensitivity.SECRET,
            identifier=IdentifierKind.HETU,
            recipients=[*_PAYROLL_RECIPIENTS, RecipientType.OCCUPATIONAL_HEALTH],
        ),
        "bank_account_iban": personal(
            Category.BANK_ACCOUNT,
            purposes=[Purpose.PAYROLL],
            retention="payroll_tax",
            sensitivity=Sensitivity.SECRET,
            identifier=IdentifierKind.IBAN,
            recipients=[RecipientType.ACCOUNTING_FIRM],
        ),
        "tax_percentage": personal(
            Category.TAX,
            purposes=[Purpose.PAYROLL],
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.AUTHORITY,
            retention="payroll_tax",
            recipients=_PAYROLL_RECIPIENTS,
        ),
        "tax_additional_percentage": personal(
            Category.TAX,
            purposes=[Purpose.PAYROLL],
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.AUTHORITY,
            retention="payroll_tax",
            recipients=_PAYROLL_RECIPIENTS,
        ),
        "tax_income_limit": personal(
            Category.TAX,
            purposes=[Purpose.PAYROLL],
            basis=Basis.LEGAL_OBLIGATION,
            source=Source.AUTHORITY,
            retention="payroll_tax",
            recipients=_PAYROLL_RECIPIENTS,
        ),
        "monthly_salary": personal(
            Category.PAYROLL,
            purposes=[Purpose.PAYROLL],
            source=Source.EMPLOYER,
            retention="payroll_tax",
            recipients=_PAYROLL_RECIPIENTS,
        ),
    },
)

# One declaration for all kinds: the data map cannot yet vary the rule by a
# record's kind, so it carries the longer, held rule of sick-leave certificates
# (vouchers of sick pay, KPL 2:10); HealthRecord.retention_rule gives the rule of
# each record (fitness statements and work-ability notes: other_health_data).
declare(
    HealthRecord,
    register="staff",
    subject="employee__person",
    purposes=[Purpose.OCCUPATIONAL_HEALTH],
    basis=Basis.EMPLOYMENT_LAW,
    retention="sick_leave_certificates",
    retention_from="period_ends_on",
    erasure=Erasure.HOLD,
    source=Source.SUBJECT,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "employee": NOT_PERSONAL,
        "created_by": NOT_PERSONAL,
        # Health data like the content, but not encrypted: the kind drives the
        # retention rule and the dates are queried. The separate screen and the
        # visible_to() queryset keep them from everyone but the named handlers.
        "kind": personal(Category.HEALTH),
        "period_starts_on": personal(Category.HEALTH),
        "period_ends_on": personal(Category.HEALTH),
        "received_on": personal(Category.HEALTH),
        # Not free text for the subject index: an identifier found in a health
        # document would tell any searcher that a health record exists.
        "content": personal(Category.HEALTH, sensitivity=Sensitivity.SPECIAL),
    },
)
