"""Reading import files into rows, and the pure value cleaners the registers share.

No database and no clock here: a file is read as a stream of ``(row number,
values)`` pairs, or a :class:`FileRejected` that refuses the whole file (wrong
encoding, unreadable header, unknown or missing columns). A row that cannot be
read (wrong number of columns, a NUL byte, invalid JSON) is yielded as a
:class:`RowProblem` with its reason, so that it lands in the rejects file.

Formats (docs/import.md):

- CSV: UTF-8 with or without a byte-order mark, one header row. The delimiter is
  a semicolon (what Finnish Excel writes with "CSV UTF-8"); a comma is used when
  the header line has no semicolon. Row numbers are line numbers of the file
  (the header is row 1).
- JSON Lines: one JSON object per line, UTF-8, with the same keys as the CSV
  columns; values are strings, numbers, booleans or null. Row numbers are line
  numbers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO

from django.utils.translation import gettext as _

#: Longest value accepted in any column (the longest model field is 300
#: characters; notes and descriptions are text, but a 5,000-character note is
#: not something an old register holds by accident).
MAX_FIELD_CHARS = 5000
#: Characters that never belong in a value: C0 controls except tab, CR and LF.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class FileRejected(Exception):
    """The whole file is refused; the message is fit for the user."""


@dataclass(frozen=True)
class Row:
    """One data row: its row number in the file and its values by column."""

    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be read; ``raw`` keeps what was there for the rejects file."""

    number: int
    raw: dict[str, str]
    reason: str


class RowRejected(Exception):
    """A row is refused; the message is fit for the user (in their language)."""


# --- Encoding -------------------------------------------------------------------------


def check_start(head: bytes) -> None:
    """Refuse a file whose first bytes show it is not UTF-8 text."""
    if not head.strip():
        raise FileRejected(_("The file is empty."))
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise FileRejected(
            _(
                "The file is an Excel workbook or another binary file, not text. In Excel, "
                "save it as “CSV UTF-8 (comma delimited)”."
            )
        )
    if head.startswith(_UTF16_BOMS):
        raise FileRejected(
            _(
                "The file is in UTF-16 or UTF-32, not UTF-8. In Excel, save it as "
                "“CSV UTF-8 (comma delimited)”."
            )
        )
    if b"\x00" in head[:64] and head.count(b"\x00") * 4 > min(len(head), 4096):
        raise FileRejected(
            _(
                "The file looks like UTF-16 text, not UTF-8. In Excel, save it as "
                "“CSV UTF-8 (comma delimited)”."
            )
        )


