"""Views of the statistics pages, one module per area."""

from __future__ import annotations

from django.http import HttpRequest

from mysam.accounts.actor import Actor


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def year_param(request: HttpRequest) -> int | None:
    """The ?year= of the request when it is a plausible year; otherwise None."""
    text = request.GET.get("year", "")
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return None
