"""Running an import: one file, one register, one transaction.

:func:`run_import` streams the file row by row (nothing but a set of keyed
hashes of the keys seen is kept per row), cleans each row, resolves the person
and applies it through the register's services inside ONE transaction. If any
row is rejected, the transaction is rolled back and nothing is written; a dry
run rolls back too, so it shows exactly what a real run would do. An applied
file writes one ``import.applied`` audit event with its counts, besides the
per-record events the services write (GDPR Art. 5(2), 30; docs/audit-events.md).

The import ledger (:class:`~rekisteri.imports.models.ImportedRecord`) makes a
re-run create nothing: a row whose source key is in it is "already imported".
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.audit import services as audit_services
from rekisteri.audit.models import EventType
from rekisteri.audit.records import Actor, staff_user
from rekisteri.audit.services import record_event
from rekisteri.crypto.keys import index_key
from rekisteri.imports.identity import CONFLICT
from rekisteri.imports.models import FileFormat, ImportedRecord
from rekisteri.imports.parsing import (
    FileRejected,
    Row,
    RowProblem,
    RowRejected,
    check_start,
    read_csv,
    read_json_lines,
    text_stream,
)
from rekisteri.imports.registers import (
    CREATED,
    MATCHED,
    Adapter,
    Applied,
    Context,
    adapter_for,
    refuse_service_error,
)

#: Rows of the preview kept for the UI and the first rejects and duplicates shown.
PREVIEW_ROWS = 10
KEEP_LISTED = 200
#: How often (in rows) the progress callback is called.
PROGRESS_EVERY = 200


class CommandActor(AnonymousUser):
    """The actor of an import run from the command line (the audit log shows the label)."""

    def __init__(self, label: str = "cli:import") -> None:
        super().__init__()
        self.audit_label = label


@dataclass
class Duplicate:
    """A row imported as a new person although someone similar exists (for review)."""

    row: int
    new_person: str
    candidates: list[str]
    why: str


@dataclass
class Reject:
    row: int
    reason: str


@dataclass
class ImportResult:
    register: str
    dry_run: bool
    rows_read: int = 0
    people_matched: int = 0
    people_created: int = 0
    records_created: int = 0
    already_imported: int = 0
    likely_duplicates: int = 0
    rejected: int = 0
    applied: bool = False
    preview: list[dict[str, str]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "people_matched": self.people_matched,
            "people_created": self.people_created,
            "records_created": self.records_created,
            "already_imported": self.already_imported,
            "likely_duplicates": self.likely_duplicates,
            "rejected": self.rejected,
        }

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ImportResult:
        data = json.loads(text)
        data["rejects"] = [Reject(**r) for r in data.get("rejects", [])]
        data["duplicates"] = [Duplicate(**d) for d in data.get("duplicates", [])]
        return cls(**data)


class RejectsWriter:
    """Writes rejected rows as CSV: row number, reason, then the row's original values.

    Semicolon-separated UTF-8 with a byte-order mark, so Excel opens it with the
    right characters. The file holds the rejected people's data: delete it once
    the rows are fixed.
    """

    def __init__(self, handle: IO[str], columns: tuple[str, ...]) -> None:
        self.columns = columns
        self.writer = csv.writer(handle, delimiter=";")
        handle.write("\ufeff")
        self.writer.writerow(["row", "reason", *columns, "other"])

    def write(self, number: int, reason: str, raw: dict[str, str]) -> None:
        extra = {k: v for k, v in raw.items() if k not in self.columns}
        self.writer.writerow(
            [
                number,
                reason,
                *(raw.get(c, "") for c in self.columns),
                json.dumps(extra, ensure_ascii=False) if extra else "",
            ]
        )


def key_digest(register: str, key: str) -> str:
    """The ledger's keyed hash of a source key (the key itself is never stored)."""
    message = f"import\x1f{register}\x1f{key}".encode()
    return hmac.new(index_key(), message, hashlib.sha256).hexdigest()


def _customer_lookup(number: str) -> str | None:
    return (
        ImportedRecord.objects.filter(
            register="customers", key_digest=key_digest("customers", number)
        )
        .values_list("target_ref", flat=True)
        .first()
    )


def _rows(binary: IO[bytes], adapter: Adapter, file_format: str) -> Iterator[Row | RowProblem]:
    head = binary.read(4096)
    check_start(head)
    binary.seek(0)
    text = text_stream(binary)
    reader = read_json_lines if file_format == FileFormat.JSON else read_csv
    try:
        yield from reader(
            text, known=adapter.columns, required=adapter.required, refused=adapter.refused()
        )
    finally:
        # Leave the caller's stream open (a wrapper closes its buffer when collected).
        text.detach()