def detect_format(head: bytes) -> str:
    """Return "json" when the text starts with a JSON object or array, else "csv"."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if text[:1] in (b"{", b"[") else "csv"


def encoding_error(exc: UnicodeDecodeError) -> FileRejected:
    return FileRejected(
        _(
            "The file is not UTF-8 text (an invalid byte at position %(position)s); it may be "
            "Latin-1 or Windows-1252. In Excel, save it as “CSV UTF-8 (comma delimited)”."
        )
        % {"position": exc.start}
    )


def text_stream(binary: IO[bytes]) -> io.TextIOWrapper:
    """Wrap a binary stream as strict UTF-8 text; a byte-order mark is dropped."""
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="strict", newline="")


# --- Columns --------------------------------------------------------------------------


def normalise_column(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def check_columns(
    columns: Sequence[str],
    *,
    known: Sequence[str],
    required: Sequence[str],
    refused: Mapping[str, str],
) -> None:
    """Refuse a header with duplicated, refused, unknown or missing columns.

    An unknown column refuses the file rather than being ignored: a misspelt
    column name would otherwise drop its data silently.
    """
    if not any(columns):
        raise FileRejected(_("The header row is empty."))
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise FileRejected(_("The column “%(column)s” appears twice.") % {"column": column})
        seen.add(column)
    for column in columns:
        if column in refused:
            raise FileRejected(refused[column])
    unknown = [c for c in columns if c not in known]
    if unknown:
        raise FileRejected(
            _("Unknown columns: %(columns)s. The columns of this register are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(known)}
        )
    missing = [c for c in required if c not in seen]
    if missing:
        raise FileRejected(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )


def check_value(column: str, value: str) -> str | None:
    """Return the reason a raw value cannot be stored, or ``None`` when it can."""
    if "\x00" in value:
        return _("The column “%(column)s” contains a NUL character.") % {"column": column}
    if _CONTROL_RE.search(value):
        return _("The column “%(column)s” contains a control character.") % {"column": column}
    if len(value) > MAX_FIELD_CHARS:
        return _("The column “%(column)s” is longer than %(limit)s characters.") % {
            "column": column,
            "limit": MAX_FIELD_CHARS,
        }
    return None


# --- CSV ------------------------------------------------------------------------------


def read_csv(
    text: IO[str],
    *,
    known: Sequence[str],
    required: Sequence[str],
    refused: Mapping[str, str],
) -> Iterator[Row | RowProblem]:
    """Yield the rows of a CSV file (see the module docstring for the format).

    Raises :class:`FileRejected` for a bad header, a wrong encoding or a quote
    left open (which would swallow the rest of the file into one value).
    """
    try:
        header_line = text.readline()
    except UnicodeDecodeError as exc:
        raise encoding_error(exc) from None
    if not header_line.strip():
        raise FileRejected(_("The file is empty."))
    delimiter = ";" if ";" in header_line else ","
    try:
        header = next(csv.reader([header_line], delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise FileRejected(_("The header row cannot be read: %(error)s") % {"error": exc}) from None
    if any(check_value("header", name) for name in header):
        raise FileRejected(
            _("The header row contains NUL or control characters; is the file UTF-16?")
        )
    columns = [normalise_column(name) for name in header]
    check_columns(columns, known=known, required=required, refused=refused)
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise encoding_error(exc) from None
        except csv.Error as exc:
            raise FileRejected(
                _("Row %(row)s cannot be read: %(error)s. Check its quotes.")
                % {"row": reader.line_num + 1, "error": exc}
            ) from None
        number = reader.line_num + 1
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        raw = {
            columns[i] if i < len(columns) else f"column_{i + 1}": v for i, v in enumerate(cells)
        }
        if len(cells) != len(columns):
            yield RowProblem(
                number,
                raw,
                _("The row has %(found)s values; the header has %(expected)s columns.")
                % {"found": len(cells), "expected": len(columns)},
            )
            continue
        problem = next((p for c, v in raw.items() if (p := check_value(c, v))), None)
        if problem:
            yield RowProblem(number, raw, problem)
            continue
        yield Row(number, {c: v.strip() for c, v in raw.items()})


# --- JSON Lines -----------------------------------------------------------------------


def _json_value(value: object) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None


def read_json_lines(
    text: IO[str],
    *,
    known: Sequence[str],
    required: Sequence[str],
    refused: Mapping[str, str],
) -> Iterator[Row | RowProblem]:
    """Yield the rows of a JSON Lines file: one object per line, keys as CSV columns.

    A line that is not a JSON object, has nested values, unknown keys or misses
    a required key is a rejected row; a key that is refused (a password) refuses
    the whole file, as a CSV column would.
    """
    number = 0
    any_line = False
    while True:
        try:
            line = text.readline()
        except UnicodeDecodeError as exc:
            raise encoding_error(exc) from None
        if not line:
            break
        number += 1
        if not line.strip():
            continue
        if not any_line and line.lstrip().startswith("["):
            raise FileRejected(_("Give JSON as JSON Lines: one object per line, not one array."))
        any_line = True
        try:
            data = json.loads(line)
        except ValueError:
            yield RowProblem(
                number, {"line": line.rstrip("\r\n")}, _("The line is not valid JSON.")
            )
            continue
        if not isinstance(data, dict):
            yield RowProblem(
                number, {"line": line.rstrip("\r\n")}, _("The line is not a JSON object.")
            )
            continue
        raw: dict[str, str] = {}
        problem = ""
        for key, value in data.items():
            column = normalise_column(str(key))
            text_value = _json_value(value)
            if text_value is None:
                raw[column] = json.dumps(value, ensure_ascii=False)
                problem = problem or _("The value of “%(column)s” is not text or a number.") % {
                    "column": column
                }
                continue
            raw[column] = text_value
            problem = problem or (check_value(column, text_value) or "")
        for column in raw:
            if column in refused:
                raise FileRejected(refused[column])
        unknown = [c for c in raw if c not in known]
        missing = [c for c in required if c not in raw]
        if unknown:
            problem = problem or _("Unknown keys: %(columns)s.") % {"columns": ", ".join(unknown)}
        elif missing:
            problem = problem or _("Required keys are missing: %(columns)s.") % {
                "columns": ", ".join(missing)
            }
        if problem:
            yield RowProblem(number, raw, problem)
            continue
        yield Row(number, {c: v.strip() for c, v in raw.items()})
    if not any_line:
        raise FileRejected(_("The file is empty."))


# --- Value cleaners (shared by the registers) -----------------------------------------

_DATE_FI_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: str, column: str) -> dt.date:
    """Read ``2024-03-05`` or the Finnish ``5.3.2024``."""
    text = value.strip()
    match = _DATE_FI_RE.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise RowRejected(
        _("“%(column)s” is not a date; write it as 2024-03-05 or 5.3.2024.") % {"column": column}
    )


def parse_datetime(value: str, column: str) -> dt.datetime:
    """Read a date, or a date and time (``2024-03-05 14:30`` / ISO 8601); naive = local time."""
    text = value.strip()
    try:
        return dt.datetime.combine(parse_date(text, column), dt.time.min)
    except RowRejected:
        pass
    try:
        if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?", text
        ):
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    raise RowRejected(
        _("“%(column)s” is not a date and time; write it as 2024-03-05 14:30.") % {"column": column}
    )


_DECIMAL_RE = re.compile(r"^-?\d{1,10}([.,]\d{1,4})?$")


def parse_decimal(value: str, column: str) -> Decimal:
    """Read ``12.50`` or the Finnish ``12,50`` (no thousands separators)."""
    text = value.strip().replace("\u2212", "-")
    if not _DECIMAL_RE.match(text):
        raise RowRejected(
            _("“%(column)s” is not a number; write it as 12.50 or 12,50.") % {"column": column}
        )
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise RowRejected(_("“%(column)s” is not a number.") % {"column": column}) from None


def parse_int(value: str, column: str) -> int:
    text = value.strip()
    if not re.fullmatch(r"\d{1,9}", text):
        raise RowRejected(_("“%(column)s” is not a whole number.") % {"column": column})
    return int(text)


def parse_bool(value: str, column: str) -> bool:
    text = value.strip().casefold()
    if text in {"1", "true", "yes", "kyllä", "k", "x"}:
        return True
    if text in {"0", "false", "no", "ei", "e", ""}:
        return False
    raise RowRejected(_("“%(column)s” must be yes or no (1 or 0).") % {"column": column})


def parse_choice(value: str, column: str, choices: Mapping[str, str], default: str) -> str:
    """Return the stored value for ``value`` (a code or a Finnish alias) or the default."""
    text = value.strip().casefold()
    if not text:
        return default
    if text in choices:
        return choices[text]
    raise RowRejected(
        _("“%(column)s” must be one of: %(choices)s.")
        % {"column": column, "choices": ", ".join(sorted(set(choices.values())))}
    )


_SOURCE_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./:-]{0,39}$")


def parse_source_key(value: str, column: str) -> str:
    """The old system's record number: 1–40 letters, digits or ``_ . / : -``."""
    text = value.strip()
    if not text:
        raise RowRejected(_("“%(column)s” is required.") % {"column": column})
    if not _SOURCE_KEY_RE.match(text):
        raise RowRejected(
            _("“%(column)s” may hold only letters, digits and _ . / : - (at most 40).")
            % {"column": column}
        )
    return text


def limit(value: str, column: str, max_length: int) -> str:
    if len(value) > max_length:
        raise RowRejected(
            _("“%(column)s” is longer than %(limit)s characters.")
            % {"column": column, "limit": max_length}
        )
    return value


def split_name(full_name: str) -> tuple[str, str]:
    """Split "Matti Ilmari Virtanen" into ("Matti Ilmari", "Virtanen")."""
    parts = full_name.split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]
