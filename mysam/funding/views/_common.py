"""Small helpers shared by the funding views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mysam.accounts.actor import Actor
from mysam.organisation.models import Association


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def association_of(request: HttpRequest) -> Association:
    association = actor_of(request).association
    if association is None:  # the access call has already answered 404
        raise Http404
    return association


def add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the named fields when they exist."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def render_form(
    request: HttpRequest,
    *,
    form: Any,
    title: str,
    breadcrumbs: list[tuple[str, str]],
    cancel_url: str,
    submit_label: str,
    intro: str = "",
    danger: bool = False,
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
    template: str = "funding/form.html",
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": breadcrumbs,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        "intro": intro,
        "danger": danger,
        "multipart": multipart,
        **(extra or {}),
    }
    return render(request, template, context)
