"""Render docs/data-map.md from the declarations (a test fails when the file is stale)."""

from __future__ import annotations

from django.utils import translation

from rekisteri.privacy.datamap import FieldSpec, declarations
from rekisteri.privacy.retention import RULES, TRIGGER_LABELS


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_datamap_markdown() -> str:
    """Return the data map as Markdown, in English, ordered by register and model."""
    with translation.override("en"):
        lines = [
            "# Data map",
            "",
            "Generated from the registers' `privacy.py` declarations by `rekisteri render_docs`.",
            "Do not edit by hand: `tests/test_datamap.py` fails when this page is stale.",
            "",
            "Retention rules marked *(proposal)* have no statute behind their exact period",
            "(legal.md section 4, marked [P]); they are business decisions to confirm.",
            "",
        ]
        register = None
        for declaration in declarations():
            if declaration.register != register:
                register = declaration.register
                lines += [f"## Register: {register}", ""]
            subject = declaration.subject or "—"
            lines += [
                f"### {declaration.model.__name__} (`{declaration.label}`)",
                "",
                f"Subject path: `{subject}`. Not personal: "
                + ", ".join(
                    f"`{name}`"
                    for name, spec in declaration.fields.items()
                    if not isinstance(spec, FieldSpec)
                ),
                "",
                "| Field | Category | Purposes | Lawful basis | Source | Retention | Erasure "
                "| Portable | Sensitivity | Indexed |",
                "|---|---|---|---|---|---|---|---|---|---|",
            ]
            for spec in declaration.personal_fields():
                rule = spec.rule
                retention = f"{rule.title}" + (" *(proposal)*" if rule.status == "proposal" else "")
                if spec.retention_from:
                    retention += ", from " + " or ".join(f"`{p}`" for p in spec.retention_from)
                erasure = str(spec.erasure.label)
                if spec.hold_statute:
                    erasure += f" ({spec.hold_statute})"
                indexed = ", ".join(
                    filter(
                        None,
                        [
                            spec.identifier.value if spec.identifier else "",
                            "free text" if spec.free_text else "",
                        ],
                    )
                )
                lines.append(
                    "| "
                    + " | ".join(
                        _cell(x)
                        for x in (
                            f"`{spec.name}`",
                            spec.category.label,
                            "; ".join(str(p.label) for p in spec.purposes),
                            spec.basis.label,
                            spec.source.label,
                            retention,
                            erasure,
                            "yes" if spec.portable else "no",
                            spec.sensitivity.label,
                            indexed or "—",
                        )
                    )
                    + " |"
                )
            lines.append("")
        lines += [
            "## Retention rules",
            "",
            "| Code | Rule | Period | Clock starts at | Basis | Source | Early erasure | Status "
            "| legal.md §4 row |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for rule in RULES.values():
            period = " ".join(
                filter(
                    None,
                    [
                        f"{rule.months} months" if rule.months else "",
                        f"{rule.days} day{'s' if rule.days != 1 else ''}" if rule.days else "",
                    ],
                )
            )
            lines.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        f"`{rule.code}`",
                        rule.title,
                        period,
                        TRIGGER_LABELS[rule.trigger],
                        rule.basis,
                        rule.statute,
                        rule.early_erasure.value,
                        rule.status.value,
                        rule.legal_row,
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)
