"""Answer exports: CSV, Excel and SPSS; aggregated exports respect suppression."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
