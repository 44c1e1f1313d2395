"""The association's yearly budget: overview, the budget and its financing, the key that
splits the municipalities' share, and the allocations per group (plans.GroupBudget). The
office and the board read; the office changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.funding import access
from mysam.funding.forms import budgets as forms
from mysam.funding.models import MunicipalityKey
from mysam.funding.selectors import budgets as selectors
from mysam.funding.selectors import choices
from mysam.funding.services import budgets as services
from mysam.funding.views._common import actor_of, add_errors, association_of, render_form
from mysam.organisation.services import AlreadySubmitted, form_submission_once


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Http404


def _crumbs(year: int | None = None) -> list[tuple[str, str]]:
    crumbs = [(_("Funding"), reverse("funding:index"))]
    if year is not None:
        crumbs.append(
            (_("Budget %(year)s") % {"year": year}, reverse("funding:budget_year", args=[year]))
        )
    return crumbs


@login_required
@require_GET
def budget_index(request: HttpRequest) -> HttpResponse:
    access.require_budget_reader(actor_of(request))
    return redirect("funding:budget_year", year=timezone.localdate().year)


@login_required
@require_GET
def budget_year(request: HttpRequest, year: int) -> HttpResponse:
    actor = actor_of(request)
    _check_year(year)
    access.get_budget_for_user(actor, year)
    association = association_of(request)
    today = timezone.localdate()
    return render(
        request,
        "funding/budgets/year.html",
        {
            "overview": selectors.budget_overview(association=association, year=year, today=today),
            "years": selectors.budget_years(association=association, today=today),
            "year": year,
            "can_edit": actor.is_admin,
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    budget = access.get_budget_for_user(actor_of(request), year, write=True)
    association = association_of(request)
    initial = (
        {
            "total": budget.total,
            "state_share": budget.state_share,
            "region_share": budget.region_share,
            "municipality_share": budget.municipality_share,
            "municipality_key": budget.municipality_key,
            "note": budget.note,
        }
        if budget is not None
        else None
    )
    form = forms.BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.association_budget_set(
                    association=association, year=year, **data
                ),
            )
        except AlreadySubmitted:
            return redirect("funding:budget_year", year=year)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("funding:budget_year", year=year)
    return render_form(
        request,
        form=form,
        title=_("The association's budget for %(year)s") % {"year": year},
        intro=_(
            "By default the state finances 50 %, the region 25 % and the municipalities "
            "together 25 %. The shares must add up to 100 %."
        ),
        breadcrumbs=_crumbs(year),
        cancel_url=reverse("funding:budget_year", args=[year]),
        submit_label=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_key(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    budget = access.get_budget_for_user(actor_of(request), year, write=True)
    if budget is None:
        messages.info(request, _("Set the year's budget first."))
        return redirect("funding:budget_edit", year=year)
    association = association_of(request)
    label = (
        _("agreed share (%)")
        if budget.municipality_key == MunicipalityKey.SHARE
        else _("population")
    )
    current = choices.municipality_weights(budget=budget)
    form = forms.WeightsForm(
        request.POST or None,
        municipalities=choices.municipalities(association=association),
        label=str(label),
        initial={f"m_{pk}": weight for pk, weight in current.items()},
    )
    if request.method == "POST" and form.is_valid():
        weights = form.weights
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.municipality_weights_set(budget=budget, weights=weights),
            )
        except AlreadySubmitted:
            return redirect("funding:budget_year", year=year)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The municipalities' key was saved."))
            return redirect("funding:budget_year", year=year)
    return render_form(
        request,
        form=form,
        title=_("How the municipalities' share is split in %(year)s") % {"year": year},
        intro=budget.get_municipality_key_display(),
        breadcrumbs=_crumbs(year),
        cancel_url=reverse("funding:budget_year", args=[year]),
        submit_label=_("Save"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_allocations(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    access.get_budget_for_user(actor_of(request), year, write=True)
    association = association_of(request)
    current = choices.group_allocations(association=association, year=year)
    form = forms.AllocationForm(
        request.POST or None,
        groups=choices.active_groups(association=association),
        initial={f"g_{pk}": amount for pk, amount in current.items()},
    )
    if request.method == "POST" and form.is_valid():
        amounts = form.amounts
        try:
            form_submission_once(
                token=form.token,
                write=lambda: services.group_allocations_set(
                    association=association, year=year, amounts=amounts
                ),
            )
        except AlreadySubmitted:
            return redirect("funding:budget_year", year=year)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The groups' budgets were saved."))
            return redirect("funding:budget_year", year=year)
    return render_form(
        request,
        form=form,
        title=_("The groups' budgets for %(year)s") % {"year": year},
        intro=_(
            "Each group's budget in its action plan. It is not carried over: what is not "
            "spent in the year is gone. Leave a field empty to keep it as it is."
        ),
        breadcrumbs=_crumbs(year),
        cancel_url=reverse("funding:budget_year", args=[year]),
        submit_label=_("Save"),
    )


urlpatterns: list[URLPattern] = [
    path("budget/", budget_index, name="budget_index"),
    path("budget/<int:year>/", budget_year, name="budget_year"),
    path("budget/<int:year>/andra/", budget_edit, name="budget_edit"),
    path("budget/<int:year>/kommuner/", budget_key, name="budget_key"),
    path("budget/<int:year>/grupper/", group_allocations, name="group_allocations"),
]
