"""Reading import files: formats, malformed input, and property tests (no database)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.imports.parsing import (
    MAX_FIELD_CHARS,
    FileRejected,
    Row,
    RowProblem,
    RowRejected,
    check_start,
    detect_format,
    parse_date,
    parse_datetime,
    parse_decimal,
    read_csv,
    read_json_lines,
    text_stream,
)
from rekisteri.imports.registers import ADAPTERS, CustomersAdapter

COLUMNS = ("customer_number", "first_name", "last_name", "email", "notes")
REQUIRED = ("customer_number",)


def rows_of(data: bytes, *, json_lines: bool = False, refused=None):
    check_start(data[:4096])
    reader = read_json_lines if json_lines else read_csv
    return list(
        reader(
            text_stream(io.BytesIO(data)), known=COLUMNS, required=REQUIRED, refused=refused or {}
        )
    )


def test_a_semicolon_file_with_a_bom_is_read_with_clean_column_names():
    data = "\ufeffcustomer_number;First Name;last_name\r\n1;Aino;Virtanen\r\n".encode()
    [row] = rows_of(data)
    assert row == Row(2, {"customer_number": "1", "first_name": "Aino", "last_name": "Virtanen"})


def test_a_comma_file_is_read_when_the_header_has_no_semicolon():
    [row] = rows_of(b"customer_number,last_name\n7,M\xc3\xa4kinen\n")
    assert row.values == {"customer_number": "7", "last_name": "Mäkinen"}


def test_quoted_values_keep_their_semicolons_and_line_breaks_and_cr_only_lines_work():
    data = b'customer_number;notes\r1;"a; b\nc"\r2;x\r'
    rows = rows_of(data)
    assert [r.values["notes"] for r in rows] == ["a; b\nc", "x"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        ("customer_number;last_name\n1;Mäkinen\n".encode("latin-1"), "not UTF-8"),
        ("customer_number;last_name\n".encode("utf-16"), "UTF-16"),
        ("customer_number;last_name\n".encode("utf-16-le"), "UTF-16"),
        (b"PK\x03\x04rest-of-a-zip", "Excel"),
        (b"customer_number;lastname\n1;x\n", "Unknown columns: lastname"),
        (b"first_name;last_name\nA;B\n", "Required columns are missing: customer_number"),
        (b"customer_number;last_name;last_name\n1;a;b\n", "appears twice"),
        (b'customer_number;notes\n1;"never closed\n2;x\n', "cannot be read"),
    ],
)
def test_unreadable_files_are_refused_whole_with_a_clear_reason(data, message):
    with pytest.raises(FileRejected, match=message):
        rows_of(data)


def test_a_refused_column_refuses_the_file_with_its_own_message():
    with pytest.raises(FileRejected, match="no passwords"):
        rows_of(b"customer_number;password\n1;x\n", refused={"password": "no passwords"})


def test_ragged_rows_nul_bytes_and_huge_fields_are_rejected_rows_not_crashes():
    big = "x" * (MAX_FIELD_CHARS + 1)
    data = ("customer_number;last_name\n1\n2;a;b\n3;Vir\x00tanen\n4;" + big + "\n5;ok\n").encode()
    items = rows_of(data)
    problems = [i for i in items if isinstance(i, RowProblem)]
    assert [p.number for p in problems] == [2, 3, 4, 5]
    assert "1 values" in problems[0].reason
    assert "3 values" in problems[1].reason
    assert "NUL" in problems[2].reason
    assert str(MAX_FIELD_CHARS) in problems[3].reason
    assert items[-1] == Row(6, {"customer_number": "5", "last_name": "ok"})


def test_a_field_over_the_csv_module_limit_refuses_the_file_cleanly():
    data = ("customer_number;notes\n1;" + "x" * 200_000 + "\n").encode()
    with pytest.raises(FileRejected, match="larger than field limit"):
        rows_of(data)


def test_json_lines_are_read_with_numbers_null_and_booleans_as_text():
    data = b'{"customer_number": 12, "first_name": null, "last_name": "Lehtonen"}\n\n'
    [row] = rows_of(data, json_lines=True)
    assert row == Row(1, {"customer_number": "12", "first_name": "", "last_name": "Lehtonen"})


def test_bad_json_lines_are_rejected_rows_with_reasons():
    data = (
        b'{"customer_number": "1"}\n'
        b"not json\n"
        b"[1, 2]\n"
        b'{"customer_number": "2", "notes": {"nested": true}}\n'
        b'{"customer_number": "3", "colour": "red"}\n'
        b'{"last_name": "x"}\n'
    )
    items = rows_of(data, json_lines=True)
    reasons = [i.reason for i in items if isinstance(i, RowProblem)]
    assert len(reasons) == 5
    assert "not valid JSON" in reasons[0]
    assert "not a JSON object" in reasons[1]
    assert "not text or a number" in reasons[2]
    assert "Unknown keys: colour" in reasons[3]
    assert "missing: customer_number" in reasons[4]


def test_a_json_array_is_refused_with_a_pointer_to_json_lines():
    with pytest.raises(FileRejected, match="JSON Lines"):
        rows_of(b'[{"customer_number": "1"}]', json_lines=True)


def test_the_format_is_detected_from_the_content():
    assert detect_format(b'\xef\xbb\xbf {"a": 1}') == "json"
    assert detect_format(b"customer_number;x\n") == "csv"


def test_dates_numbers_and_times_are_read_in_finnish_and_iso_forms():
    assert parse_date("5.3.2024", "d") == parse_date("2024-03-05", "d") == dt.date(2024, 3, 5)
    assert parse_decimal("12,50", "p") == parse_decimal("12.50", "p") == Decimal("12.50")
    assert parse_datetime("2024-03-05 14:30", "t") == dt.datetime(2024, 3, 5, 14, 30)
    for bad in ("31.2.2024", "2024-13-01", "eilen", "05/03/2024"):
        with pytest.raises(RowRejected):
            parse_date(bad, "d")
    for bad in ("1 000,00", "12.5.0", "NaN", "1e5", ""):
        with pytest.raises(RowRejected):
            parse_decimal(bad, "p")


# --- Property tests ---------------------------------------------------------------------


def assert_reason(exc: Exception) -> None:
    """A refusal always says why."""
    assert str(exc).strip()


text_values = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({c: text_values for c in COLUMNS}), min_size=1, max_size=5))
def test_any_text_written_as_csv_is_read_back_or_rejected_with_a_reason(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS])
    data = buffer.getvalue().encode("utf-8")
    try:
        items = rows_of(data)
    except FileRejected as exc:
        assert_reason(exc)
        return
    readable = [i for i in items if isinstance(i, Row)]
    for item in items:
        if isinstance(item, RowProblem):
            assert item.reason
    # Every row that was accepted round-trips to its (stripped) values.
    originals = [{c: r[c].strip() for c in COLUMNS} for r in rows]
    for item in readable:
        assert item.values in originals


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_reader(data):
    try:
        items = rows_of(b"customer_number;notes\n" + data)
    except FileRejected as exc:
        assert_reason(exc)
        return
    for item in items:
        assert isinstance(item, Row | RowProblem)
        if isinstance(item, RowProblem):
            assert item.reason


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(COLUMNS), text_values), min_size=1, max_size=4))
def test_any_json_line_is_read_back_or_rejected_with_a_reason(objects):
    data = "".join(json.dumps(o) + "\n" for o in objects).encode()
    try:
        items = rows_of(data, json_lines=True)
    except FileRejected as exc:
        assert_reason(exc)
        return
    for item, original in zip(items, [o for o in objects], strict=False):
        if isinstance(item, Row):
            assert item.values == {k: v.strip() for k, v in original.items()}
        else:
            assert item.reason


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({c: text_values for c in CustomersAdapter.columns}))
def test_the_customer_row_validator_accepts_or_rejects_any_text_with_a_reason(values):
    adapter = ADAPTERS["customers"]
    try:
        cleaned = adapter.clean([Row(2, values)], dt.date(2026, 1, 1))
    except RowRejected as exc:
        assert_reason(exc)
        return
    assert cleaned.key == values["customer_number"].strip()
    if cleaned.email:
        assert cleaned.email == values["email"]
    if cleaned.phone:
        assert cleaned.phone.startswith("+")


@pytest.mark.parametrize("register", sorted(ADAPTERS))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_every_register_validator_accepts_or_rejects_any_text(register, data):
    adapter = ADAPTERS[register]
    values = data.draw(st.fixed_dictionaries({c: text_values for c in adapter.columns}))
    try:
        adapter.clean([Row(2, values)], dt.date(2026, 1, 1))
    except RowRejected as exc:
        assert_reason(exc)
