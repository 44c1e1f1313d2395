"""The sample: respondent lists imported or taken from the groups, exclusions (office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
