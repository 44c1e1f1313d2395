"""A questionnaire previewed exactly as a respondent sees it (office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
