"""Live response rates per party, unit and municipality (office and board)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
