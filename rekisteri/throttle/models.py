"""Fixed-window rate-limit counters shared by every process through the database.

A counter is keyed by a keyed hash of what is limited (an API key, an IP
address, an e-mail address), never by the value itself, and is deleted when its
window has passed: the counters are a security measure (GDPR Art. 32(1)(b)),
not a log of who came.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    scope = models.CharField(_("limit"), max_length=40)
    key = models.CharField(_("keyed hash"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    hits = models.PositiveIntegerField(_("hits"), default=0)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="throttle_one_counter_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.window_start} {self.hits}"
