"""Use cases of retention: plan and execute the purge, and change a rule's period.

The purge applies the data map's retention rules (legal.md section 4, with the
administrator's overrides) to every register at once, set-based: one query
selects what a rule group has due, and one statement per chunk deletes,
anonymises or clears it (GDPR Art. 5(1)(e), storage limitation). Each group is
changed in one transaction together with its audit event and its lines of the
deletion log, so a crash leaves every group all-or-nothing. A register that
refuses a change (an issued voucher still under its hold, Kirjanpitolaki 2:10)
fails that record only; the run goes on and reports the failure.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.audit.models import EventType
from rekisteri.audit.services import record_event
from rekisteri.privacy.datamap import declaration_for
from rekisteri.privacy.index import IndexedQuerySet, reindex_records
from rekisteri.privacy.retention import RULES, RetentionRule, get_rule
from rekisteri.retention.models import PurgeAction, PurgeCount, PurgeRun, RuleOverride
from rekisteri.retention.policies import (
    ORPHAN_PERSON,
    OverrideRefused,
    check_override,
    describe_period,
    effective_rule,
    period_is_shorter,
)
from rekisteri.retention.queries import current_rules, financial_year_start
from rekisteri.retention.targets import Target, all_targets, orphan_people
from rekisteri.subjects.models import Person

Actor = AbstractBaseUser | AnonymousUser | None

#: Rows changed per statement: bounded so that every database accepts the id list.
CHUNK = 1000
SYSTEM_LABEL = "system"


@dataclass(frozen=True)
class PurgeItem:
    """What one rule group has due on a day, and what the purge does to it."""

    rule: RetentionRule
    model_label: str
    model_name: str
    fields: tuple[str, ...]
    action: PurgeAction
    whole_record: bool
    #: The latest event date that is due (None: nothing can be due under the rule).
    cutoff: dt.date | None
    count: int
    #: Due records kept because the person's processing is restricted (GDPR Art. 18).
    restricted: int = 0


def _actor_label(actor: Actor) -> str:
    if actor is not None and actor.is_authenticated:
        return str(actor.get_username())
    return SYSTEM_LABEL


def _user_id(actor: Actor) -> int | None:
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return int(actor.pk)
    return None


# --- Planning ----------------------------------------------------------------------------


def _item(target: Target, with_restricted: bool) -> PurgeItem:
    return PurgeItem(
        rule=target.rule,
        model_label=target.model_label,
        model_name=str(target.model._meta.verbose_name),
        fields=() if target.action is PurgeAction.DELETE else target.fields,
        action=target.action,
        whole_record=target.whole_record,
        cutoff=target.cutoff,
        count=target.queryset.count(),
        restricted=target.restricted.count() if with_restricted else 0,
    )


def plan_purge(today: dt.date, *, with_restricted: bool = True) -> list[PurgeItem]:
    """Return what every rule group has due on ``today``, changing nothing (the dry run).

    Periods come from the rules in force (:func:`~rekisteri.retention.queries.current_rules`)
    and the configured financial year (``settings.FINANCIAL_YEAR_START``). The
    last item counts the people who would be left with no record in any
    register (pseudo-rule ``orphan_person``, GDPR Art. 5(1)(e)).
    """
    fy_start = financial_year_start()
    targets = all_targets(current_rules(), today, fy_start)
    items = [_item(target, with_restricted) for target in targets]
    items.append(
        PurgeItem(
            rule=ORPHAN_PERSON,
            model_label=Person._meta.label,
            model_name=str(Person._meta.verbose_name),
            fields=(),
            action=PurgeAction.DELETE,
            whole_record=True,
            cutoff=None,
            count=orphan_people(targets).count(),
        )
    )
    return items


# --- Executing ---------------------------------------------------------------------------


@dataclass
class _Outcome:
    deleted: Counter[str] = field(default_factory=Counter)
    changed: int = 0
    blocked: int = 0
    failed: int = 0


def _chunks(values: Sequence[object], size: int = CHUNK) -> Iterator[Sequence[object]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _blank_rows(model: type[models.Model], pks: Sequence[object], blanks: dict[str, object]) -> int:
    """Empty ``blanks`` on the rows ``pks`` and keep the subject index current."""
    queryset = model._default_manager.filter(pk__in=pks)
    if not blanks:
        return 0
    count = queryset.update(**blanks)
    if not isinstance(queryset, IndexedQuerySet):
        reindex_records(model, pks)
    return count


def _delete_one(target: Target, pk: object, outcome: _Outcome) -> None:
    manager = target.model._default_manager
    try:
        with transaction.atomic():
            _total, per_model = manager.filter(pk=pk).delete()
    except (ProtectedError, RestrictedError):
        # Another record still refers to this one (e.g. a later credit note to
        # the voucher it corrects): clear what may go and try again next run.
        try:
            with transaction.atomic():
                _blank_rows(target.model, [pk], dict(target.blanks_keeping_clock))
        except Exception:  # a register's guard refused; counted, the run goes on
            outcome.failed += 1
        else:
            outcome.blocked += 1
    except Exception:  # a register's guard refused; counted, the run goes on
        outcome.failed += 1
    else:
        outcome.deleted.update(per_model)


def _delete(target: Target, chunk: Sequence[object], outcome: _Outcome) -> None:
    try:
        with transaction.atomic():
            # queryset.delete() sends the delete signals: the subject index and
            # files owned by the rows (CVs) are cleaned by their handlers.
            _total, per_model = target.model._default_manager.filter(pk__in=chunk).delete()
    except Exception:  # one refused row refuses the chunk: go row by row
        for pk in chunk:
            _delete_one(target, pk, outcome)
    else:
        outcome.deleted.update(per_model)


def _blank(target: Target, chunk: Sequence[object], outcome: _Outcome) -> None:
    blanks = dict(target.blanks)
    try:
        with transaction.atomic():
            outcome.changed += _blank_rows(target.model, chunk, blanks)
    except Exception:  # one refused row refuses the chunk: go row by row
        for pk in chunk:
            try:
                with transaction.atomic():
                    outcome.changed += _blank_rows(target.model, [pk], blanks)
            except Exception:  # a register's guard refused; counted, the run goes on
                outcome.failed += 1


def _is_declared(label: str) -> bool:
    try:
        model = apps.get_model(label)
    except LookupError:
        return False
    return declaration_for(model) is not None


def _log(actor: Actor, run: PurgeRun, target: Target, outcome: _Outcome) -> None:
    """Write the group's deletion-log lines and its audit event (counts and field names only)."""
    rule, label = target.rule.code, target.model_label
    lines: list[PurgeCount] = []
    if target.action is PurgeAction.DELETE:
        done = outcome.deleted.get(label, 0)
        for model_label, count in sorted(outcome.deleted.items()):
            if count and _is_declared(model_label):
                lines.append(
                    PurgeCount(
                        run=run,
                        rule=rule,
                        model_label=model_label,
                        field="",
                        action=PurgeAction.DELETE,
                        count=count,
                    )
                )
    elif target.action is PurgeAction.ANONYMISE:
        done = outcome.changed
        if done:
            lines.append(
                PurgeCount(
                    run=run,
                    rule=rule,
                    model_label=label,
                    field="",
                    action=PurgeAction.ANONYMISE,
                    count=done,
                )
            )
    else:
        done = outcome.changed
        if done:
            lines.extend(
                PurgeCount(
                    run=run,
                    rule=rule,
                    model_label=label,
                    field=name,
                    action=PurgeAction.CLEAR,
                    count=done,
                )
                for name in target.fields
            )
    for action, count in (
        (PurgeAction.BLOCKED, outcome.blocked),
        (PurgeAction.FAILED, outcome.failed),
    ):
        if count:
            lines.append(
                PurgeCount(
                    run=run, rule=rule, model_label=label, field="", action=action, count=count
                )
            )
    if not lines:
        return
    PurgeCount.objects.bulk_create(lines)
    reason = f"retention:{rule} {target.action} {done}"
    if outcome.blocked:
        reason += f", blocked {outcome.blocked}"
    if outcome.failed:
        reason += f", failed {outcome.failed}"
    record_event(
        actor,
        EventType.RETENTION_PURGED,
        target_ref=label,
        fields=[] if target.action is PurgeAction.DELETE and not outcome.blocked else target.fields,
        reason=reason,
    )


