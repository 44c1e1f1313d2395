"""Import of answers collected in another tool, with column and value mapping."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
