"""The consent demo data builds on the registers' demo data and exercises every rule.

The demo loader runs ``rekisteri.consent.demo.populate`` after the registers'
own demo data (``DERIVED_APPS``), so loading the demo is enough.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from rekisteri.consent.models import (
    ConsentRecord,
    ConsentText,
    MarketingBasis,
    MarketingPreference,
    SuppressionEntry,
)
from rekisteri.consent.services import export_marketing_list
from rekisteri.demo.loader import DERIVED_APPS, load_demo

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.mark.slow
def test_the_demo_gives_consents_bases_withdrawals_and_an_objection():
    """Slow (about 2 s): it loads every register's demo data first."""
    assert "consent" in DERIVED_APPS
    load_demo(people=60, today=TODAY)
    assert ConsentText.objects.count() == 3
    assert ConsentRecord.objects.filter(withdrawn_at__isnull=True).exists()
    assert ConsentRecord.objects.filter(withdrawn_at__isnull=False).exists()
    assert MarketingPreference.objects.filter(basis=MarketingBasis.EXISTING_CUSTOMER).exists()
    assert SuppressionEntry.objects.filter(request_ref="DEMO-1").exists()
    assert not ConsentRecord.objects.filter(
        withdrawn_at__gt=dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    ).exists()
    out = io.StringIO()
    plan = export_marketing_list(None, channel="email", today=TODAY, out=out)
    assert plan.rows
    assert "opted_out" in plan.excluded
