"""``rekisteri load_demo``: the Finnish demo data and one staff user per role."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from rekisteri.demo.loader import DEFAULT_PEOPLE, load_demo
from rekisteri.subjects.models import Person


def logins_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-logins.txt"


class Command(BaseCommand):
    help = (
        "Load fictional Finnish demo data (about 200 people over every register, fixed seed) and "
        "create one staff user per role with a generated password. The logins are written to "
        "DATA_DIR/demo-logins.txt (mode 0600) and printed. With --if-empty nothing is loaded "
        "when the database already holds people; the saved logins are printed again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=DEFAULT_PEOPLE, help="How many people.")
        parser.add_argument("--if-empty", action="store_true", help="Skip when data exists.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = logins_file()
        if options["if_empty"] and Person.objects.exists():
            self.stdout.write("The database already holds data; demo not loaded.")
            if path.exists():
                self.stdout.write(path.read_text(encoding="utf-8"))
            return
        if options["people"] < 1:
            self.stderr.write("--people must be at least 1")
            raise SystemExit(2)
        logins = load_demo(people=options["people"])
        lines = ["Demo logins (one per role):"]
        lines += [
            f"  {login.username:<18} {login.password:<26} {login.role.label}" for login in logins
        ]
        text = "\n".join(lines) + "\n"
        if path.exists():
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.stdout.write(f"Loaded {options['people']} demo people.")
        self.stdout.write(text)
