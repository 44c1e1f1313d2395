"""Exports of a questionnaire's answers: raw answers (office only, behind a warning page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.text import slugify

from mysam.accounts.actor import Actor
from mysam.insights.access import get_questionnaire_results_for_user
from mysam.insights.selectors import exports as selectors
from mysam.surveys.access import get_questionnaire_for_user, require_surveys_admin

FORMATS = {
    "csv": ("text/csv; charset=utf-8", selectors.table_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        selectors.table_xlsx,
    ),
    "sav": ("application/x-spss-sav", selectors.table_sav),
}


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


@login_required
def raw_warning(request: HttpRequest, pk: int) -> HttpResponse:
    """What raw data is, and the download links (the office only)."""
    questionnaire = get_questionnaire_for_user(_actor(request), pk)
    require_surveys_admin(_actor(request))
    return render(
        request,
        "insights/exports/raw_warning.html",
        {"questionnaire": questionnaire, "measurement": questionnaire.measurement},
    )


@login_required
def raw_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The raw answers as CSV, Excel or SPSS (the office only)."""
    if fmt not in FORMATS:
        raise Http404
    questionnaire = get_questionnaire_for_user(_actor(request), pk)
    require_surveys_admin(_actor(request))
    content_type, write = FORMATS[fmt]
    content = write(selectors.answer_table(questionnaire))
    response = HttpResponse(content, content_type=content_type)
    name = slugify(f"svar {questionnaire.measurement.name} {questionnaire.title}") or "svar"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


AGGREGATES = {
    "csv": ("text/csv; charset=utf-8", selectors.aggregate_csv),
    "xlsx": (FORMATS["xlsx"][0], selectors.aggregate_xlsx),
}


@login_required
def results_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Aggregated results (counts and shares per item, breakdown and step; small groups
    hidden) for everyone who may read the questionnaire's results."""
    if fmt not in AGGREGATES:
        raise Http404
    questionnaire = get_questionnaire_results_for_user(_actor(request), pk)
    content_type, write = AGGREGATES[fmt]
    response = HttpResponse(
        write(selectors.aggregate_rows(questionnaire)), content_type=content_type
    )
    name = slugify(f"resultat {questionnaire.measurement.name} {questionnaire.title}") or "resultat"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


urlpatterns: list[URLPattern] = [
    path("enkat/<int:pk>/resultat.<str:fmt>", results_download, name="export_results"),
    path("enkat/<int:pk>/radata/", raw_warning, name="export_raw"),
    path("enkat/<int:pk>/radata/<str:fmt>/", raw_download, name="export_raw_download"),
]
