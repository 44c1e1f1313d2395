"""The item bank: questions with fixed wording and scale (office; the board reads).

Every view starts with an access call (mysam.surveys.access): 404 for another
association's items, 403 for what the actor may see but not change. A locked item's
wording is shown read-only; "New wording" makes a new item that replaces it.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.accounts.actor import Actor
from mysam.organisation import services as org_services
from mysam.surveys import access
from mysam.surveys.forms import bank as forms
from mysam.surveys.selectors import bank as selectors
from mysam.surveys.services import bank as services

GET_POST = require_http_methods(["GET", "POST"])


def actor_of(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


def posted(request: HttpRequest) -> Any:
    """The POST data for a bound form (also when empty, e.g. a confirmation), else None."""
    return request.POST if request.method == "POST" else None


def add_errors(form: django_forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        form.add_error(None, error)


ALREADY_SAVED = "This form had already been saved; it was not saved again."


@login_required
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    """The bank, filtered by answer type, source and state (?kind=&source=&state=)."""
    actor = actor_of(request)
    association = access.require_surveys_reader(actor)
    sources = selectors.item_sources(association=association)
    filter_form = forms.ItemFilterForm(request.GET or None, sources=sources)
    context = selectors.item_list(association=association, **filter_form.filters())
    context.update(filter_form=filter_form, can_write=actor.is_admin)
    return render(request, "surveys/bank/list.html", context)


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("submit_label", _("Save"))
    return render(request, "surveys/bank/form.html", context)


@login_required
@GET_POST
def item_create(request: HttpRequest) -> HttpResponse:
    """Add an item to the bank."""
    association = access.require_surveys_admin(actor_of(request))
    form = forms.ItemForm(posted(request), token=True, initial={"has_comment": True})
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            org_services.form_submission_once(
                token=form.token,
                write=lambda: services.item_create(association=association, **data),
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _(ALREADY_SAVED))
            return redirect("surveys:item_list")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is in the bank."))
            return redirect("surveys:item_list")
    return _form_page(
        request,
        form=form,
        title=_("New question in the bank"),
        cancel_url=reverse("surveys:item_list"),
    )


@login_required
@GET_POST
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item; a locked item's code, wording and scale are read-only."""
    item = access.get_item_for_user(actor_of(request), pk, write=True)
    form = forms.ItemForm(
        posted(request), initial=forms.ItemForm.initial_for(item), locked=item.is_locked
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, **form.data_for_service)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect("surveys:item_list")
    context = selectors.item_detail(item=item)
    return _form_page(
        request,
        form=form,
        item=item,
        title=_("Change the item"),
        cancel_url=reverse("surveys:item_list"),
        **context,
    )


@login_required
@GET_POST
def item_replace(request: HttpRequest, pk: int) -> HttpResponse:
    """ "New wording": a new item, prefilled from the old one, that replaces it."""
    item = access.get_item_for_user(actor_of(request), pk, write=True)
    initial = forms.ItemForm.initial_for(item)
    initial["code"] = f"{item.code}-2"[:60]
    initial["is_national_indicator"] = False
    form = forms.ItemForm(posted(request), token=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            org_services.form_submission_once(
                token=form.token, write=lambda: services.item_replace(item=item, **data)
            )
        except org_services.AlreadySubmitted:
            messages.info(request, _(ALREADY_SAVED))
            return redirect("surveys:item_list")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The new wording is in the bank and replaces the old item.")
            )
            return redirect("surveys:item_list")
    return _form_page(
        request,
        form=form,
        item=item,
        replacing=True,
        title=_("New wording"),
        submit_label=_("Save the new wording"),
        cancel_url=reverse("surveys:item_list"),
    )


@login_required
@GET_POST
def item_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask on GET; archive (or restore an archived item) on POST."""
    item = access.get_item_for_user(actor_of(request), pk, write=True)
    if request.method == "POST":
        services.item_archive(item=item, archived=not item.is_archived)
        if item.is_archived:
            messages.success(request, _("The item is back among the current items."))
        else:
            messages.success(request, _("The item is archived."))
        return redirect("surveys:item_list")
    return render(request, "surveys/bank/archive.html", {"item": item})


@login_required
@GET_POST
def item_bank_install(request: HttpRequest) -> HttpResponse:
    """Ask on GET; add the items of the 2016 baseline questionnaires on POST."""
    association = access.require_surveys_admin(actor_of(request))
    if request.method == "POST":
        added = services.item_bank_install(association=association)
        messages.success(
            request,
            _("%(count)s items of the baseline questionnaires were added.") % {"count": added},
        )
        return redirect("surveys:item_list")
    return render(request, "surveys/bank/install.html", {})


urlpatterns: list[URLPattern] = [
    path("fragebank/", item_list, name="item_list"),
    path("fragebank/ny/", item_create, name="item_create"),
    path("fragebank/baslinjen/", item_bank_install, name="item_bank_install"),
    path("fragebank/<int:pk>/", item_edit, name="item_edit"),
    path("fragebank/<int:pk>/ny-formulering/", item_replace, name="item_replace"),
    path("fragebank/<int:pk>/arkivera/", item_archive, name="item_archive"),
]
