"""Erasure plans, their items, and the records kept under a legal hold.

- :class:`ErasurePlan` is one reviewed erasure of one person (GDPR Art. 17): made
  from the data map, reviewed by the registrar, executed in one transaction.
- :class:`ErasurePlanItem` says what happens to one record, or one field of it:
  deleted, anonymised, or kept under a legal hold naming the statute and the
  day the hold ends.
- :class:`HeldRecord` marks data kept after the erasure (Art. 17(3)); the person
  is restricted (Art. 18) until :func:`~rekisteri.erasure.holds.release_expired_holds`
  erases it when its hold ends.

Records are named by model label and id (and their opaque reference), never by
a name or an identifier, so the plan itself holds no copy of what it erased.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.erasure.policies import Action, Ground
from rekisteri.erasure.texts import explain_hold, explain_item
from rekisteri.subjects.models import new_reference


def new_plan_reference() -> str:
    return new_reference("EP")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft: to be reviewed")
    REVIEWED = "reviewed", _("Reviewed: ready to execute")
    EXECUTED = "executed", _("Executed")
    CANCELLED = "cancelled", _("Cancelled")


class ErasurePlan(models.Model):
    """What erasing one person does to each of their records, and who decided it."""

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_plan_reference, editable=False
    )
    person = models.ForeignKey(
        "subjects.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="erasure_plans",
    )
    request_ref = models.CharField(_("request"), max_length=40, blank=True, db_index=True)
    #: Records confirmed one by one for the request (``[model label, id]`` pairs),
    #: erased with the person's own records.
    extra_records = models.JSONField(_("other records"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    planned_on = models.DateField(_("planned as of"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    #: When nothing of the plan is held any more (executed with no hold, the last
    #: hold released, or cancelled): the plan's own retention clock starts here.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    records_deleted = models.PositiveIntegerField(_("records deleted"), default=0)
    records_anonymised = models.PositiveIntegerField(_("records anonymised"), default=0)
    records_held = models.PositiveIntegerField(_("records kept under a hold"), default=0)
    #: A keyed hash (ledger key) of the records and decisions as planned; a plan
    #: whose records changed since is refused at execution.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, editable=False)
    #: Whether this plan restricted the person (Person.is_restricted), so that it
    #: lifts the restriction again when its last hold ends.
    restricted_person = models.BooleanField(_("restricted the person"), default=False)
    #: Recreated from the erasure ledger after a restore.
    replayed = models.BooleanField(_("recreated from the ledger"), default=False)

    class Meta:
        verbose_name = _("erasure plan")
        verbose_name_plural = _("erasure plans")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="erasure_plan_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.REVIEWED)


class ErasurePlanItem(models.Model):
    """What the plan does to one record (``field`` empty) or to one field of it."""

    plan = models.ForeignKey(
        ErasurePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    register = models.CharField(_("register"), max_length=40)
    model_label = models.CharField(_("record type"), max_length=80)
    object_id = models.CharField(_("record id"), max_length=40)
    record_ref = models.CharField(_("record"), max_length=64, blank=True)
    field = models.CharField(_("field"), max_length=80, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    rule = models.CharField(_("retention rule"), max_length=40, blank=True)
    statute = models.CharField(_("statute"), max_length=200, blank=True)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices, blank=True)
    hold_until = models.DateField(_("held until"), null=True, blank=True)
    #: Why the record is handled otherwise than its fields say ("referenced",
    #: "identifies"); see ``rekisteri.erasure.queries.Note``.
    note = models.CharField(_("note"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("erasure plan item")
        verbose_name_plural = _("erasure plan items")
        ordering = ["id"]
        indexes = [models.Index(fields=["model_label", "object_id"], name="erasure_item_record")]

    def __str__(self) -> str:
        target = f"{self.model_label}#{self.object_id}" + (f".{self.field}" if self.field else "")
        return f"{self.action} {target}"

    @property
    def explanation(self) -> str:
        """What happens to the record or field and why, in the active language."""
        return explain_item(
            action=self.action,
            ground=self.ground,
            statute=self.statute,
            hold_until=self.hold_until,
            rule=self.rule,
            note=self.note,
            whole_record=not self.field,
        )


class HeldRecord(models.Model):
    """Data kept after an erasure under a legal hold, restricted until the hold ends."""

    plan = models.ForeignKey(
        ErasurePlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="holds"
    )
    model_label = models.CharField(_("record type"), max_length=80)
    object_id = models.CharField(_("record id"), max_length=40)
    record_ref = models.CharField(_("record"), max_length=64, blank=True)
    fields = models.JSONField(_("fields"), default=list)
    rule = models.CharField(_("retention rule"), max_length=40, blank=True)
    statute = models.CharField(_("statute"), max_length=200, blank=True)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    #: None: kept while the data is still needed (an open job) or for as long as
    #: the rule lasts; re-examined every day by the release.
    hold_until = models.DateField(_("held until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("held record")
        verbose_name_plural = _("held records")
        ordering = ["hold_until", "id"]
        indexes = [
            models.Index(fields=["released_at", "hold_until"], name="erasure_hold_due"),
            models.Index(fields=["model_label", "object_id"], name="erasure_hold_record"),
        ]

    def __str__(self) -> str:
        return f"{self.model_label}#{self.object_id} {self.hold_until or '-'}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None

    @property
    def explanation(self) -> str:
        return explain_hold(self.ground, self.statute, self.hold_until, self.rule)
