"""Data-map declarations of the import app.

A staged file holds the personal data of everyone in it until it is committed or
cancelled, and at most seven days (rule ``import_staging``, GDPR Art. 5(1)(e)):
the purge deletes the row, and the row's delete handler removes its encrypted
file. Moving the shop's existing registers into rekisteri rests on the shop's
legitimate interest in keeping one set of registers (GDPR Art. 6(1)(f)); the data
itself keeps the purposes and bases of the register it is imported into.

The import ledger holds no personal data: a keyed hash (HMAC-SHA-256 with the
subject-index key) of the old system's record number and the opaque reference
of the record made from it. It is kept as long as the audit log, so that
re-running an old file can never bring back a record that was erased since.
"""

from __future__ import annotations

from rekisteri.imports.models import ImportBatch, ImportedRecord
from rekisteri.privacy.datamap import NOT_PERSONAL, declare, personal
from rekisteri.privacy.vocabulary import Basis, Category, Erasure, Purpose, Source

declare(
    ImportBatch,
    register="imports",
    subject=None,
    purposes=[Purpose.CUSTOMER_RELATIONSHIP, Purpose.ACCOUNTABILITY],
    basis=Basis.LEGITIMATE_INTEREST,
    retention="import_staging",
    retention_from="created_at",
    erasure=Erasure.DELETE,
    source=Source.EMPLOYER,
    reference="reference",
    fields={
        "id": NOT_PERSONAL,
        "reference": NOT_PERSONAL,
        "register": NOT_PERSONAL,
        "file_format": NOT_PERSONAL,
        # A file name may name a person ("asiakkaat_virtanen.csv").
        "original_name": personal(Category.PROVENANCE),
        "stored_name": NOT_PERSONAL,
        "size": NOT_PERSONAL,
        # The first rows as they would be stored, rejected rows and likely duplicates.
        "preview": personal(Category.PROVENANCE),
        "created_by": NOT_PERSONAL,
        "created_at": NOT_PERSONAL,
    },
)

declare(
    ImportedRecord,
    register="imports",
    subject=None,
    purposes=[Purpose.ACCOUNTABILITY],
    basis=Basis.LEGITIMATE_INTEREST,
    retention="audit_log",
    erasure=Erasure.DELETE,
    source=Source.EMPLOYER,
    fields={
        "id": NOT_PERSONAL,
        "register": NOT_PERSONAL,
        "key_digest": NOT_PERSONAL,
        "target_model": NOT_PERSONAL,
        "target_ref": NOT_PERSONAL,
        "imported_at": NOT_PERSONAL,
    },
)
