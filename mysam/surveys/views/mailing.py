"""Invitations and reminders sent by a background job, with progress (office)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
