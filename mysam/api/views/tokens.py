"""The office's pages for API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mysam.api import access, services
from mysam.api.forms import ApiTokenForm
from mysam.api.selectors.tokens import tokens_for_association
from mysam.organisation import services as org_services
from mysam.organisation.forms import TOKEN_FIELD


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    association = access.require_admin(request.actor)  # type: ignore[attr-defined]
    secret = None
    created = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            created, secret = org_services.form_submission_once(
                token=form.cleaned_data[TOKEN_FIELD],
                write=lambda: services.api_token_create(
                    association=association, created_by=request.user, **data
                ),
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect("api:token_list")
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            form = ApiTokenForm()
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "tokens": tokens_for_association(association_id=association.pk),
            "created": created,
            "secret": secret,
            "api_url": request.build_absolute_uri(reverse("api:openapi-json")).removesuffix(
                "openapi.json"
            ),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = access.get_token_for_admin(request.actor, pk)  # type: ignore[attr-defined]
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api:token_list")
