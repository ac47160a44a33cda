"""Settings for the test suite: a throwaway data directory and fast hashing.

The database follows DATABASE_URL like production, so ``make test-postgres`` runs
the same suite on PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("REKISTERI_DATA_DIR", tempfile.mkdtemp(prefix="rekisteri-test-"))
os.environ.setdefault(
    "REKISTERI_SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789"
)
os.environ.setdefault("REKISTERI_HTTPS", "0")

from rekisteri.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed: tests only

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not ":memory:", so the pragma and raw-storage tests see a real file and WAL.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
