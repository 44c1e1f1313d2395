"""Population statistics: every measure for a year (a municipality against the county), a
measure's trend over the years, and the catalogue of measures (the office edits it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mysam.organisation.services import AlreadySubmitted, form_submission_once
from mysam.statistics import access, charts
from mysam.statistics.forms import MeasureForm
from mysam.statistics.selectors import population as selectors
from mysam.statistics.services import population as services
from mysam.statistics.views import actor_of, year_param


@login_required
@require_GET
def population_overview(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    overview = selectors.population_overview(actor=actor, year=year_param(request))
    return render(
        request,
        "statistics/population/overview.html",
        {"overview": overview, "can_edit": actor.is_admin},
    )


@login_required
@require_GET
def population_measure(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    measure = access.get_measure_for_user(actor, pk)
    municipality = None
    text = request.GET.get("kommun", "")
    if text.isdigit():
        municipality = access.get_municipality_for_statistics(actor, int(text))
    trend = selectors.population_trend(actor=actor, measure=measure, municipality=municipality)
    county_label = _("County")
    series = [charts.Series(label=county_label, points=trend.series(None))]
    if municipality is not None:
        series.append(
            charts.Series(
                label=municipality.name,
                points=trend.series(municipality.pk),
                colour=charts.SECOND,
                dashed=True,
            )
        )
    chart = charts.line_chart(
        chart_id="population-trend",
        title=_("%(measure)s (%(unit)s), by year")
        % {"measure": measure.name, "unit": measure.unit},
        description=_(
            "Lines over the years: the county (solid) and the chosen municipality (dashed), "
            "if one is chosen. The same numbers follow in the table."
        ),
        years=trend.years,
        series=series,
    )
    return render(
        request,
        "statistics/population/measure.html",
        {"trend": trend, "chart": chart, "can_edit": actor.is_admin},
    )


def _form_page(request: HttpRequest, form: MeasureForm, measure: object = None) -> HttpResponse:
    return render(
        request, "statistics/population/measure_form.html", {"form": form, "measure": measure}
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest) -> HttpResponse:
    association = access.require_statistics_admin(actor_of(request))
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        data["position"] = data.get("position") or 0
        try:
            measure = form_submission_once(
                token=form.token,
                write=lambda: services.measure_create(association=association, **data),
            )
        except AlreadySubmitted:
            messages.info(request, _("This form had already been saved; it was not saved again."))
            return redirect("statistics:population")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The measure has been added."))
            return redirect("statistics:population_measure", pk=measure.pk)
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.get_measure_for_user(actor_of(request), pk, write=True)
    initial = {
        "name": measure.name,
        "unit": measure.unit,
        "summable": measure.summable,
        "description": measure.description,
        "position": measure.position,
    }
    form = MeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service
        data["position"] = data.get("position") or 0
        try:
            services.measure_update(measure=measure, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect("statistics:population_measure", pk=measure.pk)
    return _form_page(request, form, measure)


urlpatterns: list[URLPattern] = [
    path("befolkning/", population_overview, name="population"),
    path("befolkning/matt/<int:pk>/", population_measure, name="population_measure"),
    path("befolkning/matt/nytt/", measure_create, name="measure_create"),
    path("befolkning/matt/<int:pk>/andra/", measure_edit, name="measure_edit"),
]
