"""Data-map declarations of the accounting register (legal.md §4 rows 1–2).

Vouchers are kept for six years from the end of the calendar year in which the
financial year ended (Kirjanpitolaki 1336/1997 2:10, rule ``accounting_vouchers``)
under a legal obligation (GDPR Art. 6(1)(c)). The name, address and e-mail as
issued, the link to the person and the free-text line descriptions are therefore
under a legal hold: an erasure request restricts them (Art. 17(3)(b), Art. 18)
and they are erased when the period ends. Amounts, dates and numbers are not
personal on their own. Vouchers go to the accounting firm, the auditor and the
Tax Administration as the notice says.
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
    Source,
)
from rekisteri.registers.sales.models import Voucher, VoucherLine, VoucherSequence

_PURPOSES = [Purpose.ACCOUNTING, Purpose.INVOICING]
_RECIPIENTS = [RecipientType.ACCOUNTING_FIRM, RecipientType.AUDITOR, RecipientType.TAX_AUTHORITY]

declare(
    Voucher,
    register="sales",
    subject="person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    retention="accounting_vouchers",
    retention_from="issued_on",
    erasure=Erasure.HOLD,
    recipients=_RECIPIENTS,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "number": NOT_PERSONAL,
        "issued_on": NOT_PERSONAL,
        "financial_year": NOT_PERSONAL,
        "kind": NOT_PERSONAL,
        "person": personal(Category.ACCOUNTING, source=Source.EMPLOYER),
        "customer": personal(Category.ACCOUNTING, source=Source.EMPLOYER),
        "billed_name": personal(Category.IDENTITY, identifier=IdentifierKind.NAME),
        "billed_address": personal(Category.ADDRESS),
        "billed_email": personal(Category.CONTACT, identifier=IdentifierKind.EMAIL),
        "total_net": NOT_PERSONAL,
        "total_vat": NOT_PERSONAL,
        "total_gross": NOT_PERSONAL,
        "status": NOT_PERSONAL,
        "issued_at": NOT_PERSONAL,
        "corrects": NOT_PERSONAL,
        "correction_reason": personal(Category.NOTES, free_text=True, source=Source.EMPLOYER),
        "created_at": NOT_PERSONAL,
        "updated_at": NOT_PERSONAL,
    },
)

declare(
    VoucherLine,
    register="sales",
    subject="voucher__person",
    purposes=_PURPOSES,
    basis=Basis.LEGAL_OBLIGATION,
    retention="accounting_vouchers",
    retention_from="voucher__issued_on",
    erasure=Erasure.HOLD,
    recipients=_RECIPIENTS,
    fields={
        "id": NOT_PERSONAL,
        "voucher": NOT_PERSONAL,
        # Free text: a clerk may write a name, serial number or phone into it.
        "description": personal(Category.PURCHASE, free_text=True, source=Source.EMPLOYER),
        "quantity": NOT_PERSONAL,
        "unit_price": NOT_PERSONAL,
        "vat_rate": NOT_PERSONAL,
        "line_total": NOT_PERSONAL,
    },
)

# The counter rows hold no personal data; declared so the data map stays complete.
declare(
    VoucherSequence,
    register="sales",
    subject=None,
    purposes=[Purpose.ACCOUNTING],
    basis=Basis.LEGAL_OBLIGATION,
    retention="accounting_vouchers",
    erasure=Erasure.HOLD,
    fields={"id": NOT_PERSONAL, "financial_year": NOT_PERSONAL, "last_number": NOT_PERSONAL},
)
