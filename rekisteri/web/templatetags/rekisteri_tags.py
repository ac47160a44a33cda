"""Template tags of the staff app."""

from __future__ import annotations

from typing import Any

from django import template

from rekisteri.accounts.roles import has_capability
from rekisteri.web.screens import MENU_SECTIONS, NavLink, Screen, nav_links, screens

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


@register.simple_tag(takes_context=True)
def menu_sections(context: dict[str, Any]) -> list[tuple[str, list[NavLink]]]:
    """Return (title, links) of each menu section with a link the user may open."""
    sections = []
    for key, title in MENU_SECTIONS:
        links = menu_links(context, key)
        if links:
            sections.append((str(title), links))
    return sections
