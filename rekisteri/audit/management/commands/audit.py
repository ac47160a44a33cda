"""``rekisteri audit verify``: check the audit log's hash chain and its signed checkpoints."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rekisteri.audit.checkpoint import (
    CheckpointRefused,
    checkpoint_path,
    verify_against_checkpoints,
    write_checkpoint,
)
from rekisteri.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "verify: recompute the audit log's hash chain (finds edited, deleted and reordered "
        "events) and compare it with the newest signed checkpoint kept outside the database "
        "(finds a truncated log and forged checkpoint lines). Prints every problem and exits "
        "with status 1 when there is any. --checkpoint appends a new signed checkpoint after "
        "a clean verification; run it daily from a timer (docs/security.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"], help="What to do (verify).")
        parser.add_argument(
            "--checkpoint",
            action="store_true",
            help="After a clean verification, append a signed checkpoint.",
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = [
            {"where": f"event {p.event_id}" if p.event_id else "chain head", "problem": p.problem}
            for p in verify_chain()
        ]
        problems += [
            {"where": f"{checkpoint_path()} line {p.line}", "problem": p.problem}
            for p in verify_against_checkpoints()
        ]
        checkpoint: dict[str, object] | None = None
        if options["checkpoint"] and not problems:
            try:
                checkpoint = write_checkpoint()
            except CheckpointRefused as exc:  # the chain changed between the two reads
                problems.append({"where": "checkpoint", "problem": str(exc)})
        if options["json"]:
            result = {"ok": not problems, "problems": problems, "checkpoint": checkpoint}
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            for item in problems:
                self.stdout.write(f"{item['where']}: {item['problem']}")
            if not problems:
                self.stdout.write("The audit log verifies.")
            if checkpoint is not None:
                self.stdout.write(
                    f"Checkpoint written: {checkpoint['event_count']} events, "
                    f"last id {checkpoint['last_id']}."
                )
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the audit log", returncode=1)
