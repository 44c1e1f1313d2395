"""Results per item, breakdowns, two-way tables and comments of a measurement.

Readers: the office and the board always; other members of the association once the
measurement is closed (mysam.insights.access). Every figure comes from
mysam.insights.selectors.results, which has already hidden the small groups.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from mysam.accounts.actor import Actor
from mysam.insights import access, charts
from mysam.insights.forms.analysis import BreakdownForm, TwoWayForm, parse_breakdown
from mysam.insights.selectors import results as selectors


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined, no-any-return]


@login_required
def measurement_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The measurement's questionnaires: responses by status, the sample, and the questions
    whose results can be read."""
    measurement = access.get_measurement_results_for_user(_actor(request), pk)
    summary = selectors.measurement_summary(measurement)
    return render(
        request,
        "insights/analysis/overview.html",
        {"measurement": measurement, "summary": summary},
    )


@login_required
def question_results(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: the whole association and every breakdown, each as a table and a chart."""
    question = access.get_question_results_for_user(_actor(request), pk)
    questionnaire = question.questionnaire
    background = [q for q in selectors.background_questions(questionnaire) if q.pk != question.pk]
    form = BreakdownForm(request.GET or None, background=background)
    breakdowns: list[selectors.Breakdown] = [
        name for name, _label in selectors.available_breakdowns(questionnaire)
    ]
    extra = form.breakdown()
    if extra is not None:
        breakdowns.insert(0, extra)
    sections = []
    for number, breakdown in enumerate(breakdowns):
        table = selectors.item_distribution(question=question, breakdown=breakdown)
        chart = None
        if table.steps and not table.total.hidden:
            chart = charts.item_chart(
                table,
                chart_id=f"chart-{number}",
                title=_("%(item)s, by %(breakdown)s")
                % {"item": table.item.text, "breakdown": table.breakdown_label.lower()},
            )
        sections.append({"table": table, "chart": chart, "id": f"by-{number}"})
    return render(
        request,
        "insights/analysis/question.html",
        {
            "question": question,
            "measurement": questionnaire.measurement,
            "form": form,
            "sections": sections,
            "total": sections[0]["table"] if sections else None,
        },
    )


@login_required
def two_way(request: HttpRequest, pk: int) -> HttpResponse:
    """A two-way table of a questionnaire (e.g. structured cooperation by county part)."""
    questionnaire = access.get_questionnaire_results_for_user(_actor(request), pk)
    background = selectors.background_questions(questionnaire)
    form = TwoWayForm(
        request.GET or None,
        breakdowns=selectors.available_breakdowns(questionnaire),
        background=background,
        questions=background,
    )
    table = None
    if form.is_valid():
        rows = parse_breakdown(form.cleaned_data["rows"])
        column = parse_breakdown(form.cleaned_data["column"])
        if rows is not None and isinstance(column, tuple):
            table = selectors.two_way_table(
                row_question_or_breakdown=rows, column_question=column[1]
            )
    return render(
        request,
        "insights/analysis/two_way.html",
        {
            "questionnaire": questionnaire,
            "measurement": questionnaire.measurement,
            "form": form,
            "table": table,
        },
    )


@login_required
def question_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The comments of one question, per group of a breakdown, hidden for small groups."""
    question = access.get_question_results_for_user(_actor(request), pk)
    by = request.GET.get("by", "")
    names = dict(selectors.available_breakdowns(question.questionnaire))
    breakdown = by if by in names else None
    groups = selectors.comments(question=question, breakdown=breakdown)
    return render(
        request,
        "insights/analysis/comments.html",
        {
            "question": question,
            "measurement": question.questionnaire.measurement,
            "groups": groups,
            "breakdowns": names,
            "breakdown": breakdown,
            "threshold": question.questionnaire.measurement.association.small_group_threshold,
        },
    )


urlpatterns: list[URLPattern] = [
    path("matning/<int:pk>/", measurement_results, name="measurement_results"),
    path("fraga/<int:pk>/", question_results, name="question_results"),
    path("fraga/<int:pk>/kommentarer/", question_comments, name="question_comments"),
    path("enkat/<int:pk>/korstabell/", two_way, name="two_way"),
]
