"""Read helpers of the request form's pages."""

from __future__ import annotations

from rekisteri.intake import policies
from rekisteri.intake.models import PendingSubmission
from rekisteri.intake.services import LinkPayload


def pending_for(link: LinkPayload) -> PendingSubmission | None:
    """Return the submission a valid link confirms, or ``None`` when it was used already."""
    return PendingSubmission.objects.filter(key_digest=policies.key_digest(link.key)).first()
