"""Interventions (insatser): list, page, create/edit, yearly budget, spending and the
aggregate follow-up. Everyone in the association reads; the office writes."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.funding import access
from mysam.funding.forms import interventions as forms
from mysam.funding.models import Intervention, InterventionStatus
from mysam.funding.selectors import choices
from mysam.funding.selectors import interventions as selectors
from mysam.funding.services import interventions as services
from mysam.funding.views._common import actor_of, add_errors, association_of, render_form
from mysam.organisation.services import AlreadySubmitted, form_submission_once


def _crumbs(intervention: Intervention | None = None) -> list[tuple[str, str]]:
    crumbs = [
        (_("Funding"), reverse("funding:index")),
        (_("Interventions"), reverse("funding:intervention_list")),
    ]
    if intervention is not None:
        crumbs.append((intervention.name, intervention.get_absolute_url()))
    return crumbs


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
@require_GET
def intervention_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    access.require_reader(actor)
    year = _year(request)
    rows = selectors.intervention_list(association=association_of(request), year=year)
    return render(
        request,
        "funding/interventions/list.html",
        {
            "interventions": rows,
            "year": year,
            "years": [year - 1, year, year + 1],
            "can_edit": actor.is_admin,
            "breadcrumbs": _crumbs()[:1],
        },
    )


@login_required
@require_GET
def intervention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    intervention = access.get_intervention_for_user(actor, pk)
    return render(
        request,
        "funding/interventions/detail.html",
        {
            "page": selectors.intervention_page(intervention=intervention),
            "intervention": intervention,
            "can_edit": actor.is_admin,
            "breadcrumbs": _crumbs(),
        },
    )


def _form(request: HttpRequest, initial: dict[str, Any] | None = None) -> forms.InterventionForm:
    actor = actor_of(request)
    association = association_of(request)
    return forms.InterventionForm(
        request.POST or None,
        initial=initial or {"status": InterventionStatus.PLANNED},
        groups=choices.groups(association=association),
        parties=choices.parties(association=association),
        applications=access.applications_for_interventions(actor),
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_create(request: HttpRequest) -> HttpResponse:
    access.require_office(actor_of(request))
    association = association_of(request)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            intervention = form_submission_once(
                token=form.token,
                write=lambda: services.intervention_create(association=association, **data),
            )
        except AlreadySubmitted:
            return redirect("funding:intervention_list")
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The intervention was registered."))
            return redirect(intervention)
    return render_form(
        request,
        form=form,
        title=_("Register an intervention"),
        breadcrumbs=_crumbs(),
        cancel_url=reverse("funding:intervention_list"),
        submit_label=_("Register"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = access.get_intervention_for_user(actor_of(request), pk, write=True)
    page = selectors.intervention_page(intervention=intervention)
    form = _form(
        request,
        initial={
            "name": intervention.name,
            "kind": intervention.kind,
            "status": intervention.status,
            "description": intervention.description,
            "start_date": intervention.start_date,
            "end_date": intervention.end_date,
            "group": intervention.group_id,
            "application": intervention.application_id,
            "parties": [p.pk for p in page.parties],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.intervention_update(intervention=intervention, **data),
            )
        except AlreadySubmitted:
            return redirect(intervention)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The intervention was saved."))
            return redirect(intervention)
    return render_form(
        request,
        form=form,
        title=_("Edit the intervention"),
        breadcrumbs=_crumbs(intervention),
        cancel_url=intervention.get_absolute_url(),
        submit_label=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_budget(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = access.get_intervention_for_user(actor_of(request), pk, write=True)
    form = forms.YearAmountForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.intervention_budget_set(intervention=intervention, **data),
            )
        except AlreadySubmitted:
            return redirect(intervention)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect(intervention)
    return render_form(
        request,
        form=form,
        title=_("Set the intervention's budget for a year"),
        breadcrumbs=_crumbs(intervention),
        cancel_url=intervention.get_absolute_url(),
        submit_label=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def spending_add(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = access.get_intervention_for_user(actor_of(request), pk, write=True)
    form = forms.SpendingForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.intervention_spending_add(
                    intervention=intervention,
                    user=request.user,  # type: ignore[arg-type]
                    **data,
                ),
            )
        except AlreadySubmitted:
            return redirect(intervention)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The spending was recorded."))
            return redirect(intervention)
    return render_form(
        request,
        form=form,
        title=_("Record spending"),
        breadcrumbs=_crumbs(intervention),
        cancel_url=intervention.get_absolute_url(),
        submit_label=_("Record"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def spending_delete(request: HttpRequest, pk: int) -> HttpResponse:
    spending = access.get_intervention_spending_for_user(actor_of(request), pk, write=True)
    intervention = spending.intervention
    form = forms.OnceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(AlreadySubmitted):
            form_submission_once(
                token=form.token,
                write=lambda: services.intervention_spending_delete(spending=spending),
            )
        messages.success(request, _("The spending entry was removed."))
        return redirect(intervention)
    return render_form(
        request,
        form=form,
        title=_("Remove the spending entry?"),
        intro=str(spending.description),
        breadcrumbs=_crumbs(intervention),
        cancel_url=intervention.get_absolute_url(),
        submit_label=_("Remove"),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_edit(request: HttpRequest, pk: int) -> HttpResponse:
    intervention = access.get_intervention_for_user(actor_of(request), pk, write=True)
    form = forms.FollowUpForm(
        request.POST or None, initial={"year": timezone.localdate().year, "half": 0}
    )
    if request.method == "POST" and form.is_valid():
        year, half, counts = form.cleaned_data["year"], form.cleaned_data["half"], form.counts
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.follow_up_set(
                    intervention=intervention, year=year, half=half, counts=counts
                ),
            )
        except AlreadySubmitted:
            return redirect(intervention)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The follow-up was saved."))
            return redirect(intervention)
    return render_form(
        request,
        form=form,
        title=_("Enter follow-up figures"),
        intro=_(
            "Counts only, never anything about a person. A period already entered is replaced."
        ),
        breadcrumbs=_crumbs(intervention),
        cancel_url=intervention.get_absolute_url(),
        submit_label=_("Save"),
    )


urlpatterns: list[URLPattern] = [
    path("insatser/", intervention_list, name="intervention_list"),
    path("insatser/ny/", intervention_create, name="intervention_create"),
    path("insatser/<int:pk>/", intervention_detail, name="intervention_detail"),
    path("insatser/<int:pk>/andra/", intervention_edit, name="intervention_edit"),
    path("insatser/<int:pk>/budget/", intervention_budget, name="intervention_budget"),
    path("insatser/<int:pk>/utgifter/ny/", spending_add, name="intervention_spending_add"),
    path(
        "insatser/utgifter/<int:pk>/ta-bort/", spending_delete, name="intervention_spending_delete"
    ),
    path("insatser/<int:pk>/uppfoljning/", follow_up_edit, name="follow_up_edit"),
]