def _apply(actor: Actor, run: PurgeRun, target: Target) -> None:
    outcome = _Outcome()
    with transaction.atomic():
        # Lock the due rows (PostgreSQL) so that a record touched meanwhile (new
        # activity, a restriction) is not purged on a stale selection.
        selection = target.queryset.select_for_update(of=("self",))
        pks = list(selection.values_list("pk", flat=True))
        if not pks:
            return
        for chunk in _chunks(pks):
            if target.action is PurgeAction.DELETE:
                _delete(target, chunk, outcome)
            else:
                _blank(target, chunk, outcome)
        _log(actor, run, target, outcome)


def _orphan_target() -> Target:
    declaration = declaration_for(Person)
    assert declaration is not None
    people = orphan_people()
    return Target(
        declaration=declaration,
        rule=ORPHAN_PERSON,
        action=PurgeAction.DELETE,
        whole_record=True,
        fields=(),
        cutoff=None,
        queryset=people,
        restricted=Person._base_manager.none(),
        blanks={},
        blanks_keeping_clock={},
    )


def execute_purge(actor: Actor, today: dt.date) -> PurgeRun:
    """Delete, anonymise or clear everything due on ``today``, and log it.

    Rule groups are applied in the order of
    :func:`~rekisteri.retention.targets.ordered_declarations` (rows whose clock
    runs through another row first), each in its own
    transaction with one ``retention.purged`` audit event (whether the group
    deleted, anonymised or cleared) whose reason is
    ``retention:<rule> <action> <count>`` — no personal data. People left
    with no record in any register are deleted last, in the same run. The
    run and its counts are returned (the deletion log, GDPR Art. 5(2)).
    """
    fy_start = financial_year_start()
    with transaction.atomic():
        run = PurgeRun.objects.create(
            started_at=timezone.now(),
            as_of=today,
            executed=True,
            financial_year_start=fy_start,
            actor_id=_user_id(actor),
            actor_label=_actor_label(actor),
        )
    for target in all_targets(current_rules(), today, fy_start):
        _apply(actor, run, target)
    _apply(actor, run, _orphan_target())
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return run


