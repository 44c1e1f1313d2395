"""Cooperation funds: applications, decisions, interventions, budgets and spending."""

from django.urls import URLPattern

app_name = "funding"

urlpatterns: list[URLPattern] = []
