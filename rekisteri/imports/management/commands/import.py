"""``rekisteri import FILE --register NAME``: import an existing register from a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from rekisteri.imports.models import FileFormat
from rekisteri.imports.parsing import FileRejected
from rekisteri.imports.registers import ADAPTERS
from rekisteri.imports.services import CommandActor, ImportResult, RejectsWriter, run_import

BAR_WIDTH = 30


class Progress:
    """A plain-text progress bar on stderr (a line per 10 % when stderr is not a terminal)."""

    def __init__(self, stream: IO[str], total_bytes: int) -> None:
        self.stream = stream
        self.total = max(total_bytes, 1)
        self.tty = stream.isatty()
        self.last_step = -1

    def __call__(self, rows: int, position: int) -> None:
        fraction = min(position / self.total, 1.0)
        if self.tty:
            filled = int(fraction * BAR_WIDTH)
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} {rows} rows"
            )
            self.stream.flush()
            return
        step = int(fraction * 10)
        if step != self.last_step:
            self.last_step = step
            self.stream.write(f"{fraction:4.0%} {rows} rows\n")
            self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _outcome(result: ImportResult) -> str:
    if result.dry_run:
        return _("Dry run: nothing was written.")
    if not result.applied:
        return _("Nothing was imported: rejected rows must be fixed first.")
    if not result.records_created:
        return _("Nothing new: every row was already imported.")
    return _("Imported: every row was applied.")


def summary_lines(result: ImportResult) -> list[str]:
    lines = [
        _outcome(result),
        f"{_('rows read')}: {result.rows_read}",
        f"{_('people matched')}: {result.people_matched}",
        f"{_('people created')}: {result.people_created}",
        f"{_('records created')}: {result.records_created}",
        f"{_('already imported')}: {result.already_imported}",
        f"{_('likely duplicates')}: {result.likely_duplicates}",
        f"{_('rejected')}: {result.rejected}",
    ]
    if result.dry_run and result.rejected:
        lines.insert(1, _("Rejected rows would make the real run write nothing."))
    for duplicate in result.duplicates[:50]:
        lines.append(
            _("row %(row)s: %(new)s may be the same person as %(candidates)s (%(why)s)")
            % {
                "row": duplicate.row,
                "new": duplicate.new_person or _("the row's person"),
                "candidates": ", ".join(duplicate.candidates),
                "why": _("conflicting identifiers")
                if duplicate.why == "conflict"
                else _("same name"),
            }
        )
    for reject in result.rejects[:20]:
        lines.append(
            _("row %(row)s rejected: %(reason)s") % {"row": reject.row, "reason": reject.reason}
        )
    return lines


class Command(BaseCommand):
    help = (
        "Import an existing register (customers, sales vouchers, service jobs, web-shop accounts "
        "or orders) from a CSV or JSON Lines file, through the registers' own services: "
        "validation, the subject index and the audit log work as for a form. People are matched "
        "by e-mail, phone and HETU; likely duplicates are reported, never merged. The file is "
        "imported completely or not at all: one rejected row writes nothing (see --rejects). "
        "A second run of the same file reports every row as already imported. Formats: "
        "docs/import.md; examples: examples/import/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="The CSV or JSON Lines file to import.")
        parser.add_argument(
            "--register",
            required=True,
            choices=sorted(ADAPTERS),
            help="The register the file holds (import customers first: the others link to them).",
        )
        parser.add_argument(
            "--format",
            choices=[FileFormat.CSV.value, FileFormat.JSON.value],
            help="csv (semicolon or comma, UTF-8) or json (JSON Lines); default: by the file "
            "name (.json/.jsonl/.ndjson are json).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything, report the same result, then roll back (nothing is written).",
        )
        parser.add_argument(
            "--rejects",
            metavar="PATH",
            help="Write the rejected rows here as CSV (row, reason, original values). It holds "
            "personal data: delete it when done.",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the reasons and the summary (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        file_format = options["format"] or (
            FileFormat.JSON
            if path.suffix.lower() in {".json", ".jsonl", ".ndjson"}
            else FileFormat.CSV
        )
        register = options["register"]
        with translation.override(options["language"]):
            progress = Progress(sys.stderr, path.stat().st_size)
            rejects_handle = (
                open(options["rejects"], "w", encoding="utf-8", newline="")  # noqa: SIM115
                if options["rejects"]
                else None
            )
            try:
                writer = (
                    RejectsWriter(rejects_handle, ADAPTERS[register].columns)
                    if rejects_handle is not None
                    else None
                )
                with path.open("rb") as binary:
                    result = run_import(
                        CommandActor(),
                        binary,
                        register=register,
                        file_format=file_format,
                        dry_run=options["dry_run"],
                        rejects=writer,
                        progress=progress,
                    )
            except FileRejected as exc:
                progress.done()
                raise CommandError(str(exc)) from None
            finally:
                if rejects_handle is not None:
                    rejects_handle.close()
            progress.done()
            for line in summary_lines(result):
                self.stdout.write(line)
            if result.rejected:
                if options["rejects"]:
                    self.stdout.write(
                        _("Rejected rows and their reasons: %(path)s")
                        % {"path": options["rejects"]}
                    )
                raise CommandError(
                    _("%(count)s rows were rejected; nothing was imported.")
                    % {"count": result.rejected}
                )
