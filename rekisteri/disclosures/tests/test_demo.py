"""The demo disclosures: logged for real register records, about the right people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from rekisteri.demo.loader import DERIVED_APPS, load_demo
from rekisteri.disclosures.models import Disclosure
from rekisteri.privacy.datamap import declaration_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.mark.slow
def test_demo_disclosures_concern_records_of_their_own_person():
    """Slow (about 2 s): it loads every register's demo data, then the loader runs
    ``rekisteri.disclosures.demo.populate`` after them (``DERIVED_APPS``)."""
    assert "disclosures" in DERIVED_APPS
    load_demo(people=30, today=TODAY)

    disclosures = list(Disclosure.objects.all())
    assert len(disclosures) >= 10
    assert len({d.recipient.type for d in disclosures}) >= 3
    for disclosure in disclosures:
        model = apps.get_model(disclosure.record_model)
        declaration = declaration_for(model)
        assert declaration is not None
        record = model._default_manager.get(**{declaration.reference: disclosure.record_ref})
        assert declaration.subject_id(record) == disclosure.person_id
        assert disclosure.disclosed_on < TODAY
        assert disclosure.categories
