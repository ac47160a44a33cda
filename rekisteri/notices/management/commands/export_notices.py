"""Write the privacy notices, the record of processing and the retention schedule to files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rekisteri.notices.documents import build_notice
from rekisteri.notices.models import Audience
from rekisteri.notices.processing import build_processing_record
from rekisteri.notices.processing import csv_rows as processing_csv_rows
from rekisteri.notices.queries import notice_inputs
from rekisteri.notices.render import (
    STYLESHEET,
    csv_bytes,
    html_to_pdf,
    notice_context,
    render_document,
)
from rekisteri.notices.schedule import build_retention_schedule
from rekisteri.notices.schedule import csv_rows as schedule_csv_rows
from rekisteri.notices.services import publish_notice
from rekisteri.retention.queries import financial_year_start

FORMATS = ("html", "pdf", "csv")


class Command(BaseCommand):
    help = (
        "Write the privacy notices (customers, applicants, staff; GDPR Art. 13-14), the record "
        "of processing activities (Art. 30) and the retention schedule to DIRECTORY as HTML, "
        "PDF and CSV, e.g. to publish the customers' notice on the website. A notice version "
        "not served before is recorded with today's date (audit event notice.published); "
        "nothing else is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="Where to write the files (created).")
        parser.add_argument(
            "--audience",
            action="append",
            choices=Audience.values,
            help="Only this notice (repeatable; default: all three).",
        )
        parser.add_argument(
            "--language",
            action="append",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Only this language (repeatable; default: all).",
        )
        parser.add_argument(
            "--format",
            action="append",
            choices=FORMATS,
            dest="formats",
            help="Only this format (repeatable; default: html and pdf, and csv for the record "
            "and the schedule).",
        )
        parser.add_argument(
            "--notices-only",
            action="store_true",
            help="Write the notices but not the record of processing or the schedule.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        audiences = [Audience(a) for a in options["audience"] or Audience.values]
        languages = options["language"] or [code for code, _name in settings.LANGUAGES]
        formats = set(options["formats"] or FORMATS)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"cannot create {directory}: {exc}") from exc
        shutil.copyfile(STYLESHEET, directory / STYLESHEET.name)
        inputs = notice_inputs()
        today = timezone.localdate()
        written: list[Path] = []
        for language in languages:
            for audience in audiences:
                notice = publish_notice(None, build_notice(audience, inputs, language), today=today)
                stem = directory / f"privacy-notice-{audience.value}-{language}"
                context = {**notice_context(notice), "stylesheet": STYLESHEET.name}
                written += self._write(
                    stem, "notices/notice_document.html", context, language, formats
                )
            if options["notices_only"]:
                continue
            record = build_processing_record(inputs, language)
            stem = directory / f"record-of-processing-{language}"
            written += self._write(
                stem,
                "notices/processing_document.html",
                {"record": record, "stylesheet": STYLESHEET.name},
                language,
                formats,
                csv_rows=processing_csv_rows(record),
            )
            schedule = build_retention_schedule(
                inputs.rules, today=today, fy_start=financial_year_start(), language=language
            )
            stem = directory / f"retention-schedule-{language}"
            written += self._write(
                stem,
                "notices/schedule_document.html",
                {"schedule": schedule, "wide": True, "stylesheet": STYLESHEET.name},
                language,
                formats,
                csv_rows=schedule_csv_rows(schedule),
            )
        for path in written:
            self.stdout.write(str(path))

    def _write(
        self,
        stem: Path,
        template: str,
        context: dict[str, Any],
        language: str,
        formats: set[str],
        csv_rows: list[list[str]] | None = None,
    ) -> list[Path]:
        written = []
        if "html" in formats:
            path = stem.with_suffix(".html")
            path.write_text(render_document(template, context, language=language), encoding="utf-8")
            written.append(path)
        if "pdf" in formats:
            path = stem.with_suffix(".pdf")
            html = render_document(template, context, language=language, pdf=True)
            path.write_bytes(html_to_pdf(html))
            written.append(path)
        if "csv" in formats and csv_rows is not None:
            path = stem.with_suffix(".csv")
            path.write_bytes(csv_bytes(csv_rows))
            written.append(path)
        return written
