"""The disclosure pages in the staff app: menu links, the recipient register screen
and a dashboard panel.

Capabilities (docs/disclosures.md explains the choices):

- ``disclosures.view``: the disclosure log, the recipient register (read) and the
  list of Art. 19 notification tasks;
- ``disclosures.record``: recording a disclosure;
- ``recipients.edit``: editing the recipient register, the whole processor
  register (read and edit: Art. 28 contracts are the registrar's and the owner's
  business) and completing or creating Art. 19 notification tasks.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability, has_capability
from rekisteri.disclosures.forms import RecipientForm
from rekisteri.disclosures.models import Recipient
from rekisteri.disclosures.queries import list_notifications, processors_needing_attention
from rekisteri.disclosures.services import RECIPIENT_FIELDS, register_recipient, update_recipient
from rekisteri.web.screens import (
    DashboardPanel,
    NavLink,
    Screen,
    register_dashboard_panel,
    register_nav_link,
    register_screen,
)

User = AbstractBaseUser | AnonymousUser


def save_recipient_form(user: User, form: RecipientForm) -> Recipient:
    """Add or update a recipient through the services, so the audit event names the changes."""
    values = {name: form.cleaned_data[name] for name in RECIPIENT_FIELDS}
    if form.instance.pk is None:
        return register_recipient(user, **values)
    # The form has already written the new values onto its instance; compare with
    # the stored row so the audit event names exactly what changed.
    stored = Recipient.objects.get(pk=form.instance.pk)
    return update_recipient(user, stored, changes=values)


register_screen(
    Screen(
        slug="recipients",
        model=Recipient,
        title=_("recipients"),
        view_capability=Capability.DISCLOSURES_VIEW,
        edit_capability=Capability.RECIPIENTS_EDIT,
        form_class=RecipientForm,
        columns=["name", "type", "role", "country", "is_active", "is_example"],
        detail_fields=[
            "name",
            "type",
            "role",
            "business_id",
            "country",
            "contact",
            "notes",
            "is_active",
            "is_example",
            "created_at",
            "updated_at",
        ],
        save=save_recipient_form,
        ordering=("name", "id"),
        list_in_menu=False,
    )
)

register_nav_link(
    NavLink(
        _("Disclosure log"),
        "disclosures:disclosure-list",
        Capability.DISCLOSURES_VIEW,
        section="duties",
        order=40,
    )
)
register_nav_link(
    NavLink(
        _("Record a disclosure"),
        "disclosures:disclosure-create",
        Capability.DISCLOSURES_RECORD,
        section="duties",
        order=41,
    )
)
register_nav_link(
    NavLink(
        _("Recipients"),
        "web:recipients-list",
        Capability.DISCLOSURES_VIEW,
        section="duties",
        order=42,
    )
)
register_nav_link(
    NavLink(
        _("Recipient notifications"),
        "disclosures:notification-list",
        Capability.DISCLOSURES_VIEW,
        section="duties",
        order=43,
    )
)
register_nav_link(
    NavLink(
        _("Processors"),
        "disclosures:processor-list",
        Capability.RECIPIENTS_EDIT,
        section="duties",
        order=44,
    )
)


def _panel_context(request: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "open_notifications": list_notifications().count(),
        "notifications_url": reverse("disclosures:notification-list"),
        "processors": None,
    }
    if has_capability(request.user, Capability.RECIPIENTS_EDIT):
        context["processors"] = len(processors_needing_attention(timezone.localdate()))
        context["processors_url"] = reverse("disclosures:processor-list")
    return context


register_dashboard_panel(
    DashboardPanel(
        "disclosures/_panel.html",
        Capability.DISCLOSURES_VIEW,
        _panel_context,
        order=40,
    )
)
