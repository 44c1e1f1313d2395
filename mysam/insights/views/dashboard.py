"""Dashboards for the office and the board: every figure links to its detail.

Conveners and members get 403: the dashboard adds up the whole association; a group's own
figures are on the group's plan, meeting and statistics pages (docs/decisions.md).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from mysam.insights.selectors import dashboard as selectors


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard_overview(actor=request.actor)  # type: ignore[attr-defined]
    return render(request, "insights/dashboard/dashboard.html", {"data": data})


urlpatterns: list[URLPattern] = [path("oversikt/", dashboard, name="dashboard")]
