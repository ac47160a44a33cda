"""The deletion log of the retention purge and the administrator's rule overrides.

The log keeps counts only — which rule, which record type, which field, what was
done and how many — never a name, an identifier or a record's key, so it can be
kept as proof of storage limitation (GDPR Art. 5(1)(e) and 5(2)) without
becoming a copy of what was deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.privacy.retention import RULES
from rekisteri.retention.policies import describe_period


class PurgeAction(models.TextChoices):
    """What the purge did to the records (or fields) of one rule group."""

    DELETE = "delete", _("Deleted")
    ANONYMISE = "anonymise", _("Anonymised")
    CLEAR = "clear", _("Fields cleared")
    #: The record had to be deleted, but another record still refers to it
    #: (a protected reference): its personal fields were cleared instead.
    BLOCKED = "blocked", _("Anonymised, deletion blocked by a reference")
    #: The register refused the change (e.g. an issued voucher still under its hold).
    FAILED = "failed", _("Refused by the register")


class PurgeRun(models.Model):
    """One run of the purge: when, by whom, for which day, and whether it changed data."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    as_of = models.DateField(_("as of"), help_text=_("The day the periods were computed for."))
    executed = models.BooleanField(
        _("executed"), default=False, help_text=_("False for a logged dry run.")
    )
    financial_year_start = models.CharField(_("financial year starts"), max_length=5)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("run by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        started = f"{self.started_at:%Y-%m-%d %H:%M}" if self.started_at else "-"
        return f"{started} {self.as_of}"

    @property
    def total(self) -> int:
        """Records or fields changed (failures not included)."""
        return sum(c.count for c in self.counts.all() if c.action != PurgeAction.FAILED)


class PurgeCount(models.Model):
    """How many records (or values of one field) one rule group of a run changed."""

    run = models.ForeignKey(
        PurgeRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="counts"
    )
    rule = models.CharField(_("retention rule"), max_length=40)
    model_label = models.CharField(_("record type"), max_length=80)
    field = models.CharField(
        _("field"), max_length=80, blank=True, help_text=_("Empty for whole records.")
    )
    action = models.CharField(_("action"), max_length=10, choices=PurgeAction.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("purge count")
        verbose_name_plural = _("purge counts")
        ordering = ["id"]

    def __str__(self) -> str:
        target = f"{self.model_label}.{self.field}" if self.field else self.model_label
        return f"{self.rule} {target} {self.action} {self.count}"


RULE_CHOICES = [(code, rule.title) for code, rule in RULES.items()]


class RuleOverride(models.Model):
    """The administrator's change of a rule's period, with its reason.

    A new override deactivates the previous one of the same rule; reverting to
    the default deactivates it too. Rows are kept, so the history of every
    change stays readable (GDPR Art. 5(2)).
    """

    rule = models.CharField(_("retention rule"), max_length=40, choices=RULE_CHOICES)
    months = models.PositiveIntegerField(_("months"), default=0)
    days = models.PositiveIntegerField(_("days"), default=0)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"))
    active = models.BooleanField(_("in force"), default=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        verbose_name = _("retention rule override")
        verbose_name_plural = _("retention rule overrides")
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule"],
                condition=models.Q(active=True),
                name="retention_one_active_override_per_rule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.months} months {self.days} days"

    @property
    def period(self) -> str:
        """The period as staff read it ("6 months")."""
        return describe_period(self.months, self.days)
