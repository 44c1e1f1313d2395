"""Comparisons: two groups, managers against staff, two measurements."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
