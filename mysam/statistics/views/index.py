"""The statistics start page: Trisam against the target, and the population measures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from mysam.statistics.selectors import population, trisam
from mysam.statistics.views import actor_of
from mysam.statistics.views.trisam import rate_text


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    overview = trisam.trisam_overview(actor=actor)
    return render(
        request,
        "statistics/index.html",
        {
            "trisam": overview,
            "county_text": rate_text(overview.county.ytd),
            "population": population.population_overview(actor=actor),
            "is_admin": actor.is_admin,
        },
    )


urlpatterns: list[URLPattern] = [path("", index, name="index")]
