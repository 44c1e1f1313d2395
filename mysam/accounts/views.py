"""Choosing the association to work in, and the notice that admins must turn on MFA."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mysam.accounts.forms import ChooseAssociationForm
from mysam.accounts.selectors import SESSION_KEY, roles_for_user


@login_required
@require_http_methods(["GET", "POST"])
def choose_association(request: HttpRequest) -> HttpResponse:
    roles = roles_for_user(request.user)
    form = ChooseAssociationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["association"]
        request.session[SESSION_KEY] = role.association_id
        messages.success(
            request, _("You are now working in %(name)s.") % {"name": role.association}
        )
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = "core:home"
        return redirect(next_url)
    return render(request, "accounts/choose_association.html", {"form": form, "roles": roles})


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mfa_required.html")
