"""Services of the notices app: the controller's details and notice versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import translation

from rekisteri.audit.models import AuditEvent, EventType
from rekisteri.notices.defaults import DEFAULT_CONTROLLER
from rekisteri.notices.documents import build_notice, content_version
from rekisteri.notices.models import Audience, ControllerSettings, NoticeVersion
from rekisteri.notices.queries import get_controller_settings, health_data_handlers
from rekisteri.notices.services import (
    NoticeError,
    ensure_controller_settings,
    publish_notice,
    update_controller_settings,
)
from rekisteri.notices.tests.helpers import inputs

pytestmark = pytest.mark.django_db


def test_the_controller_is_pre_filled_from_the_published_notice():
    controller = ControllerSettings.objects.get()

    assert controller.name == "iLaakso IT Oy"
    assert controller.business_id == "2622560-3"
    assert controller.street_address == "Vapaaherrantie 2"
    assert (controller.postal_code, controller.city) == ("40100", "Jyväskylä")
    assert controller.phone == "010 5013490"
    assert controller.email == "myynti@ilaakso.fi"
    assert controller.contact_person == "Marko Laaksonen"
    assert controller.website_list == ["www.ilaakso.fi", "verkkokauppa.ilaakso.fi"]


def test_pre_filling_again_keeps_the_administrator_s_changes():
    ControllerSettings.objects.update(phone="010 1234567")

    ensure_controller_settings()

    assert ControllerSettings.objects.get().phone == "010 1234567"
    assert ControllerSettings.objects.count() == 1


def test_pre_filling_an_empty_table_writes_no_event_but_a_later_update_does(administrator):
    """Seeding is installation, like the migration's; every later change is audited."""
    ControllerSettings.objects.all().delete()
    before = AuditEvent.objects.count()

    controller = ensure_controller_settings()

    assert ControllerSettings.objects.get().name == DEFAULT_CONTROLLER["name"]
    assert AuditEvent.objects.count() == before

    update_controller_settings(
        administrator, controller, changes={"contact_person": "Maija Meikäläinen"}
    )

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert event.type == EventType.CONTROLLER_UPDATED
    assert event.target_ref == "controller"
    assert event.actor_id == administrator.pk
    assert event.fields == ["contact_person"]
    assert "Maija" not in event.reason


def test_without_a_row_the_defaults_are_read_without_writing():
    ControllerSettings.objects.all().delete()

    controller = get_controller_settings()

    assert controller.name == "iLaakso IT Oy"
    assert ControllerSettings.objects.count() == 0


def test_updating_the_controller_records_the_changed_field_names(administrator):
    controller = ControllerSettings.objects.get()

    update_controller_settings(
        administrator,
        controller,
        changes={"phone": "010 1234567", "email": "tietosuoja@example.fi", "name": "iLaakso IT Oy"},
    )

    stored = ControllerSettings.objects.get()
    assert (stored.phone, stored.email) == ("010 1234567", "tietosuoja@example.fi")
    event = AuditEvent.objects.get(type=EventType.CONTROLLER_UPDATED)
    assert event.actor_id == administrator.pk
    assert event.fields == ["email", "phone"]
    assert "010 1234567" not in str(event.reason)


def test_an_unchanged_update_writes_nothing(administrator):
    controller = ControllerSettings.objects.get()

    update_controller_settings(administrator, controller, changes={"phone": controller.phone})

    assert not AuditEvent.objects.filter(type=EventType.CONTROLLER_UPDATED).exists()


def test_an_invalid_business_id_is_refused(administrator):
    controller = ControllerSettings.objects.get()

    with translation.override("en"), pytest.raises(NoticeError, match="valid business ID"):
        update_controller_settings(administrator, controller, changes={"business_id": "2622560-4"})

    assert ControllerSettings.objects.get().business_id == "2622560-3"


def test_an_unknown_field_is_refused(administrator):
    with pytest.raises(NoticeError):
        update_controller_settings(
            administrator, ControllerSettings.objects.get(), changes={"id": "2"}
        )


def test_a_new_version_is_recorded_once_with_its_first_day(clerk):
    notice = build_notice(Audience.CUSTOMERS, inputs(), "fi")

    first = publish_notice(clerk, notice, today=dt.date(2026, 3, 2))
    again = publish_notice(None, notice, today=dt.date(2026, 4, 1))

    assert first.version == again.version == content_version(notice)
    assert first.valid_from == again.valid_from == dt.date(2026, 3, 2)
    assert NoticeVersion.objects.count() == 1
    event = AuditEvent.objects.get(
        type=EventType.NOTICE_PUBLISHED, target_model="notices.NoticeVersion"
    )
    assert event.actor_id == clerk.pk
    assert event.target_ref == f"customers-fi-{first.version}"


def test_changed_content_is_a_new_version_with_a_new_date():
    notice = build_notice(Audience.CUSTOMERS, inputs(), "fi")
    changed = dataclasses.replace(notice, intro=notice.intro + " Muutettu.")

    old = publish_notice(None, notice, today=dt.date(2026, 3, 2))
    new = publish_notice(None, changed, today=dt.date(2026, 5, 4))

    assert old.version != new.version
    assert new.valid_from == dt.date(2026, 5, 4)
    assert NoticeVersion.objects.count() == 2


def test_the_named_health_data_handlers_are_the_active_holders_of_the_role(
    health_handler, hr, make_user
):
    health_handler.first_name, health_handler.last_name = "Helmi", "Hoitaja"
    health_handler.save()
    gone = make_user("gone")
    gone.groups.set(health_handler.groups.all())
    gone.is_active = False
    gone.save()

    assert health_data_handlers() == ["Helmi Hoitaja"]
