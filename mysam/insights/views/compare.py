"""Comparisons: two groups on one item, managers against staff, a measurement against the
one it follows up. Always independent samples (answers are anonymous, never paired)."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from mysam.accounts.actor import Actor
from mysam.insights import access
from mysam.insights.forms.analysis import CompareGroupsForm, parse_breakdown
from mysam.insights.selectors import results as selectors


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


@login_required
def compare_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """One item, the respondents of two answers of a background question (e.g. in
    structured cooperation or not)."""
    question = access.get_question_results_for_user(_actor(request), pk)
    background = [
        q for q in selectors.background_questions(question.questionnaire) if q.pk != question.pk
    ]
    data: Mapping[str, str] | None = request.GET or None
    if data is None and background:
        data = {"by": f"q{background[0].pk}", "first": "1", "second": "2"}
    form = CompareGroupsForm(data, background=background)
    comparison = None
    if form.is_valid():
        breakdown = parse_breakdown(form.cleaned_data["by"])
        if breakdown is not None:
            comparison = selectors.compare_groups(
                question=question,
                breakdown=breakdown,
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
            )
    return render(
        request,
        "insights/compare/groups.html",
        {
            "question": question,
            "measurement": question.questionnaire.measurement,
            "form": form,
            "comparison": comparison,
        },
    )


@login_required
def compare_audiences(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers against frontline staff on every item both were asked."""
    measurement = access.get_measurement_results_for_user(_actor(request), pk)
    return render(
        request,
        "insights/compare/list.html",
        {
            "measurement": measurement,
            "comparisons": selectors.compare_audiences(measurement),
            "kind": "audiences",
        },
    )


@login_required
def compare_previous(request: HttpRequest, pk: int) -> HttpResponse:
    """The measurement against the one it is compared with (baseline → follow-up)."""
    measurement = access.get_measurement_results_for_user(_actor(request), pk)
    return render(
        request,
        "insights/compare/list.html",
        {
            "measurement": measurement,
            "comparisons": selectors.compare_with_previous(measurement),
            "kind": "previous",
        },
    )


urlpatterns: list[URLPattern] = [
    path("fraga/<int:pk>/jamfor/", compare_groups, name="compare_groups"),
    path("matning/<int:pk>/jamfor/chefer-personal/", compare_audiences, name="compare_audiences"),
    path("matning/<int:pk>/jamfor/foregaende/", compare_previous, name="compare_previous"),
]