def _groups(rows: Iterator[Row | RowProblem], adapter: Adapter) -> Iterator[list[Row] | RowProblem]:
    """Yield records: one row each, or consecutive rows sharing a key (voucher lines)."""
    group: list[Row] = []
    for item in rows:
        if isinstance(item, RowProblem):
            if group:
                yield group
                group = []
            yield item
            continue
        if (
            adapter.grouped
            and group
            and item.values.get(adapter.key_column, "") == group[0].values.get(adapter.key_column)
        ):
            group.append(item)
            continue
        if group:
            yield group
        group = [item]
    if group:
        yield group


def _batched_audit() -> AbstractContextManager[Any]:
    """The audit log's bulk path when the core has it (see docs/import.md), else nothing.

    ``rekisteri.audit.services.batched_events`` chains the events of a block under
    one lock of the chain head. The import may use it because any failure rolls
    its whole transaction back; the block is closed before that rollback.
    """
    batched = getattr(audit_services, "batched_events", None)
    return batched() if batched is not None else nullcontext()


def _summary_reason(result: ImportResult) -> str:
    return (
        f"{result.register}: rows {result.rows_read}, matched {result.people_matched}, "
        f"people {result.people_created}, records {result.records_created}, "
        f"already {result.already_imported}, duplicates {result.likely_duplicates}"
    )


