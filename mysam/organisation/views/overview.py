"""The county's structure, group pages and the representation check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from mysam.organisation import access


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    access.require_reader(request.actor)  # type: ignore[attr-defined]
    return render(request, "organisation/overview.html", {})


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.get_group_for_user(request.actor, pk)  # type: ignore[attr-defined]
    return render(request, "organisation/group_detail.html", {"group": group})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.actor, pk)  # type: ignore[attr-defined]
    return render(request, "organisation/person_detail.html", {"person": person})


urlpatterns = [
    path("", overview, name="overview"),
    path("grupper/<int:pk>/", group_detail, name="group_detail"),
    path("personer/<int:pk>/", person_detail, name="person_detail"),
]
