"""The API (under /api/v1/) and the office's token pages (under /api/nycklar/)."""

from django.urls import URLPattern, URLResolver, include, path

from mysam.api.views import tokens
from mysam.api.views.v1 import api

app_name = "api"

# api.urls is (patterns, app name, namespace); the patterns join this app's "api" namespace.
urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", include(api.urls[0])),
    path("nycklar/", tokens.token_list, name="token_list"),
    path("nycklar/<int:pk>/aterkalla/", tokens.token_revoke, name="token_revoke"),
]
