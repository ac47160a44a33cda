"""``rekisteri erase PERSON``: print a person's erasure plan, or execute it with --execute."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.erasure.models import ErasurePlan
from rekisteri.erasure.policies import Action
from rekisteri.erasure.queries import PlanDraft, compute_plan, person_by_reference
from rekisteri.erasure.services import ErasureError, execute_now, plan_items
from rekisteri.erasure.texts import explain_item


def parse_day(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r}: give the date as YYYY-MM-DD") from None


def actor_from(username: str | None, capability: Capability) -> Any:
    """The staff user named by --actor (who must hold ``capability``), or None."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    if not has_capability(user, capability):
        raise CommandError(f"{username} may not do this ({capability.value})")
    return user


class Command(BaseCommand):
    help = (
        "Print the erasure plan of one person (GDPR Art. 17): for each record and personal "
        "field, whether it is deleted, anonymised, or kept under a legal hold with the statute "
        "and the day the hold ends (the data map's rules, legal.md section 4). Nothing changes "
        "unless --execute is given: then the plan is made, reviewed and executed in one "
        "transaction — Art. 19 tasks for the recipients, marketing stopped, one audit event per "
        "record (field names only), held data restricted, and a line in the erasure ledger "
        "outside the database. PERSON is the person's reference (H-...)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person", metavar="PERSON", help="The person's reference, H-...")
        parser.add_argument(
            "--execute", action="store_true", help="Erase now (default: print the plan only)."
        )
        parser.add_argument("--request", default="", help="The request reference (PR-...).")
        parser.add_argument(
            "--actor", help="The staff user recorded in the audit log (needs erasure.execute)."
        )
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="Decide as of this day (default: today)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):  # the command line speaks English, like the others
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        person = person_by_reference(options["person"])
        if person is None:
            raise CommandError(f"no person {options['person']!r}")
        today = parse_day(options["today"])
        plan: ErasurePlan | None = None
        if options["execute"]:
            actor = actor_from(options["actor"], Capability.ERASURE_EXECUTE)
            try:
                plan = execute_now(actor, person, today=today, request_ref=options["request"])
            except ErasureError as exc:
                raise CommandError(str(exc)) from exc
            items = list(plan.items.order_by("register", "model_label", "object_id", "id"))
            counts = (plan.records_deleted, plan.records_anonymised, plan.records_held)
        else:
            draft = compute_plan(person, today)
            items = plan_items(ErasurePlan(person=person), draft)
            counts = _counts(draft)
        rows = [_row(item) for item in items]
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "person": person.reference,
                        "as_of": today.isoformat(),
                        "executed": plan is not None,
                        "plan": plan.reference if plan is not None else None,
                        "summary": dict(
                            zip(("deleted", "anonymised", "held"), counts, strict=True)
                        ),
                        "items": rows,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        mode = f"executed as {plan.reference}" if plan else "not executed"
        self.stdout.write(f"Erasure plan for {person.reference} as of {today.isoformat()} ({mode})")
        record_why = ""
        for row in rows:
            if row["field"]:
                target = f"    .{row['field']}"
                why = "" if row["why"] == record_why else row["why"]
            else:
                target = f"{row['model']} {row['record'] or row['id']}"
                why = record_why = row["why"]
            self.stdout.write(f"  {row['action']:<9} {target:<44} {why}".rstrip())
        deleted, anonymised, held = counts
        self.stdout.write(f"Records: {deleted} deleted, {anonymised} anonymised, {held} kept.")
        if plan is None:
            self.stdout.write("Nothing was changed. Run with --execute to erase.")


def _counts(draft: PlanDraft) -> tuple[int, int, int]:
    return (draft.count(Action.DELETE), draft.count(Action.ANONYMISE), draft.count(Action.HOLD))


def _row(item: Any) -> dict[str, Any]:
    return {
        "register": item.register,
        "model": item.model_label,
        "id": item.object_id,
        "record": item.record_ref,
        "field": item.field,
        "action": str(item.action),
        "rule": item.rule,
        "statute": item.statute,
        "ground": item.ground,
        "hold_until": item.hold_until.isoformat() if item.hold_until else None,
        "why": explain_item(
            action=str(item.action),
            ground=item.ground,
            statute=item.statute,
            hold_until=item.hold_until,
            rule=item.rule,
            note=item.note,
            whole_record=not item.field,
        ),
    }
