"""``rekisteri request``: receive, list and show data-subject requests from the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.dsr.models import (
    INTAKE_CHANNELS,
    ObjectionScope,
    ReplyLanguage,
    RequestKind,
    SubjectRequest,
)
from rekisteri.dsr.queries import (
    RequestNotFound,
    confirmed_people,
    due_status_of,
    get_request,
    identity_verified,
    list_requests,
)
from rekisteri.dsr.services import RequestInput, RequestInvalid, receive_request

#: The command-line option of each field the service may refuse.
_OPTIONS = {
    "": "request",
    "requester_name": "--name",
    "requester_email": "--email",
    "requester_phone": "--phone",
    "reply_address": "--address",
    "language": "--lang",
    "received_at": "--received",
}


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value!r}: give the date as YYYY-MM-DD") from None


def _parse_moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--received {value!r}: give the time as YYYY-MM-DDTHH:MM (local time)"
        ) from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _summary(item: SubjectRequest, today: dt.date) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "kind": item.kind,
        "objection_scope": item.objection_scope or None,
        "channel": item.channel,
        "state": item.state,
        "received_at": item.received_at.isoformat(),
        "due_on": item.due_on.isoformat(),
        "due_status": str(due_status_of(item, today)),
        "extended_months": item.extension_months,
        "assignee": item.assignee.get_username() if item.assignee else None,
        "closed_at": item.closed_at.isoformat() if item.closed_at else None,
    }


class Command(BaseCommand):
    help = (
        "Receive, list and show data-subject requests (GDPR Art. 15-21). 'create' registers a "
        "request as it arrived; its answer is due one month from receipt (Art. 12(3)) and a "
        "request.received event (record.created until the audit app names it) is audited. "
        "'list' shows references, states and due dates only; 'show' prints one request with "
        "the requester's details and audits the read. Every subcommand takes --json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        create = actions.add_parser("create", help="Receive a new request.")
        create.add_argument("--kind", required=True, choices=RequestKind.values)
        create.add_argument("--channel", required=True, choices=[c.value for c in INTAKE_CHANNELS])
        create.add_argument("--name", required=True, help="The requester's name as given.")
        create.add_argument("--email", default="", help="The requester's e-mail address.")
        create.add_argument("--phone", default="", help="The requester's phone number.")
        create.add_argument("--customer-number", default="", help="A customer number given.")
        create.add_argument("--order-number", default="", help="An order number given.")
        create.add_argument("--address", default="", help="Postal address for the reply.")
        create.add_argument(
            "--lang", default=ReplyLanguage.FI, choices=ReplyLanguage.values, help="Reply language."
        )
        create.add_argument("--description", default="", help="What the person asks.")
        create.add_argument(
            "--objection-scope",
            default="",
            choices=["", *ObjectionScope.values],
            help="For --kind objection: direct_marketing or legitimate_interest.",
        )
        create.add_argument(
            "--received", default="", help="When it arrived, YYYY-MM-DDTHH:MM (default: now)."
        )
        create.add_argument("--json", action="store_true", help="Print JSON instead of text.")

        listing = actions.add_parser("list", help="List requests, the earliest due first.")
        listing.add_argument("--open", action="store_true", help="Open requests only.")
        listing.add_argument(
            "--overdue", action="store_true", help="Open requests past their due date only."
        )
        listing.add_argument("--kind", default="", choices=["", *RequestKind.values])
        listing.add_argument("--today", default="", help="Compute due dates as of YYYY-MM-DD.")
        listing.add_argument("--json", action="store_true", help="Print JSON instead of text.")

        show = actions.add_parser("show", help="Show one request with its steps.")
        show.add_argument("reference", help="The request reference, e.g. PR-7KQ2M9XD.")
        show.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            self._list(options)
        else:
            self._show(options)

    def _create(self, options: dict[str, Any]) -> None:
        received = _parse_moment(options["received"]) if options["received"] else None
        data = RequestInput(
            kind=options["kind"],
            channel=options["channel"],
            requester_name=options["name"],
            requester_email=options["email"],
            requester_phone=options["phone"],
            customer_number=options["customer_number"],
            order_number=options["order_number"],
            reply_address=options["address"],
            language=options["lang"],
            description=options["description"],
            objection_scope=options["objection_scope"],
            received_at=received,
        )
        try:
            item = receive_request(None, data)
        except RequestInvalid as exc:
            problems = [
                f"{_OPTIONS.get(name, '--' + name.replace('_', '-'))}: {message}"
                for name, messages in exc.errors.items()
                for message in messages
            ]
            raise CommandError("nothing was saved: " + "; ".join(problems)) from None
        today = timezone.localdate()
        if options["json"]:
            self.stdout.write(json.dumps(_summary(item, today), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"Received {item.reference} ({item.kind}); answer due {item.due_on.isoformat()}."
        )

    def _list(self, options: dict[str, Any]) -> None:
        today = _parse_day(options["today"]) if options["today"] else timezone.localdate()
        queryset = list_requests(
            state="open" if options["open"] or options["overdue"] else "all",
            kind=options["kind"],
            overdue_on=today if options["overdue"] else None,
        )
        rows = [_summary(item, today) for item in queryset]
        if options["json"]:
            self.stdout.write(json.dumps({"today": today.isoformat(), "requests": rows}, indent=2))
            return
        if not rows:
            self.stdout.write("no requests")
            return
        for row in rows:
            self.stdout.write(
                f"{row['reference']:<12} {row['kind']:<14} {row['state']:<19} "
                f"due {row['due_on']}  {row['due_status']}"
            )

    def _show(self, options: dict[str, Any]) -> None:
        try:
            item = get_request(options["reference"])
        except RequestNotFound:
            raise CommandError(f"no request has the reference {options['reference']!r}") from None
        today = timezone.localdate()
        data = _summary(item, today)
        data.update(
            {
                "requester": {
                    "name": item.requester_name,
                    "email": item.requester_email or None,
                    "phone": item.requester_phone or None,
                    "customer_number": item.customer_number or None,
                    "order_number": item.order_number or None,
                    "reply_address": item.reply_address or None,
                },
                "language": item.language,
                "description": item.description,
                "identity_verified": identity_verified(item),
                "identity_checks": [
                    {
                        "method": c.method,
                        "outcome": c.outcome,
                        "checked_at": c.checked_at.isoformat(),
                    }
                    for c in item.identity_checks.order_by("checked_at", "id")
                ],
                "confirmed_people": [p.reference for p in confirmed_people(item)],
                "confirmed_records": [
                    {"record_type": r.model_label, "record": r.record_ref}
                    for r in item.confirmed_records.order_by("id")
                ],
                "rectifications": [
                    {
                        "record_type": e.model_label,
                        "record": e.record_ref,
                        "field": e.field_name,
                        "outcome": e.outcome,
                        "made_at": e.made_at.isoformat(),
                    }
                    for e in item.rectifications.order_by("made_at", "id")
                ],
                "restrictions": [
                    {
                        "reference": r.reference,
                        "ground": r.ground,
                        "started_at": r.started_at.isoformat(),
                        "lifted_at": r.lifted_at.isoformat() if r.lifted_at else None,
                    }
                    for r in item.restrictions.order_by("started_at", "id")
                ],
                "objection_decision": item.objection_decision or None,
                "refusal_ground": item.refusal_ground or None,
            }
        )
        with transaction.atomic():
            record_event(
                None,
                EventType.RECORD_VIEWED,
                target=item,
                person_ref=item.person.reference if item.person else "",
                reason=f"cli: request.viewed {item.reference}",
            )
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{item.reference}  {item.get_kind_display()}  [{item.state}]")
        requester = data["requester"]
        self.stdout.write(f"  requester    {requester['name']}")
        for key in ("email", "phone", "customer_number", "order_number"):
            if requester[key]:
                self.stdout.write(f"  {key:<12} {requester[key]}")
        self.stdout.write(f"  received     {data['received_at']} ({item.channel})")
        self.stdout.write(f"  due          {data['due_on']} ({data['due_status']})")
        self.stdout.write(
            f"  identity     {'verified' if data['identity_verified'] else 'not verified'}"
        )
        if data["confirmed_people"]:
            self.stdout.write(f"  people       {', '.join(data['confirmed_people'])}")
        for entry in data["rectifications"]:
            self.stdout.write(
                f"  rectified    {entry['record_type']} {entry['record']}.{entry['field']} "
                f"({entry['outcome']})"
            )
        for restriction in data["restrictions"]:
            state = "lifted" if restriction["lifted_at"] else "active"
            self.stdout.write(
                f"  restriction  {restriction['reference']} {restriction['ground']} ({state})"
            )
