"""The measurement report (PDF and Word), generated as a background job."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
