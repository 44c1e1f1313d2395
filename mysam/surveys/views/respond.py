"""Answering: personal single-use links and the open link; no account needed."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
