"""Measurements (office side): item bank, questionnaires, sample, invitations, tracking."""

from django.urls import URLPattern

app_name = "surveys"

urlpatterns: list[URLPattern] = []
