"""See views/__init__.py: the versions of a plan, one version read-only, the comparison
of two versions, and the plan as Word and PDF. Everyone who may read a version may use
these; drafts only those who read drafts (access.get_version_for_user)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mysam.documents.pdf import PdfUnavailable
from mysam.plans import access, export
from mysam.plans.selectors import versions as selectors


@login_required
@require_GET
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version of a plan the user may see, with links to view and compare."""
    actor = request.actor  # type: ignore[attr-defined]
    plan = access.get_plan_for_user(actor, pk)
    rows = selectors.version_list(actor=actor, plan=plan)
    return render(request, "plans/versions/list.html", {"plan": plan, "rows": rows})


@login_required
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version read-only, laid out like the plan document."""
    actor = request.actor  # type: ignore[attr-defined]
    version = access.get_version_for_user(actor, pk)
    document = selectors.version_document(version=version)
    previous = selectors.previous_version(actor=actor, version=version)
    return render(
        request,
        "plans/versions/detail.html",
        {"version": version, "plan": version.plan, "document": document, "previous": previous},
    )


@login_required
@require_GET
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The version compared with the previous one, or with ``?med=<version pk>``."""
    actor = request.actor  # type: ignore[attr-defined]
    version = access.get_version_for_user(actor, pk)
    raw = request.GET.get("med", "").strip()
    other_pk = int(raw) if raw.isdigit() else None
    result = selectors.version_comparison(actor=actor, version=version, other_pk=other_pk)
    return render(
        request,
        "plans/versions/compare.html",
        {"version": version, "plan": version.plan, "result": result, "chosen": other_pk},
    )


@login_required
@require_GET
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a Word file."""
    actor = request.actor  # type: ignore[attr-defined]
    version = access.get_version_for_user(actor, pk)
    content = export.plan_docx(selectors.version_document(version=version))
    response = HttpResponse(content, content_type=export.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, export.file_name(version, "docx")
    )
    return response


@login_required
@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a PDF. Without the system's Pango library WeasyPrint cannot run:
    the user is told so (503) instead of seeing a server error."""
    actor = request.actor  # type: ignore[attr-defined]
    version = access.get_version_for_user(actor, pk)
    try:
        content = export.plan_pdf(selectors.version_document(version=version))
    except PdfUnavailable:
        return HttpResponse(
            _("PDF export is not available on this server. Download the Word file instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, export.file_name(version, "pdf")
    )
    return response


urlpatterns: list[URLPattern] = [
    path("<int:pk>/versioner/", version_list, name="version_list"),
    path("versioner/<int:pk>/", version_detail, name="version_detail"),
    path("versioner/<int:pk>/jamfor/", version_compare, name="version_compare"),
    path("versioner/<int:pk>/handlingsplan.docx", plan_docx, name="plan_docx"),
    path("versioner/<int:pk>/handlingsplan.pdf", plan_pdf, name="plan_pdf"),
]
