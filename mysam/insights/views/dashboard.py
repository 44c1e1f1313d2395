"""Dashboards for the office and the board: every figure links to its detail."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
