"""The ``rekisteri`` command: the project's manage.py with friendlier help.

``rekisteri`` alone, or ``rekisteri help``, lists the project's own commands first
(find, load_demo, render_docs, …) and then Django's.
"""

from __future__ import annotations

import os
import sys

PROJECT_COMMANDS = {
    "find": "Find people and records by e-mail, phone, name, HETU or IP address.",
    "load_demo": "Load the Finnish demo data and create one staff user per role.",
    "reindex": "Rebuild the subject index from the registers.",
    "access": "Write a person's access letter (HTML, PDF) and portability bundle (ZIP).",
    "erase": "Print a person's erasure plan; --execute erases it (holds kept, ledger written).",
    "release_holds": "Erase held data whose legal hold has ended (dry run unless --execute).",
    "backup": "Write a consistent backup of the database and uploads (.tar.gz, mode 0600).",
    "restore": "Restore a backup made by `backup`, then replay the erasure ledger (--yes).",
    "reapply-erasures": "Replay the erasure ledger so that erased people stay erased.",
    "audit": "Verify the audit log's hash chain and signed checkpoints (--checkpoint writes one).",
    "rotate_keys": "Re-encrypt every encrypted field and CV under a new key (--retire-old after).",
    "request": "Receive, list and show data-subject requests (create, list, show; --json).",
    "purge": "Delete personal data past its retention period (dry run unless --execute).",
    "purge_login_attempts": "Delete lockout records (username, IP) older than --days (30).",
    "export_notices": (
        "Write the privacy notices, the record of processing and the retention schedule."
    ),
    "marketing_export": (
        "Write the marketing list as CSV (consents, opt-outs, suppression honoured)."
    ),
    "api_key": (
        "Issue, list and revoke API keys of integrations "
        "(create NAME --scope S, list, revoke NAME)."
    ),
    "import": (
        "Import customers, vouchers, service jobs or web-shop accounts/orders from CSV or "
        "JSON Lines (--dry-run, --rejects)."
    ),
    "purge_imports": "Delete import files staged for review more than seven days ago.",
    "render_docs": "Regenerate docs/data-map.md and docs/roles.md from the code.",
    "runserver": "Serve the staff app (development server).",
    "migrate": "Create or update the database tables.",
}


def _print_help() -> None:
    print("rekisteri — the personal-data register system\n")
    print("Usage: rekisteri COMMAND [options]   (rekisteri COMMAND --help for details)\n")
    print("Project commands:")
    for name, text in PROJECT_COMMANDS.items():
        print(f"  {name:<14} {text}")
    print("\nEvery Django management command works too: rekisteri help --commands")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rekisteri.config.settings")
    if len(args) < 2 or (args[1] in {"help", "-h", "--help"} and len(args) == 2):
        _print_help()
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
