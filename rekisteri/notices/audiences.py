"""Which registers each privacy notice covers (legal.md §0 gap 7, §5).

Customers, applicants and staff get separate notices. The mapping is keyed by
the ``register`` a declaration names, so the notices never import a register:
a new register is added here once, and a test fails until it is (or until it
is listed as covered by no notice, with the reason).
"""

from __future__ import annotations

from typing import Final

from rekisteri.notices.models import Audience
from rekisteri.privacy.datamap import ModelDeclaration, declarations

#: The registers each notice describes.
AUDIENCE_REGISTERS: Final[dict[Audience, tuple[str, ...]]] = {
    Audience.CUSTOMERS: ("customers", "sales", "webshop", "service", "consent", "api"),
    Audience.APPLICANTS: ("recruiting",),
    Audience.STAFF: ("staff",),
}

#: Registers about anyone, whatever their relationship with us, that serve the
#: other registers (the person index behind every record): a notice describes
#: them only for the purposes its own registers have, and they are kept as long
#: as that other data.
SHARED_REGISTERS: Final[tuple[str, ...]] = ("subjects",)

#: Registers of the privacy engine's duties that concern everyone (the
#: disclosure log, data-subject requests, breaches): every notice describes them.
COMMON_REGISTERS: Final[tuple[str, ...]] = (
    "disclosures",
    "dsr",
    "intake",
    "erasure",
    "breaches",
    "throttle",
    "imports",
)

#: Registers covered by no notice, and why.
NOT_IN_NOTICES: Final[dict[str, str]] = {
    "notices": "the controller's own details and notice versions; no data about customers, "
    "applicants or staff beyond the contact person named in the notices",
    "retention": "logs of the retention sweep: counts per rule, no personal data",
}


def registers_of(audience: Audience) -> tuple[str, ...]:
    """Return the registers a notice covers: its own first, then the shared and common ones."""
    own = AUDIENCE_REGISTERS[audience]
    return own + tuple(r for r in (*SHARED_REGISTERS, *COMMON_REGISTERS) if r not in own)


def audiences_of(register: str) -> list[Audience]:
    """Return the audiences whose notice covers ``register`` (all of them for shared ones)."""
    if register in SHARED_REGISTERS or register in COMMON_REGISTERS:
        return list(Audience)
    return [a for a, registers in AUDIENCE_REGISTERS.items() if register in registers]


def declarations_for(audience: Audience) -> list[ModelDeclaration]:
    """Return the declarations of the registers a notice covers, own registers first."""
    order = {register: i for i, register in enumerate(registers_of(audience))}
    found = [d for d in declarations() if d.register in order]
    return sorted(found, key=lambda d: (order[d.register], d.model.__name__))


def is_shared(audience: Audience, register: str) -> bool:
    """Return whether ``register`` is in the notice only as a shared register."""
    return register in SHARED_REGISTERS and register not in AUDIENCE_REGISTERS[audience]


def unmapped_registers() -> set[str]:
    """Return declared registers that no notice covers and that are not excused."""
    known = set(SHARED_REGISTERS) | set(COMMON_REGISTERS) | set(NOT_IN_NOTICES)
    for registers in AUDIENCE_REGISTERS.values():
        known |= set(registers)
    return {d.register for d in declarations()} - known
