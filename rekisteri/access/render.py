"""Render an access letter as HTML and PDF, and the portability bundle as a ZIP.

The letter is one template rendered three ways: as a standalone HTML document
(its stylesheet embedded, so the file reads the same anywhere), as the input of
WeasyPrint for the PDF (DejaVu fonts; WeasyPrint may fetch nothing — no network,
no files), and inside the staff page. The bundle holds JSON and CSV files per
model and a ``manifest.json``; its schema is documented in
docs/portability-schema.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rekisteri.access import texts
from rekisteri.access.formatting import date_formats, format_letter_date
from rekisteri.access.policies import csv_cell
from rekisteri.access.report import AccessData, BundleColumn, BundleFile, JSONValue
from rekisteri.notices import texts as notice_texts

STYLESHEET = Path(__file__).resolve().parent / "static" / "access" / "letter.css"

#: The version of the bundle's layout (docs/portability-schema.md); change it with the docs.
SCHEMA_VERSION = "1.0"
SCHEMA_NAME = "rekisteri-portability"


def letter_context(data: AccessData) -> dict[str, Any]:
    """Return the template context of a letter: the data and its fixed sentences."""
    with translation.override(data.language):
        handlers = (
            ", ".join(data.health_handlers)
            if data.health_handlers
            else str(texts.HEALTH_HANDLER_UNNAMED)
        )
        controller = data.controller
        formats = date_formats(data.language)
        return {
            "data": data,
            "language": data.language,
            "short_date": formats["short"],
            "long_date": formats["long"],
            "document_title": f"{texts.TITLE} — {controller.name}",
            "texts": texts,
            "placeholder": _("[redacted]"),
            "health_note": str(texts.HEALTH_NOTE) % {"handlers": handlers},
            "rights": [(str(title), str(text)) for title, text in texts.RIGHTS],
            "complaint": str(notice_texts.COMPLAINT),
            "automated": str(notice_texts.AUTOMATED),
            "exercise": str(notice_texts.EXERCISE)
            % {
                "address": controller.address,
                "email": controller.email,
                "name": controller.name,
            },
        }


def render_letter(data: AccessData, *, pdf: bool = False) -> str:
    """Return the letter as a standalone HTML document in its language.

    With ``pdf`` the stylesheet is left out (WeasyPrint is given it directly);
    otherwise it is embedded so the saved file needs nothing else.
    """
    context = letter_context(data)
    context["pdf"] = pdf
    context["stylesheet"] = "" if pdf else STYLESHEET.read_text(encoding="utf-8")
    with translation.override(data.language):
        return render_to_string("access/letter_document.html", context)


def html_to_pdf(html: str) -> bytes:
    """Return ``html`` as a PDF, styled by the letter stylesheet, with nothing fetched."""
    from weasyprint import CSS, HTML, URLFetcher

    no_fetching = URLFetcher(allowed_protocols=set())
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=no_fetching)
    result = HTML(string=html, url_fetcher=no_fetching).write_pdf(stylesheets=[stylesheet])
    assert isinstance(result, bytes)
    return result


def letter_pdf(data: AccessData) -> bytes:
    """Return the letter as a PDF document."""
    return html_to_pdf(render_letter(data, pdf=True))


# --- The portability bundle --------------------------------------------------------------


def _file_base(bundle_file: BundleFile) -> str:
    return f"{bundle_file.register}/{bundle_file.model_name}"


def _column_names(bundle_file: BundleFile) -> list[str]:
    names = ["record_reference"]
    if bundle_file.parent_model:
        names.append("parent_reference")
    return names + [c.name for c in bundle_file.columns]


def _fixed_columns(bundle_file: BundleFile) -> list[dict[str, Any]]:
    fixed: list[dict[str, Any]] = [
        {
            "name": "record_reference",
            "label": _("Record reference"),
            "category": None,
            "category_label": None,
            "basis": None,
            "type": "string",
            "choices": {},
        }
    ]
    if bundle_file.parent_model:
        fixed.append(
            {
                "name": "parent_reference",
                "label": _("Reference of the record this belongs to (%(model)s)")
                % {"model": bundle_file.parent_model},
                "category": None,
                "category_label": None,
                "basis": None,
                "type": "string",
                "choices": {},
            }
        )
    return fixed


def _column_entry(column: BundleColumn) -> dict[str, Any]:
    return {
        "name": column.name,
        "label": column.label,
        "category": column.category,
        "category_label": column.category_label,
        "basis": column.basis,
        "type": column.type,
        "choices": column.choices,
    }


def bundle_manifest(data: AccessData, generated_at: dt.datetime) -> dict[str, Any]:
    """Return the manifest: schema version, controller, people and every file with its fields."""
    controller = data.controller
    files: list[dict[str, Any]] = []
    with translation.override(data.language):
        for bundle_file in data.bundle:
            fields = _fixed_columns(bundle_file) + [_column_entry(c) for c in bundle_file.columns]
            for fmt in ("json", "csv"):
                files.append(
                    {
                        "path": f"{_file_base(bundle_file)}.{fmt}",
                        "format": fmt,
                        "register": bundle_file.register,
                        "model": bundle_file.model_label,
                        "title": bundle_file.title,
                        "records": len(bundle_file.rows),
                        "parent_model": bundle_file.parent_model or None,
                        "fields": fields,
                    }
                )
    return {
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at.isoformat(),
        "language": data.language,
        "legal_basis": "GDPR Art. 20(1)",
        "controller": {
            "name": controller.name,
            "business_id": controller.business_id,
            "address": controller.address,
            "email": controller.email,
            "phone": controller.phone,
        },
        "people": data.person_references,
        "request_reference": data.request_ref or None,
        "redactions": data.redaction_count,
        "files": files,
    }


def _csv_text(value: JSONValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return csv_cell(str(value))


def bundle_csv(bundle_file: BundleFile) -> bytes:
    """Return one model's rows as CSV: UTF-8 with a byte-order mark, RFC 4180, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    names = _column_names(bundle_file)
    writer.writerow(names)
    for row in bundle_file.rows:
        writer.writerow([_csv_text(row.get(name)) for name in names])
    return buffer.getvalue().encode("utf-8-sig")


def bundle_json(bundle_file: BundleFile) -> bytes:
    """Return one model's rows as a JSON document."""
    names = _column_names(bundle_file)
    document = {
        "schema_version": SCHEMA_VERSION,
        "register": bundle_file.register,
        "model": bundle_file.model_label,
        "title": bundle_file.title,
        "records": [{name: row.get(name) for name in names} for row in bundle_file.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _readme(data: AccessData, generated_at: dt.datetime) -> bytes:
    with translation.override(data.language):
        text = str(texts.README) % {
            "controller": data.controller.name,
            "placeholder": _("[redacted]"),
            "date": format_letter_date(generated_at),
            "email": data.controller.email,
        }
    return (text + "\n").encode("utf-8")


def bundle_zip(data: AccessData, *, generated_at: dt.datetime) -> bytes:
    """Return the portability bundle: manifest.json, README.txt and per model JSON and CSV."""
    local = timezone.localtime(generated_at) if timezone.is_aware(generated_at) else generated_at
    stamp = (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)
    manifest = bundle_manifest(data, local)
    entries: list[tuple[str, bytes]] = [
        ("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")),
        ("README.txt", _readme(data, local)),
    ]
    for bundle_file in data.bundle:
        base = _file_base(bundle_file)
        entries.append((f"{base}.json", bundle_json(bundle_file)))
        entries.append((f"{base}.csv", bundle_csv(bundle_file)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
