"""The measurement report (PDF and Word), generated as a background job."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mysam.accounts.actor import Actor
from mysam.insights.forms.report import ReportTextsForm
from mysam.insights.selectors import report as selectors
from mysam.insights.services import report as services
from mysam.plans.richtext import html_to_markup

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report page: the texts, the button that makes the report, the files made."""
    actor = _actor(request)
    measurement = selectors.get_report_measurement_for_user(actor, pk)
    jobs = list(selectors.report_jobs(measurement, actor=actor))
    return render(
        request,
        "insights/report/report.html",
        {
            "measurement": measurement,
            "jobs": jobs,
            "active": next((job for job in jobs if job.is_active), None),
            "can_generate": selectors.may_generate(actor),
            "can_edit": actor.is_admin,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def texts(request: HttpRequest, pk: int) -> HttpResponse:
    """The office writes the report's introduction and discussion."""
    measurement = selectors.get_report_measurement_for_user(_actor(request), pk, write=True)
    if request.method == "POST":
        form = ReportTextsForm(request.POST)
        if form.is_valid():
            try:
                services.measurement_report_texts_update(
                    measurement=measurement, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The report's texts were saved."))
                return redirect("insights:report", pk=measurement.pk)
    else:
        form = ReportTextsForm(
            initial={
                "introduction": html_to_markup(measurement.introduction),
                "discussion": html_to_markup(measurement.discussion),
            }
        )
    return render(request, "insights/report/texts.html", {"measurement": measurement, "form": form})


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start making the report; a second click while one is under way shows that one."""
    actor = _actor(request)
    measurement = selectors.get_report_measurement_for_user(actor, pk)
    selectors.require_generate(actor)
    job = services.report_job_start(measurement=measurement, user=request.user)
    return redirect("insights:report_job", pk=job.pk)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress (the page polls its own fragment while the job runs)."""
    found = selectors.get_report_job_for_user(_actor(request), pk)
    template = (
        "insights/report/_job.html"
        if request.headers.get("HX-Request")
        else "insights/report/job.html"
    )
    return render(request, template, {"job": found, "measurement": found.measurement})


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The finished report as PDF or Word."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    found = selectors.get_report_job_for_user(_actor(request), pk)
    stored = found.pdf if fmt == "pdf" else found.docx
    if not stored:
        raise Http404
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=services.report_file_name(job=found, extension=fmt),
        content_type=CONTENT_TYPES[fmt],
    )


urlpatterns: list[URLPattern] = [
    path("matning/<int:pk>/rapport/", report, name="report"),
    path("matning/<int:pk>/rapport/texter/", texts, name="report_texts"),
    path("matning/<int:pk>/rapport/skapa/", start, name="report_start"),
    path("rapport/<int:pk>/", job, name="report_job"),
    path("rapport/<int:pk>/<str:fmt>/", download, name="report_file"),
]
