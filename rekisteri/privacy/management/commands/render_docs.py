"""Regenerate the documents derived from the code: docs/data-map.md and docs/roles.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from rekisteri.accounts.roles import render_roles_markdown
from rekisteri.privacy.render import render_datamap_markdown


def generated_documents() -> dict[str, str]:
    """Return {path relative to the repository: content} of every generated document."""
    return {
        "docs/data-map.md": render_datamap_markdown(),
        "docs/roles.md": render_roles_markdown(),
    }


class Command(BaseCommand):
    help = (
        "Write docs/data-map.md (from the registers' privacy.py declarations) and docs/roles.md "
        "(from the permission matrix). With --check, write nothing and exit 1 when a file is stale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Only report stale files.")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = []
        for relative, content in generated_documents().items():
            path = Path(settings.BASE_DIR) / relative
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current == content:
                continue
            stale.append(relative)
            if not options["check"]:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
                self.stdout.write(f"wrote {relative}")
        if options["check"] and stale:
            self.stderr.write("stale: " + ", ".join(stale) + " (run: rekisteri render_docs)")
            raise SystemExit(1)
        if not stale:
            self.stdout.write("documents are up to date")
