"""The start page, the accessibility statement and a health check."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mysam.organisation import selectors as organisation_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    context: dict[str, object] = {}
    if actor.has_association:
        context["my_groups"] = organisation_selectors.groups_for_actor_member(actor=actor)
        context["counts"] = organisation_selectors.association_counts(actor=actor)
    return render(request, "core/home.html", context)


# The day the accessibility statement was last reviewed; change it with the text.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 11, 23)


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Public (no login): the statement required by lag (2018:1937), see the template.

    It names the association the visitor works in, or a generic "samordningsförbundet"
    for anonymous visitors, and its contact address: the association's contact e-mail, or
    the installation's ``MYSAM_ACCESSIBILITY_CONTACT_EMAIL`` setting as a fallback.
    """
    actor = request.actor  # type: ignore[attr-defined]
    association = actor.association
    contact_email = (association.contact_email if association is not None else "") or getattr(
        settings, "MYSAM_ACCESSIBILITY_CONTACT_EMAIL", ""
    )
    context = {
        "association": association,
        "contact_email": contact_email,
        "statement_date": ACCESSIBILITY_STATEMENT_DATE,
    }
    return render(request, "core/accessibility.html", context)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
