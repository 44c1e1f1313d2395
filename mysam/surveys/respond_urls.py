"""Public answering pages: a respondent needs no account, only the link."""

from django.urls import URLPattern

app_name = "respond"

urlpatterns: list[URLPattern] = []
