"""Building import files for the tests."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from rekisteri.imports.services import ImportResult, RejectsWriter, run_import

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "import"


def csv_bytes(
    rows: Sequence[Mapping[str, str]],
    columns: Sequence[str] | None = None,
    *,
    delimiter: str = ";",
    bom: bool = False,
) -> bytes:
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def jsonl_bytes(rows: Sequence[Mapping[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def run(
    data: bytes,
    register: str = "customers",
    *,
    file_format: str = "csv",
    dry_run: bool = False,
    actor: object = None,
    rejects: io.StringIO | None = None,
) -> ImportResult:
    from rekisteri.imports.registers import ADAPTERS

    writer = RejectsWriter(rejects, ADAPTERS[register].columns) if rejects is not None else None
    return run_import(
        actor,  # type: ignore[arg-type]
        io.BytesIO(data),
        register=register,
        file_format=file_format,
        dry_run=dry_run,
        rejects=writer,
    )


def customer(
    number: str, first: str = "Aino", last: str = "Virtanen", **extra: str
) -> dict[str, str]:
    row = {"customer_number": number, "first_name": first, "last_name": last}
    row.update(extra)
    return row
