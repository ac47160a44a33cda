"""Project invariants: settings documented, commands helpful, migrations complete."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
PROJECT_COMMANDS = [name for name, app in get_commands().items() if app.startswith("rekisteri")]


def test_every_environment_variable_is_documented():
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "rekisteri" / "config").glob("*.py")
    )
    used = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', sources))
    used.add("DATABASE_URL")
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in used if f"`{name}`" not in documented)
    assert missing == []


@pytest.mark.parametrize("name", PROJECT_COMMANDS)
def test_project_commands_have_help(name):
    command = load_command_class(get_commands()[name], name)
    assert len(command.help) > 40, f"{name} needs a help text that states the rule"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
