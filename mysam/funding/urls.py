"""Cooperation funds: applications, decisions, interventions, budgets and spending."""

from django.urls import URLPattern

from mysam.funding.views import applications, budgets, index, interventions

app_name = "funding"

urlpatterns: list[URLPattern] = [
    *index.urlpatterns,
    *applications.urlpatterns,
    *interventions.urlpatterns,
    *budgets.urlpatterns,
]
