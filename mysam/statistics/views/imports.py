"""Importing Trisam or population figures: upload, preview with every row's errors, confirm
(all-or-nothing, once per upload). The office only. See docs/statistics-import.md."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mysam.organisation.transfer import storage
from mysam.organisation.transfer.storage import StoredUpload
from mysam.statistics import access
from mysam.statistics.forms import ImportUploadForm
from mysam.statistics.services import imports as services
from mysam.statistics.views import actor_of


def _kind(kind: str) -> str:
    if kind not in services.KINDS:
        raise Http404
    return kind


def _upload(request: HttpRequest, kind: str, token: str) -> StoredUpload:
    actor = actor_of(request)
    upload = storage.upload_load(
        token, user_id=request.user.pk or 0, association_id=actor.association_id or 0
    )
    if upload is None or services.kind_of(upload=upload) != kind:
        raise Http404
    return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    association = access.require_statistics_admin(actor_of(request))
    kind = _kind(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.statistics_import_store(
                association=association,
                user_id=request.user.pk or 0,
                kind=kind,
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("statistics:import_preview", kind=kind, token=upload.token)
    return render(
        request,
        "statistics/imports/upload.html",
        {"form": form, "kind": kind, "headers": services.HEADERS[kind]},
    )


def _preview(
    request: HttpRequest, upload: StoredUpload, plan: services.ImportPlan, *, rejected: bool
) -> HttpResponse:
    return render(
        request,
        "statistics/imports/preview.html",
        {
            "upload": upload,
            "plan": plan,
            "kind": plan.kind,
            "columns": list(services.HEADERS[plan.kind]),
            "counts": plan.counts(),
            "rejected": rejected,
        },
    )


@login_required
@require_GET
def import_preview(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    association = access.require_statistics_admin(actor_of(request))
    upload = _upload(request, _kind(kind), token)
    if upload.imported:
        return render(
            request, "statistics/imports/result.html", {"kind": kind, "result": upload.result}
        )
    plan = services.statistics_import_plan(association=association, upload=upload)
    return _preview(request, upload, plan, rejected=False)


@login_required
@require_POST
def import_confirm(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    association = access.require_statistics_admin(actor_of(request))
    upload = _upload(request, _kind(kind), token)
    try:
        services.statistics_import_apply(association=association, upload=upload)
    except services.ImportRejected as rejected:
        return _preview(request, upload, rejected.plan, rejected=True)
    except services.AlreadySubmitted:
        messages.info(request, _("This file has already been imported."))
    else:
        messages.success(request, _("The file has been imported."))
    return redirect("statistics:import_preview", kind=kind, token=token)


urlpatterns: list[URLPattern] = [
    path("import/<slug:kind>/", import_upload, name="import_upload"),
    path("import/<slug:kind>/<str:token>/", import_preview, name="import_preview"),
    path("import/<slug:kind>/<str:token>/bekrafta/", import_confirm, name="import_confirm"),
]