def run_import(
    actor: Actor,
    binary: IO[bytes],
    *,
    register: str,
    file_format: str = FileFormat.CSV,
    dry_run: bool = False,
    rejects: RejectsWriter | None = None,
    progress: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import one file into one register, all or nothing (see the module docstring).

    ``binary`` is a seekable binary stream. ``progress(rows, bytes_read)`` is
    called every few hundred rows. Raises :class:`FileRejected` when the file
    itself cannot be read; rejected rows are counted, listed and written to
    ``rejects``, and make the run write nothing.
    """
    adapter = adapter_for(register)
    today = today or timezone.localdate()
    result = ImportResult(register=register, dry_run=dry_run)
    ctx = Context(actor, today, _customer_lookup)
    seen: dict[str, int] = {}
    created_people: dict[int, int] = {}

    def reject(rows: list[tuple[int, dict[str, str]]], reason: str) -> None:
        result.rejected += len(rows)
        for number, raw in rows:
            if len(result.rejects) < KEEP_LISTED:
                result.rejects.append(Reject(number, reason))
            if rejects is not None:
                rejects.write(number, reason, raw)

    with transaction.atomic():
        with _batched_audit():
            for item in _groups(_rows(binary, adapter, file_format), adapter):
                if isinstance(item, RowProblem):
                    result.rows_read += 1
                    reject([(item.number, item.raw)], item.reason)
                    continue
                result.rows_read += len(item)
                raws = [(row.number, row.values) for row in item]
                if progress is not None and result.rows_read % PROGRESS_EVERY < len(item):
                    progress(result.rows_read, binary.tell())
                try:
                    cleaned = adapter.clean(item, today)
                except RowRejected as exc:
                    reject(raws, str(exc))
                    continue
                digest = key_digest(register, cleaned.key)
                if digest in seen:
                    reject(
                        raws,
                        _("%(column)s %(key)s appears twice in the file (first on row %(row)s).")
                        % {"column": adapter.key_column, "key": cleaned.key, "row": seen[digest]},
                    )
                    continue
                seen[digest] = item[0].number
                if ImportedRecord.objects.filter(register=register, key_digest=digest).exists():
                    result.already_imported += len(item)
                    continue
                try:
                    with transaction.atomic():
                        applied = adapter.apply(ctx, cleaned)
                        ImportedRecord.objects.create(
                            register=register,
                            key_digest=digest,
                            target_model=applied.record._meta.label,
                            target_ref=str(getattr(applied.record, "reference", applied.record.pk)),
                        )
                except RowRejected as exc:
                    reject(raws, str(exc))
                    continue
                except ValidationError as exc:
                    reject(raws, str(refuse_service_error(exc)))
                    continue
                _count(result, item[0].number, applied, created_people)
        if progress is not None:
            progress(result.rows_read, binary.tell())
        if result.rows_read == 0:
            raise FileRejected(_("The file has a header but no rows."))
        if result.rejected or dry_run:
            transaction.set_rollback(True)
        else:
            with _batched_audit():
                record_event(
                    actor,
                    EventType.IMPORT_APPLIED,
                    target_ref=register,
                    reason=_summary_reason(result),
                )
            result.applied = True
    return result


def _person_cell(applied: Applied, created_people: dict[int, int]) -> str:
    person = applied.person
    if person is None:
        return ""
    if applied.person_outcome == CREATED:
        return _("new")
    if person.pk in created_people:
        return _("same as row %(row)s") % {"row": created_people[person.pk]}
    return person.reference


def _count(
    result: ImportResult, row_number: int, applied: Applied, created_people: dict[int, int]
) -> None:
    result.records_created += 1
    if applied.person_outcome == MATCHED:
        result.people_matched += 1
    elif applied.person_outcome == CREATED:
        result.people_created += 1
    if applied.resolution.is_duplicate:
        result.likely_duplicates += 1
        if len(result.duplicates) < KEEP_LISTED:
            result.duplicates.append(
                Duplicate(
                    row=row_number,
                    new_person=(
                        applied.person.reference
                        if applied.person is not None and applied.person_outcome == CREATED
                        else ""
                    ),
                    candidates=list(applied.resolution.candidates),
                    why=applied.resolution.why or CONFLICT,
                )
            )
    if len(result.preview) < PREVIEW_ROWS:
        result.preview.append(
            {
                _("row"): str(row_number),
                _("person"): _person_cell(applied, created_people),
                **applied.stored,
            }
        )
    if applied.person is not None and applied.person_outcome == CREATED:
        created_people[applied.person.pk] = row_number


# --- Staging for the staff UI ------------------------------------------------------------


def _staged_event(actor: Actor, event: EventType, batch: Any, reason: str) -> None:
    record_event(
        actor,
        event,
        target=batch,
        target_ref=batch.reference,
        fields=["original_name", "preview"] if event == EventType.RECORD_CREATED else [],
        reason=reason,
    )


def stage_upload(
    actor: Actor, *, register: str, data: bytes, original_name: str, today: dt.date | None = None
) -> Any:
    """Check an uploaded file by a dry run and keep it, encrypted, for review.

    The format is read from the content (a JSON object or a CSV header), not
    from the name. Raises :class:`FileRejected` when the file cannot be read;
    rejected rows do not refuse the upload: they are shown in the preview.
    Kept at most seven days (rule ``import_staging``, GDPR Art. 5(1)(e)).
    """
    import io

    from rekisteri.imports.models import ImportBatch
    from rekisteri.imports.parsing import check_start, detect_format
    from rekisteri.imports.storage import new_stored_name, remove_staged, write_staged

    check_start(data[:4096])
    file_format = detect_format(data[:4096])
    result = run_import(
        actor,
        io.BytesIO(data),
        register=register,
        file_format=file_format,
        dry_run=True,
        today=today,
    )
    stored_name = new_stored_name()
    write_staged(stored_name, data)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                register=register,
                file_format=file_format,
                original_name=original_name[:255],
                stored_name=stored_name,
                size=len(data),
                preview=result.to_json(),
                created_by=staff_user(actor),
            )
            _staged_event(actor, EventType.RECORD_CREATED, batch, f"import staged: {register}")
    except BaseException:
        remove_staged(stored_name)
        raise
    return batch


def batch_result(batch: Any) -> ImportResult:
    return ImportResult.from_json(batch.preview)


def commit_batch(actor: Actor, batch: Any, *, today: dt.date | None = None) -> ImportResult:
    """Import a staged file for real; delete it when applied, or refresh its preview.

    The import runs again from the stored file in one transaction: if rows are
    rejected now (the registers changed since the preview), nothing is written
    and the file stays staged with the new preview.
    """
    import io

    from rekisteri.imports.storage import read_staged

    data = read_staged(batch.stored_name)
    with transaction.atomic():
        result = run_import(
            actor,
            io.BytesIO(data),
            register=batch.register,
            file_format=batch.file_format,
            dry_run=False,
            today=today,
        )
        if result.applied:
            _staged_event(actor, EventType.RECORD_DELETED, batch, "import committed")
            batch.delete()
        else:
            batch.preview = result.to_json()
            batch.save(update_fields=["preview"])
    return result


def cancel_batch(actor: Actor, batch: Any) -> None:
    """Discard a staged file without importing it (the encrypted file goes too)."""
    with transaction.atomic():
        _staged_event(actor, EventType.RECORD_DELETED, batch, "import cancelled")
        batch.delete()


def staging_expires_on(uploaded_on: dt.date) -> dt.date:
    """The day a staged file is deleted at the latest: seven days after the upload
    (rule ``import_staging``; GDPR Art. 5(1)(e), storage limitation)."""
    from rekisteri.privacy.retention import get_rule, retention_ends_on

    return retention_ends_on(get_rule("import_staging"), uploaded_on)


def purge_expired_batches(actor: Actor, today: dt.date) -> int:
    """Delete staged files whose seven days have passed; return how many.

    Run by the import page and ``rekisteri purge_imports``, so that a staged
    file goes on time even where the daily retention purge (which deletes these
    rows by the same rule) is not scheduled. Each deletion is audited; the
    encrypted file goes after the commit.
    """
    from rekisteri.imports.models import ImportBatch

    due = [
        batch
        for batch in ImportBatch.objects.filter(
            created_at__lt=timezone.now() - dt.timedelta(days=1)
        )
        if staging_expires_on(timezone.localdate(batch.created_at)) <= today
    ]
    with transaction.atomic():
        for batch in due:
            _staged_event(actor, EventType.RECORD_DELETED, batch, "retention: import_staging")
            batch.delete()
    return len(due)
