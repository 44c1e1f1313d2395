"""A URL configuration for the error-page tests: one view that fails, and nothing else.

Without ``core:home`` in it, a 500 page that used ``{% url %}`` would fail to render.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("Deliberate failure for the 500 page test.")


urlpatterns = [path("fel/", fail)]
