"""``rekisteri api_key``: issue, list and revoke API keys from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rekisteri.api.models import ApiClient
from rekisteri.api.scopes import Scope
from rekisteri.api.services import ApiKeyError, issue_api_key, revoke_api_key


class Command(BaseCommand):
    help = (
        "Manage the API keys of integrations. `create NAME --scope S [--scope S ...]` issues a "
        "key and prints it once (only its hash is stored); `list` shows the clients and their "
        "scopes; `revoke NAME` revokes the active key of NAME at once. Scopes: "
        + ", ".join(Scope.values)
        + "."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a key and print it once.")
        create.add_argument("name", help="Client name, shown in the audit log as api:NAME.")
        create.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=Scope.values,
            help="A scope the key holds; repeat for several.",
        )
        sub.add_parser("list", help="List the clients, their scopes and state.")
        revoke = sub.add_parser("revoke", help="Revoke the active key of a client.")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                issued = issue_api_key(None, name=options["name"], scopes=options["scope"])
            except ApiKeyError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"Issued a key for api:{issued.client.name} "
                f"({', '.join(issued.client.scopes)}). It is shown only this once:"
            )
            self.stdout.write(issued.token)
        elif action == "list":
            clients = ApiClient.objects.order_by("name", "-created_at")
            if not clients:
                self.stdout.write("No API keys have been issued.")
            for client in clients:
                state = (
                    f"revoked {client.revoked_at:%Y-%m-%d %H:%M}" if client.revoked_at else "active"
                )
                used = f"{client.last_used_at:%Y-%m-%d %H:%M}" if client.last_used_at else "never"
                self.stdout.write(
                    f"{client.name:<20} rk_{client.key_prefix}_…  {state:<24} last used {used:<16}"
                    f"  {' '.join(client.scopes)}"
                )
        else:
            active = ApiClient.objects.filter(
                name=options["name"].strip().lower(), revoked_at__isnull=True
            ).first()
            if active is None:
                raise CommandError(f"No active API client is named {options['name']!r}.")
            try:
                revoke_api_key(None, active)
            except ApiKeyError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Revoked the key of api:{active.name}.")
