"""Retention of django-axes' login records (username and IP address: personal data)."""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.utils import timezone

#: Days axes' login records (attempts, failures, successful logins) are kept.
AXES_RECORD_RETENTION_DAYS = 30


def purge_login_attempts(days: int = AXES_RECORD_RETENTION_DAYS) -> dict[str, int]:
    """Delete axes records whose attempt time is more than ``days`` days ago."""
    cutoff = timezone.now() - timedelta(days=days)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            deleted, _ = model.objects.filter(attempt_time__lt=cutoff).delete()
            counts[model.__name__] = deleted
    return counts
