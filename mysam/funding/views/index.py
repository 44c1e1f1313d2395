"""The funding overview: applications by status, this year's budget summary, links."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from mysam.funding import access
from mysam.funding.models import ApplicationStatus
from mysam.funding.selectors import applications as application_selectors
from mysam.funding.selectors.overview import funding_summary
from mysam.funding.views._common import actor_of, association_of


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    access.require_reader(actor)
    association = association_of(request)
    year = timezone.localdate().year
    applications = application_selectors.application_list(actor=actor)
    by_status = [
        (value, label, [a for a in applications if a.status == value])
        for value, label in ApplicationStatus.choices
    ]
    return render(
        request,
        "funding/index.html",
        {
            "year": year,
            "by_status": by_status,
            "summary": funding_summary(association=association, year=year)
            if actor.reads_everything
            else None,
            "can_apply": access.can_apply(actor),
            "is_admin": actor.is_admin,
        },
    )


urlpatterns: list[URLPattern] = [path("", index, name="index")]
