"""Trisam and population statistics, mounted at /statistik/."""

from django.urls import URLPattern

from mysam.statistics.views import imports, index, population, trisam

app_name = "statistics"

urlpatterns: list[URLPattern] = [
    *index.urlpatterns,
    *trisam.urlpatterns,
    *population.urlpatterns,
    *imports.urlpatterns,
]
