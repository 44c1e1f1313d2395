"""The project's URLs plus a bare view, so the benchmark compares through the same middleware."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from mysam.urls import urlpatterns as mysam_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest page Django can serve: what every request costs before our view runs."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *mysam_urlpatterns]
