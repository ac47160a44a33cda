"""``rekisteri find``: people and records matching identifiers, with the evidence."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.privacy.identifiers import (
    normalise_email,
    normalise_hetu,
    normalise_ip,
    normalise_phone,
)
from rekisteri.privacy.index import find_people
from rekisteri.subjects.models import Person


class Command(BaseCommand):
    help = (
        "Find people and their records by exact, normalised identifiers and show which identifier "
        "matched which field. Phones may be written as Finns write them (040 123 4567, "
        "+358 40 1234567, 0401234567). Each run writes a search.performed audit event "
        "(identifier kinds only, never values)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", action="append", default=[], help="E-mail address.")
        parser.add_argument("--phone", action="append", default=[], help="Phone number.")
        parser.add_argument(
            "--name", action="append", default=[], help="Name; every part must match."
        )
        parser.add_argument("--hetu", action="append", default=[], help="Personal identity code.")
        parser.add_argument("--ip", action="append", default=[], help="IP address.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        checks = [
            ("email", normalise_email, "not a valid e-mail address"),
            ("phone", normalise_phone, "not a valid phone number"),
            ("hetu", normalise_hetu, "not a valid personal identity code"),
            ("ip", normalise_ip, "not a valid IP address"),
        ]
        for key, normaliser, message in checks:
            for value in options[key]:
                if normaliser(value) is None:
                    raise CommandError(f"--{key} {value!r}: {message}")
        if not any(options[k] for k in ("email", "phone", "name", "hetu", "ip")):
            raise CommandError("give at least one of --email, --phone, --name, --hetu, --ip")
        matches = find_people(
            emails=options["email"],
            phones=options["phone"],
            names=options["name"],
            hetus=options["hetu"],
            ips=options["ip"],
        )
        people = Person.objects.in_bulk([m.person_id for m in matches if m.person_id])
        with transaction.atomic():
            record_event(
                None,
                EventType.SEARCH_PERFORMED,
                fields=[k for k in ("email", "phone", "name", "hetu", "ip") if options[k]],
                reason=f"cli: {len(matches)} matches",
            )
        result: list[dict[str, Any]] = []
        for match in matches:
            person = people.get(match.person_id) if match.person_id else None
            result.append(
                {
                    "person": person.reference if person else None,
                    "name": person.full_name if person else None,
                    "restricted": bool(person and person.is_restricted),
                    "evidence": [
                        {
                            "identifier": e.kind.value,
                            "record_type": e.model,
                            "record_id": e.object_id,
                            "field": e.field,
                            "in_free_text": e.in_text,
                        }
                        for e in match.evidence
                    ],
                }
            )
        if options["json"]:
            self.stdout.write(json.dumps({"matches": result}, ensure_ascii=False, indent=2))
            return
        if not result:
            self.stdout.write("no matches")
            return
        for item in result:
            heading = (
                f"{item['person']}  {item['name']}"
                if item["person"]
                else "(record linked to no person)"
            )
            if item["restricted"]:
                heading += "  [restricted]"
            self.stdout.write(heading)
            for e in item["evidence"]:
                where = " (in free text)" if e["in_free_text"] else ""
                record = f"{e['record_type']}#{e['record_id']}.{e['field']}"
                self.stdout.write(f"    {e['identifier']:<16} {record}{where}")
