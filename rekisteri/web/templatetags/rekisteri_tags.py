"""Template tags of the staff app."""

from __future__ import annotations

from typing import Any

from django import template

from rekisteri.accounts.roles import has_capability
from rekisteri.web.screens import NavLink, Screen, nav_links, screens

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_screens(context: dict[str, Any]) -> list[Screen]:
    """Return the register screens the current user may open, for the side menu."""
    request = context.get("request")
    if request is None:
        return []
    return [
        s for s in screens() if s.list_in_menu and has_capability(request.user, s.view_capability)
    ]


@register.simple_tag(takes_context=True)
def menu_links(context: dict[str, Any], section: str) -> list[NavLink]:
    """Return the menu links of ``section`` the current user may open."""
    request = context.get("request")
    if request is None:
        return []
    return [n for n in nav_links(section) if has_capability(request.user, n.capability)]
