"""``manage.py check --deploy`` reports nothing under production settings (ASVS 13.4)."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_deployment_checklist_passes(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("REKISTERI_")
        and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "rekisteri.config.settings",
            "REKISTERI_DEBUG": "0",
            "REKISTERI_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
            "REKISTERI_HTTPS": "1",
            "REKISTERI_DATA_DIR": str(tmp_path),
            "REKISTERI_ALLOWED_HOSTS": "rekisteri.example.fi",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
