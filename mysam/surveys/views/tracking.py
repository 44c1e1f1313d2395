"""Live response rates per party, unit and municipality (office and board).

Counts only, never people: no view shows who answered. Rows with fewer invited people than
the association's threshold are shown as "–" (selectors.tracking).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mysam.surveys import access
from mysam.surveys.selectors.tracking import tracking as tracking_selector
from mysam.surveys.views.sample import crumbs


@login_required
@require_GET
def tracking(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = access.get_questionnaire_for_user(request.actor, pk)  # type: ignore[attr-defined]
    data = tracking_selector(
        questionnaire,
        titles={
            "party": _("Per party"),
            "unit": _("Per unit"),
            "municipality": _("Per municipality"),
        },
    )
    return render(
        request,
        "surveys/tracking/tracking.html",
        {
            "questionnaire": questionnaire,
            "measurement": questionnaire.measurement,
            "tracking": data,
            "breadcrumbs": crumbs(questionnaire),
        },
    )


urlpatterns: list[URLPattern] = [
    path("formular/<int:pk>/svarsfrekvens/", tracking, name="tracking"),
]
