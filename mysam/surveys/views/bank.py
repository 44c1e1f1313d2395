"""The item bank: questions with fixed wording and scale (office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
