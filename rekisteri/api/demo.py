"""The demo API key of ``make run``: the web-shop example client uses it."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from rekisteri.api.models import ApiClient
from rekisteri.api.scopes import Scope
from rekisteri.api.services import issue_api_key

DEMO_CLIENT = "webshop-demo"
#: What examples/webshop_client.py needs: orders, accounts, cookie choices, opt-in/out.
DEMO_SCOPES = (Scope.WEBSHOP_WRITE, Scope.CONSENT_WRITE)


def key_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-api-key"


def issue_demo_key(path: Path | None = None) -> str:
    """Issue the key ``webshop-demo`` and write it to DATA_DIR/demo-api-key (mode 0600).

    An earlier active demo key is left as it is if the file still holds it;
    otherwise a new key is issued (the old one cannot be shown again).
    """
    path = path or key_file()
    existing = ApiClient.objects.filter(name=DEMO_CLIENT, revoked_at__isnull=True).first()
    if existing is not None and path.exists():
        return path.read_text(encoding="utf-8").strip()
    if existing is not None:
        from rekisteri.api.services import revoke_api_key

        revoke_api_key(None, existing)
    issued = issue_api_key(None, name=DEMO_CLIENT, scopes=[s.value for s in DEMO_SCOPES])
    if path.exists():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(issued.token + "\n")
    return issued.token
