"""Import of people and memberships from a spreadsheet, and export of the structure.

The office (association admin) uploads a file, sees a preview of what would happen and
every error, and confirms; the import is all-or-nothing and happens once per upload. The
office and the board download the structure as an Excel workbook. See docs/import.md.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.accounts.actor import Actor
from mysam.organisation import access
from mysam.organisation.transfer import exporting, importing, storage
from mysam.organisation.transfer.columns import COLUMNS, ROLE_LABELS
from mysam.organisation.transfer.forms import ImportUploadForm
from mysam.organisation.transfer.storage import StoredUpload


def _upload_or_404(actor: Actor, request: HttpRequest, token: str) -> StoredUpload:
    upload = storage.upload_load(
        token, user_id=request.user.pk or 0, association_id=actor.association_id or 0
    )
    if upload is None:
        raise Http404
    return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    association = access.require_admin(actor)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = importing.import_upload_store(
                association=association,
                user_id=request.user.pk or 0,
                file=form.cleaned_data["file"],
                max_rows=settings.MYSAM_IMPORT_MAX_ROWS,
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("organisation:import_preview", token=upload.token)
    return render(
        request,
        "organisation/transfer/upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "roles": ", ".join(ROLE_LABELS.values()),
            "max_rows": settings.MYSAM_IMPORT_MAX_ROWS,
        },
    )


def _render_preview(
    request: HttpRequest, upload: StoredUpload, plan: importing.ImportPlan, *, rejected: bool
) -> HttpResponse:
    return render(
        request,
        "organisation/transfer/preview.html",
        {
            "upload": upload,
            "plan": plan,
            "counts": plan.counts(),
            "errors": plan.errors,
            "rejected": rejected,
        },
    )


@login_required
@require_GET
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    association = access.require_admin(actor)
    upload = _upload_or_404(actor, request, token)
    if upload.imported:
        return render(
            request,
            "organisation/transfer/result.html",
            {"upload": upload, **(upload.result or {})},
        )
    plan = importing.import_plan(association=association, upload=upload)
    return _render_preview(request, upload, plan, rejected=False)


@login_required
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    association = access.require_admin(actor)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    upload = _upload_or_404(actor, request, token)
    try:
        importing.people_import(association=association, upload=upload)
    except importing.ImportRejected as exc:
        return _render_preview(request, upload, exc.plan, rejected=True)
    except importing.AlreadySubmitted:
        messages.info(request, _("This file has already been imported."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file has been imported."))
    return redirect("organisation:import_preview", token=token)


@login_required
@require_GET
def export_structure(request: HttpRequest) -> HttpResponse:
    content, file_name = exporting.structure_workbook(actor=request.actor)  # type: ignore[attr-defined]
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


urlpatterns = [
    path("import/", import_upload, name="import_upload"),
    path("import/<str:token>/", import_preview, name="import_preview"),
    path("import/<str:token>/bekrafta/", import_confirm, name="import_confirm"),
    path("export/struktur.xlsx", export_structure, name="export_structure"),
]
