"""The start page, the accessibility statement and a health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mysam.organisation import selectors as organisation_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    context = {}
    if actor.has_association:
        context["my_groups"] = organisation_selectors.groups_for_actor_member(actor=actor)
        context["counts"] = organisation_selectors.association_counts(actor=actor)
    return render(request, "core/home.html", context)


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
