"""Survey results, comparisons, the measurement report and dashboards."""

from django.urls import URLPattern

app_name = "insights"

urlpatterns: list[URLPattern] = []
