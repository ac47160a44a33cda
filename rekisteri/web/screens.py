"""Register screens: list, detail, create and edit pages described by configuration.

A register app describes each of its models once in its ``ui.py`` with
:func:`register_screen`; this module turns the description into views and URLs
that enforce the permission matrix in the view (capability) and in the queryset
(object level), render every value beside its data-map declaration, mask
secrets, and save through the register's service with an audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rekisteri.accounts.roles import Capability, can_see_restricted, has_capability
from rekisteri.audit.models import EventType
from rekisteri.privacy.datamap import FieldSpec, declaration_for
from rekisteri.privacy.vocabulary import Sensitivity

User = AbstractBaseUser | AnonymousUser
QuerysetFn = Callable[[Any], "models.QuerySet[Any]"]
SaveFn = Callable[[Any, Any], models.Model]
Masker = Callable[[str], str]


def mask_all(value: str) -> str:
    return "••••••" if value else ""


def mask_hetu(value: str) -> str:
    """Show a HETU as ``DDMMYY-***X``: date and check mark only."""
    return f"{value[:7]}***{value[-1]}" if len(value) == 11 else mask_all(value)


def mask_iban(value: str) -> str:
    """Show an IBAN as its country code and last four characters."""
    compact = value.replace(" ", "")
    return f"{compact[:2]}•• •••• •••• {compact[-4:]}" if len(compact) > 6 else mask_all(value)


@dataclass
class Screen:
    """How one register model appears in the staff app."""

    slug: str
    model: type[models.Model]
    title: Promise
    view_capability: Capability
    edit_capability: Capability | None = None
    form_class: type[forms.ModelForm] | None = None  # type: ignore[type-arg]
    #: List columns: field names, or properties of the model (label them in column_labels).
    columns: Sequence[str] = ()
    column_labels: dict[str, Promise] = field(default_factory=dict)
    lookup: str = "reference"
    queryset: QuerysetFn | None = None
    save: SaveFn | None = None
    detail_fields: Sequence[str] | None = None
    #: Secret fields shown unmasked to holders of a capability (e.g. HETU to payroll).
    unmask: dict[str, Capability] = field(default_factory=dict)
    #: Secret fields that can be revealed one at a time, audited (e.g. device passwords).
    reveal: dict[str, Capability] = field(default_factory=dict)
    maskers: dict[str, Masker] = field(default_factory=dict)
    #: Extra links shown on the detail page: (label, url name, capability).
    actions: Sequence[tuple[Promise, str, Capability]] = ()
    ordering: Sequence[str] = ("-id",)
    #: The audit event written when a record's detail page is opened.
    view_event: EventType = EventType.RECORD_VIEWED
    list_in_menu: bool = True
    creatable: bool = True
    editable: bool = True

    def visible(self, user: Any) -> models.QuerySet[Any]:
        """Return the records ``user`` may see; none without the view capability."""
        base = self.model._default_manager.all()
        if not has_capability(user, self.view_capability):
            return base.none()
        if self.queryset is not None:
            base = self.queryset(user)
        declaration = declaration_for(self.model)
        if declaration is not None and declaration.subject is not None:
            # Restricted people's records (GDPR Art. 18) are left out for ordinary
            # roles and carry ``subject_is_restricted`` for the badge otherwise.
            flag = (
                "is_restricted"
                if declaration.subject == "self"
                else f"{declaration.subject}__is_restricted"
            )
            base = base.annotate(subject_is_restricted=F(flag))
            if not can_see_restricted(user):
                base = base.exclude(**{flag: True})
        return base.order_by(*self.ordering)

    def can_edit(self, user: User) -> bool:
        return self.edit_capability is not None and has_capability(user, self.edit_capability)

    def display_fields(self) -> list[str]:
        if self.detail_fields is not None:
            return list(self.detail_fields)
        declaration = declaration_for(self.model)
        names = [f.name for f in self.model._meta.concrete_fields]
        if declaration is None:
            return names
        return [n for n in names if n in declaration.fields and n not in {"id"}]

    def masked_value(self, user: User, name: str, value: object) -> tuple[str, bool]:
        """Return (text to show, whether it is masked) for one field of a record."""
        text = "" if value is None else str(value)
        declaration = declaration_for(self.model)
        spec = declaration.fields.get(name) if declaration else None
        secret = isinstance(spec, FieldSpec) and spec.sensitivity is not Sensitivity.ORDINARY
        if not secret or not text:
            return text, False
        if name in self.unmask and has_capability(user, self.unmask[name]):
            return text, False
        masker = self.maskers.get(name, mask_all)
        return masker(text), True


_SCREENS: dict[str, Screen] = {}


def register_screen(screen: Screen) -> Screen:
    """Add a screen; its URLs appear under ``/<slug>/``."""
    if screen.slug in _SCREENS:
        raise ValueError(f"screen {screen.slug!r} registered twice")
    _SCREENS[screen.slug] = screen
    return screen


def screens() -> list[Screen]:
    return list(_SCREENS.values())


def get_screen(slug: str) -> Screen:
    return _SCREENS[slug]


def screen_for_model(model: type[models.Model]) -> Screen | None:
    for screen in _SCREENS.values():
        if screen.model is model:
            return screen
    return None


# --- Menu links and dashboard panels -------------------------------------------------


@dataclass(frozen=True)
class NavLink:
    """A page in the side menu, shown to holders of ``capability``.

    Every link is also a probe of the permission-matrix test: its page must
    answer 200 to holders of the capability and 403 to everyone else.
    """

    label: Promise
    url_name: str
    capability: Capability
    section: str = "privacy"
    order: int = 100


@dataclass(frozen=True)
class DashboardPanel:
    """A block on the dashboard: ``template`` rendered with ``context(request)``."""

    template: str
    capability: Capability
    context: Callable[[Any], dict[str, Any]]
    order: int = 100


#: The side menu's sections after the registers, in order.
MENU_SECTIONS: tuple[tuple[str, Promise], ...] = (
    ("requests", _("Data-subject requests")),
    ("duties", _("Compliance")),
    ("privacy", _("Privacy")),
)

_NAV: dict[str, NavLink] = {}
_PANELS: list[DashboardPanel] = []


def register_nav_link(link: NavLink) -> NavLink:
    """Add a page to the side menu (sections: "registers", "privacy")."""
    _NAV[link.url_name] = link
    return link


def nav_links(section: str | None = None) -> list[NavLink]:
    links = [n for n in _NAV.values() if section is None or n.section == section]
    return sorted(links, key=lambda n: (n.order, str(n.label)))


def register_dashboard_panel(panel: DashboardPanel) -> DashboardPanel:
    """Add a block to the dashboard (e.g. overdue requests, retention due)."""
    _PANELS.append(panel)
    _PANELS.sort(key=lambda p: p.order)
    return panel


def dashboard_panels() -> list[DashboardPanel]:
    return list(_PANELS)
