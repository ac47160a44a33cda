"""The record of processing activities (GDPR Art. 30(1)) and the retention schedule.

Both are built from the data map without a database.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

from rekisteri.notices.processing import CSV_COLUMNS, build_processing_record, csv_rows
from rekisteri.notices.render import csv_bytes
from rekisteri.notices.schedule import build_retention_schedule
from rekisteri.notices.schedule import csv_rows as schedule_csv_rows
from rekisteri.notices.tests.helpers import CONTROLLER, inputs
from rekisteri.privacy.datamap import declarations
from rekisteri.privacy.retention import RULES, retention_ends_on
from rekisteri.privacy.vocabulary import Purpose


def _record(language="en", **changes):
    return build_processing_record(inputs(**changes), language)


def test_there_is_one_activity_per_purpose_of_the_data_map():
    declared = {p for d in declarations() for s in d.personal_fields() for p in s.purposes}

    record = _record()

    assert {a.code for a in record.activities} >= declared
    assert len({a.code for a in record.activities}) == len(record.activities)


def test_every_activity_has_every_item_of_article_30_1():
    record = _record()

    assert CONTROLLER.name in record.controller_line
    assert CONTROLLER.business_id in record.controller_line
    assert "No data protection officer" in record.dpo
    for activity in record.activities:
        assert activity.purpose
        assert activity.bases
        assert activity.categories
        assert activity.transfers
        assert activity.erasure, activity.code
        assert activity.security


def test_payroll_names_its_recipients_and_the_encrypted_identity_code():
    payroll = next(a for a in _record().activities if a.code == Purpose.PAYROLL)

    recipients = " ".join(payroll.recipients)
    assert "Tax Administration" in recipients
    assert "pension insurer" in recipients
    assert "Employees" not in payroll.subjects  # the audience label is "Staff"
    assert "Staff" in payroll.subjects
    assert any("personal identity code" in m for m in payroll.security)


def test_health_data_is_marked_as_a_special_category():
    health = next(a for a in _record().activities if a.code == Purpose.OCCUPATIONAL_HEALTH)

    assert any("special category" in c for c in health.categories)
    assert any("named persons" in m for m in health.security)


def test_legitimate_interests_are_given_where_they_are_the_basis():
    for activity in _record().activities:
        if any("6(1)(f)" in b for b in activity.bases):
            assert activity.legitimate_interests, activity.code


def test_the_csv_has_a_header_and_one_row_per_activity():
    record = _record()

    rows = list(csv.reader(io.StringIO(csv_bytes(csv_rows(record)).decode("utf-8-sig"))))

    assert len(rows) == len(record.activities) + 1
    assert rows[0][0] == "Purpose of processing"
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    assert all(CONTROLLER.name in row[2] for row in rows[1:])


def test_the_csv_starts_with_a_byte_order_mark_for_spreadsheets():
    assert csv_bytes([["ä"]]).startswith(b"\xef\xbb\xbf")


def test_the_schedule_lists_every_rule_with_its_example_end():
    today = dt.date(2026, 3, 2)

    schedule = build_retention_schedule(RULES, today=today, fy_start="01-01", language="en")

    assert [row.code for row in schedule.rows] == list(RULES)
    vouchers = next(r for r in schedule.rows if r.code == "accounting_vouchers")
    assert vouchers.example_ends_on == retention_ends_on(RULES["accounting_vouchers"], today)
    assert vouchers.example_ends_on == dt.date(2033, 1, 1)
    assert "sales.Voucher.billed_name" in vouchers.fields
    suppression = next(r for r in schedule.rows if r.code == "suppression_list")
    assert suppression.example_ends_on is None


def test_the_schedule_shows_an_overridden_period_beside_its_default():
    rules = dict(RULES)
    rules["order_ip_address"] = dataclasses.replace(RULES["order_ip_address"], months=6)

    schedule = build_retention_schedule(
        rules, today=dt.date(2026, 3, 2), fy_start="01-01", language="en"
    )

    ip = next(r for r in schedule.rows if r.code == "order_ip_address")
    assert ip.changed
    assert ip.period == "6 months from the date of the record"
    assert ip.default_period == "13 months"
    assert ip.example_ends_on == dt.date(2026, 9, 2)


def test_a_financial_year_not_on_the_calendar_moves_the_voucher_end():
    schedule = build_retention_schedule(
        RULES, today=dt.date(2026, 3, 2), fy_start="05-01", language="en"
    )

    vouchers = next(r for r in schedule.rows if r.code == "accounting_vouchers")
    # The financial year 1.5.2025–30.4.2026 ends in 2026: six years from the end of 2026.
    assert vouchers.example_ends_on == dt.date(2033, 1, 1)
    books = next(r for r in schedule.rows if r.code == "accounting_books")
    assert books.example_ends_on == dt.date(2036, 5, 1)


def test_the_schedule_csv_has_one_row_per_rule():
    schedule = build_retention_schedule(
        RULES, today=dt.date(2026, 3, 2), fy_start="01-01", language="fi"
    )

    rows = schedule_csv_rows(schedule)

    assert len(rows) == len(RULES) + 1
    assert rows[1][0] == "accounting_books"
