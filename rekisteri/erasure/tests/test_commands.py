"""The command line: ``rekisteri erase`` prints or executes, with readable text or JSON."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rekisteri.erasure.models import ErasurePlan, PlanStatus
from rekisteri.erasure.tests.records import CANARY_SURNAME, canary_world
from rekisteri.registers.webshop.models import Order

pytestmark = pytest.mark.django_db


def test_erase_prints_the_plan_and_changes_nothing():
    world = canary_world()
    out = StringIO()
    call_command("erase", world.person.reference, stdout=out)
    text = out.getvalue()
    assert f"Erasure plan for {world.person.reference}" in text
    assert "sales.Voucher" in text
    assert "Kirjanpitolaki" in text
    assert "webshop.Order" in text
    assert "delete" in text
    assert "Nothing was changed" in text
    assert CANARY_SURNAME not in text
    assert Order.objects.exists()
    assert not ErasurePlan.objects.exists()


def test_erase_prints_json():
    world = canary_world()
    out = StringIO()
    call_command("erase", world.person.reference, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["executed"] is False
    assert data["plan"] is None
    assert data["summary"]["held"] == 3
    voucher = next(i for i in data["items"] if i["model"] == "sales.Voucher" and not i["field"])
    assert voucher["action"] == "hold"
    assert voucher["ground"] == "legal_obligation"
    assert voucher["hold_until"]


def test_erase_execute_erases_in_one_go(registrar):
    world = canary_world()
    out = StringIO()
    call_command(
        "erase",
        world.person.reference,
        "--execute",
        "--request",
        "PR-CLI00002",
        "--actor",
        "registrar",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    plan = ErasurePlan.objects.get(reference=data["plan"])
    assert plan.status == PlanStatus.EXECUTED
    assert plan.executed_by == registrar
    assert plan.request_ref == "PR-CLI00002"
    assert not Order.objects.exists()


def test_erase_refuses_an_unknown_person_and_an_actor_without_the_right(clerk):
    with pytest.raises(CommandError, match="no person"):
        call_command("erase", "H-NOSUCH00")
    world = canary_world()
    with pytest.raises(CommandError, match="may not"):
        call_command("erase", world.person.reference, "--execute", "--actor", "clerk")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("erase", world.person.reference, "--today", "tomorrow")
    assert Order.objects.exists()


def test_reapply_erasures_has_both_spellings():
    for name in ("reapply_erasures", "reapply-erasures"):
        out = StringIO()
        call_command(name, "--json", stdout=out)
        assert json.loads(out.getvalue())["entries"] == 0
