"""Measurements and their questionnaires: sections, questions, conditions (office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
