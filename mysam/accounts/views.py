"""Choosing the association to work in, the MFA notice, and the office's user administration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.accounts import access, selectors, services
from mysam.accounts.forms import ChooseAssociationForm, RoleChangeForm, RoleGrantForm
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
    """Tells an admin without an authenticator app to set one up; others go home."""
    if not selectors.user_needs_mfa(request.user):
        return redirect("core:home")
    return render(request, "accounts/mfa_required.html")


@login_required
@require_GET
def email_managed_by_office(request: HttpRequest) -> HttpResponse:
    """Replaces allauth's e-mail management: the office keeps users' addresses."""
    return render(request, "accounts/email_managed.html")


# --- User administration (the office) ------------------------------------------------------


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    association = access.require_user_admin(actor)
    roles = selectors.association_roles_for_admin(association=association)
    return render(request, "accounts/user_list.html", {"association": association, "roles": roles})


@login_required
@require_http_methods(["GET", "POST"])
def role_grant(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    association = access.require_user_admin(actor)
    people = selectors.people_without_account(association=association)
    form = RoleGrantForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            role = services.association_role_grant(
                association=association,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                person=form.cleaned_data["person"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(email)s now has access as %(role)s. An e-mail has been sent to them.")
                % {"email": role.user.email, "role": role.get_role_display()},
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/role_grant.html", {"form": form, "association": association})


@login_required
@require_http_methods(["GET", "POST"])
def role_change(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    role = access.get_association_role_for_user(actor, pk)
    form = RoleChangeForm(request.POST or None, initial={"role": role.role})
    if request.method == "POST" and form.is_valid():
        try:
            role = services.association_role_change(role=role, new_role=form.cleaned_data["role"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(user)s is now %(role)s.")
                % {"user": role.user, "role": role.get_role_display()},
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/role_change.html", {"form": form, "role": role})


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    role = access.get_association_role_for_user(actor, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.association_role_revoke(role=role)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("%(user)s no longer has access to %(association)s.")
                % {"user": role.user, "association": role.association},
            )
            return redirect("accounts:user_list")
    return render(request, "accounts/role_revoke.html", {"role": role, "errors": errors})
