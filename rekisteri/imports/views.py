"""Staff pages of imports: upload, preview, commit or cancel (administrator only)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rekisteri.accounts.decorators import require
from rekisteri.accounts.roles import Capability
from rekisteri.imports.forms import UploadForm
from rekisteri.imports.models import ImportBatch
from rekisteri.imports.parsing import FileRejected
from rekisteri.imports.registers import ADAPTERS
from rekisteri.imports.services import (
    RejectsWriter,
    batch_result,
    cancel_batch,
    commit_batch,
    purge_expired_batches,
    run_import,
    stage_upload,
)
from rekisteri.imports.storage import read_staged


def _batch(reference: str) -> ImportBatch:
    return get_object_or_404(ImportBatch, reference=reference)


@require(Capability.IMPORTS_RUN)
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a file; it is checked by a dry run and kept encrypted until reviewed."""
    purge_expired_batches(request.user, timezone.localdate())
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = stage_upload(
                    request.user,
                    register=form.cleaned_data["register"],
                    data=form.cleaned_data["file"],
                    original_name=form.original_name,
                )
            except FileRejected as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("imports:preview", reference=batch.reference)
        status = 400
    staged = [
        (batch, ADAPTERS[batch.register].label if batch.register in ADAPTERS else batch.register)
        for batch in ImportBatch.objects.all()[:50]
    ]
    return render(request, "imports/upload.html", {"form": form, "staged": staged}, status=status)


@require(Capability.IMPORTS_RUN)
def preview(request: HttpRequest, reference: str) -> HttpResponse:
    """The dry run's result: counts, the first rows as stored, rejects, likely duplicates."""
    batch = _batch(reference)
    result = batch_result(batch)
    return render(
        request,
        "imports/preview.html",
        {
            "batch": batch,
            "result": result,
            "register_label": ADAPTERS[batch.register].label,
            "preview_columns": list(result.preview[0]) if result.preview else [],
            "counts": [
                (_("rows read"), result.rows_read),
                (_("people matched"), result.people_matched),
                (_("people created"), result.people_created),
                (_("records created"), result.records_created),
                (_("already imported"), result.already_imported),
                (_("likely duplicates"), result.likely_duplicates),
                (_("rejected"), result.rejected),
            ],
        },
    )


@require(Capability.IMPORTS_RUN)
@require_POST
def commit(request: HttpRequest, reference: str) -> HttpResponse:
    batch = _batch(reference)
    if batch_result(batch).rejected:
        messages.error(request, _("Fix the rejected rows and upload the file again."))
        return redirect("imports:preview", reference=batch.reference)
    result = commit_batch(request.user, batch)
    if not result.applied:
        messages.error(
            request,
            _(
                "The registers changed since the preview and rows are now rejected; nothing was "
                "imported. Review the new preview."
            ),
        )
        return redirect("imports:preview", reference=batch.reference)
    messages.success(
        request,
        _(
            "Imported: %(records)s records, %(created)s new people, %(matched)s matched, "
            "%(already)s already imported, %(duplicates)s likely duplicates to review."
        )
        % {
            "records": result.records_created,
            "created": result.people_created,
            "matched": result.people_matched,
            "already": result.already_imported,
            "duplicates": result.likely_duplicates,
        },
    )
    return redirect("imports:upload")


@require(Capability.IMPORTS_RUN)
@require_POST
def cancel(request: HttpRequest, reference: str) -> HttpResponse:
    cancel_batch(request.user, _batch(reference))
    messages.info(request, _("The file was discarded; nothing was imported."))
    return redirect("imports:upload")


@require(Capability.IMPORTS_RUN)
def rejects(request: HttpRequest, reference: str) -> HttpResponse:
    """The rejected rows with their reasons and original values, as CSV (an attachment)."""
    batch = _batch(reference)
    buffer = io.StringIO()
    writer = RejectsWriter(buffer, ADAPTERS[batch.register].columns)
    run_import(
        request.user,
        io.BytesIO(read_staged(batch.stored_name)),
        register=batch.register,
        file_format=batch.file_format,
        dry_run=True,
        rejects=writer,
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejects-{batch.reference}.csv"'
    response["Cache-Control"] = "no-store"
    return response
