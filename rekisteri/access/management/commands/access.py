"""``rekisteri access``: write a person's access letter and portability bundle to a directory."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rekisteri.access.policies import parse_person_references
from rekisteri.access.queries import find_people_by_reference
from rekisteri.access.requests import resolve_request
from rekisteri.access.services import (
    LANGUAGES,
    AccessNotAllowed,
    AccessReportError,
    build_access_report,
)

FILES = ("letter.html", "letter.pdf", "bundle.zip")


def _write_new(path: Path, content: bytes) -> None:
    """Create ``path`` readable by its owner only; an existing file is never overwritten."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


class Command(BaseCommand):
    help = (
        "Write the access letter of one person (GDPR Art. 15) as letter.html and letter.pdf, "
        "and the portability bundle of the data they provided on consent or a contract "
        "(Art. 20) as bundle.zip, into DIR. Give every reference of the same person when the "
        "registers hold duplicates. DIR is created with mode 700 if missing; existing files are "
        "never overwritten. Passwords and other secrets are never written, other people's "
        "identifiers in notes are redacted (Art. 15(4)), and health records are left out "
        "unless --user names a health-data handler. Writes one audit event per person (which "
        "registers were read, never values)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "people",
            nargs="*",
            metavar="PERSON_REF",
            help="Person reference(s), e.g. H-7KQ2M9XD; several for duplicates of one person.",
        )
        parser.add_argument(
            "--request",
            default="",
            metavar="PR-REF",
            help="The request answered; its confirmed people are used when no PERSON_REF is given.",
        )
        parser.add_argument(
            "--lang", choices=LANGUAGES, default="fi", help="Language of the letter (default fi)."
        )
        parser.add_argument("--out", required=True, metavar="DIR", help="Directory to write to.")
        parser.add_argument(
            "--user",
            default="",
            help="Staff username to act as (must be the registrar); the audit log names them.",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Date of the letter, YYYY-MM-DD (default: today).",
        )
        parser.add_argument("--json", action="store_true", help="Print a JSON summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        people, records, request_ref = self._people(options)
        actor = self._actor(options["user"])
        out = Path(options["out"])
        targets = [out / name for name in FILES]
        existing = [str(t) for t in targets if t.exists()]
        if existing:
            raise CommandError(f"refusing to overwrite {', '.join(existing)}")
        today: dt.date = options["today"] or timezone.localdate()
        try:
            report = build_access_report(
                actor,
                people=people,
                language=options["lang"],
                request_ref=request_ref,
                today=today,
                records=records,
            )
        except AccessNotAllowed as exc:
            raise CommandError(f"--user {options['user']}: {exc}") from None
        except AccessReportError as exc:
            raise CommandError(str(exc)) from None
        if not out.exists():
            out.mkdir(mode=0o700, parents=True)
            out.chmod(0o700)  # the umask may have taken bits away, never added them
        elif not out.is_dir():
            raise CommandError(f"{out} is not a directory")
        contents = (report.html.encode("utf-8"), report.pdf, report.bundle)
        try:
            for target, content in zip(targets, contents, strict=True):
                _write_new(target, content)
        except FileExistsError as exc:
            raise CommandError(f"refusing to overwrite {exc.filename}") from None
        summary = {
            "people": [p.reference for p in people],
            "request": request_ref or None,
            "language": options["lang"],
            "records": report.record_count,
            "registers": len(report.data.registers),
            "redactions": report.redaction_count,
            "bundle_records": report.data.bundle_record_count,
            "health_withheld": report.data.health_withheld,
            "files": [str(t) for t in targets],
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{', '.join(summary['people'])}: {report.record_count} records in "
            f"{summary['registers']} registers, {report.redaction_count} redactions, "
            f"{summary['bundle_records']} records in the bundle"
        )
        if report.data.health_withheld:
            self.stdout.write("health records left out: the health-data handler gives them")
        for target in targets:
            self.stdout.write(f"wrote {target}")

    def _people(self, options: dict[str, Any]) -> tuple[list[Any], list[tuple[str, str]], str]:
        request_ref: str = options["request"].strip()
        records: list[tuple[str, str]] = []
        if options["people"]:
            try:
                references = parse_person_references(" ".join(options["people"]))
            except ValueError as exc:
                raise CommandError(f"{exc}: not a person reference (e.g. H-7KQ2M9XD)") from None
            people, missing = find_people_by_reference(references)
            if missing:
                raise CommandError(f"no person has the reference {', '.join(missing)}")
            return people, records, request_ref
        if not request_ref:
            raise CommandError("give a PERSON_REF or --request")
        info = resolve_request(request_ref)
        if info is None:
            raise CommandError(f"no request has the reference {request_ref}")
        if not info.people:
            raise CommandError(f"{request_ref}: no person is confirmed as the requester yet")
        return list(info.people), list(info.records), info.reference

    def _actor(self, username: str) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"--user {username}: no active staff user has this name")
        return user
