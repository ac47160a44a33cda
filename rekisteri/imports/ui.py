"""The import page's place in the staff app's menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability
from rekisteri.web.screens import NavLink, register_nav_link

register_nav_link(
    NavLink(
        _("Import registers"), "imports:upload", Capability.IMPORTS_RUN, section="duties", order=90
    )
)
