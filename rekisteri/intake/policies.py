"""Pure rules of the public request form: the link's lifetime and the rate limits.

No database and no clock here: callers pass ``now``.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from rekisteri.throttle.services import Limit

#: How long the confirmation link works. A day is long enough to find the message
#: (and look in the spam folder) and short enough that a forgotten message in a
#: mailbox someone else later reads is useless (OWASP ASVS 5.0 6.4.1/7.2.x: short-lived,
#: single-use tokens; the request form's link is used once, see ``services``).
LINK_LIFETIME = dt.timedelta(hours=24)

#: The salt of the signed link: a signature made for another purpose of the project
#: (a password reset, a download link) never validates here (django.core.signing).
LINK_SALT = "rekisteri.intake.confirm-email.v1"

#: Every POST of the form per client address: bounds retries after validation errors.
POSTS_PER_ADDRESS = Limit("intake_post_ip", hits=30, seconds=3600)
#: Accepted submissions per client address (OWASP ASVS 5.0 2.4.1 anti-automation).
SUBMISSIONS_PER_ADDRESS = Limit("intake_submit_ip", hits=5, seconds=3600)
#: Confirmation messages per e-mail address a day: nobody's mailbox can be flooded.
MESSAGES_PER_EMAIL = Limit("intake_submit_email", hits=3, seconds=86400)


def link_expires_at(submitted_at: dt.datetime) -> dt.datetime:
    """Return when the confirmation link of a submission sent at ``submitted_at`` expires."""
    return submitted_at + LINK_LIFETIME


def link_expired(submitted_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether the link of a submission sent at ``submitted_at`` no longer works at ``now``."""
    return now > link_expires_at(submitted_at)


def key_digest(key: str) -> str:
    """Return the digest stored for a link key (the key itself is only in the e-mail)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
