"""Results per item, breakdowns and two-way tables of a measurement."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
