"""What the parent test and its child processes share: environment, start-up, output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
#: A fixed secret for child processes; they never serve HTTP.
CHILD_SECRET_KEY = "robustness-harness-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def child_environment(data_dir: Path, *, database_url: str = "") -> dict[str, str]:
    """Return the environment of a child: the real settings, a data directory of its own.

    Every ``REKISTERI_*`` variable and ``DATABASE_URL`` of the parent are dropped
    (the parent runs under the test settings), so the child sees only what is set here.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REKISTERI_")
        and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "rekisteri.config.settings",
            "REKISTERI_DATA_DIR": str(data_dir),
            "REKISTERI_SECRET_KEY": CHILD_SECRET_KEY,
            "REKISTERI_HTTPS": "0",
            "REKISTERI_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "PYTHONHASHSEED": "0",
        }
    )
    if database_url:
        environment["DATABASE_URL"] = database_url
    return environment


def harness_command(module: str, *args: str) -> list[str]:
    """Return the command line that runs ``tests.harness.<module>`` with ``args``."""
    return [sys.executable, "-m", f"tests.harness.{module}", *args]


def run_child(
    module: str,
    args: Sequence[str],
    environment: Mapping[str, str],
    *,
    timeout: float = 120,
) -> dict[str, Any]:
    """Run a harness module to completion and return the JSON object it printed last."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        harness_command(module, *args),
        cwd=ROOT,
        env=dict(environment),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"tests.harness.{module} {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return last_json(result.stdout)


def last_json(output: str) -> dict[str, Any]:
    """Return the last line of ``output`` that is a JSON object."""
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            value = json.loads(line)
            if isinstance(value, dict):
                return value
    raise ValueError(f"no JSON object in the child's output:\n{output[-2000:]}")


def emit(**values: Any) -> None:
    """Print one JSON object on a line of its own and flush (the child's answer)."""
    sys.stdout.write(json.dumps(values, default=str) + "\n")
    sys.stdout.flush()


def setup_django() -> None:
    """Start Django in a child with the settings its environment names."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rekisteri.config.settings")
    import django

    django.setup()


def migrate() -> None:
    """Create the schema in the child's database (quietly)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def warm_keys() -> None:
    """Load (and on first use create) the field, index and ledger keys.

    Done once, in the process that migrates, before the concurrent children start.
    """
    from rekisteri.crypto.keys import field_keyring, index_key
    from rekisteri.erasure.ledger import ledger_key

    field_keyring()
    index_key()
    ledger_key()