def log_dry_run(actor: Actor, today: dt.date, items: Sequence[PurgeItem] | None = None) -> PurgeRun:
    """Record a dry run in the deletion log (``executed`` false): what was due, nothing changed.

    For installations that schedule the dry run for a while before switching on
    ``--execute``: the retention page then shows what each day had due.
    """
    items = list(items) if items is not None else plan_purge(today, with_restricted=False)
    now = timezone.now()
    with transaction.atomic():
        run = PurgeRun.objects.create(
            started_at=now,
            finished_at=now,
            as_of=today,
            executed=False,
            financial_year_start=financial_year_start(),
            actor_id=_user_id(actor),
            actor_label=_actor_label(actor),
        )
        PurgeCount.objects.bulk_create(
            PurgeCount(
                run=run,
                rule=item.rule.code,
                model_label=item.model_label,
                field=",".join(item.fields)[:80] if item.action is PurgeAction.CLEAR else "",
                action=item.action,
                count=item.count,
            )
            for item in items
            if item.count
        )
    return run


# --- Changing a rule's period --------------------------------------------------------------


def set_rule_override(
    actor: Actor, code: str, *, months: int, days: int, reason: str
) -> RuleOverride:
    """Put a new period in force for the rule ``code``, with the reason; audited.

    The administrator may tighten or extend a default of legal.md section 4,
    but a rule that rests on a legal obligation or legal claims (early erasure
    "no", GDPR Art. 17(3)(b) and (e)) may not go below its statutory period —
    vouchers six years (Kirjanpitolaki 1336/1997 2 luku 10 §): that is refused
    with the statute named. The override in force before is ended with the
    same reason; the purge and the pages use the new period at once.
    """
    reason = reason.strip()
    if code not in RULES:
        raise ValidationError({"rule": _("Choose one of the retention rules.")})
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change.")})
    rule = get_rule(code)
    try:
        check_override(rule, months, days)
    except OverrideRefused as exc:
        raise ValidationError(str(exc), code="refused") from exc
    with transaction.atomic():
        previous = list(RuleOverride.objects.select_for_update().filter(rule=code, active=True))
        in_force = effective_rule(code, previous)
        if (in_force.months, in_force.days) == (months, days):
            raise ValidationError(
                _("The rule is already kept for %(period)s.")
                % {"period": describe_period(months, days)},
                code="unchanged",
            )
        now = timezone.now()
        for old in previous:
            _end(actor, old, reason=reason, now=now)
        override = RuleOverride.objects.create(
            rule=code,
            months=months,
            days=days,
            reason=reason,
            changed_by_id=_user_id(actor),
            changed_at=now,
            active=True,
        )
        direction = (
            "shortened" if period_is_shorter(months, days, rule.months, rule.days) else "extended"
        )
        record_event(
            actor,
            EventType.RETENTION_RULE_CHANGED,
            target=override,
            target_ref=str(override.pk),
            fields=["rule", "months", "days", "reason"],
            reason=f"retention rule {code} {direction}: {months} months {days} days",
        )
    return override


def _end(actor: Actor, override: RuleOverride, *, reason: str, now: dt.datetime) -> None:
    override.active = False
    override.ended_at = now
    override.ended_by_id = _user_id(actor)
    override.end_reason = reason
    override.save(update_fields=["active", "ended_at", "ended_by", "end_reason"])
    record_event(
        actor,
        EventType.RETENTION_RULE_CHANGED,
        target=override,
        target_ref=str(override.pk),
        fields=["active", "ended_at", "end_reason"],
        reason=f"retention rule {override.rule} override ended",
    )


def end_rule_override(actor: Actor, override: RuleOverride, *, reason: str) -> RuleOverride:
    """End an override: the rule's default period of legal.md section 4 is in force again; audited.

    Going back to the default is always allowed: no default is below its
    statutory period.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change.")})
    with transaction.atomic():
        stored = RuleOverride.objects.select_for_update().get(pk=override.pk)
        if not stored.active:
            raise ValidationError(_("This change is no longer in force."), code="ended")
        _end(actor, stored, reason=reason, now=timezone.now())
    return stored
