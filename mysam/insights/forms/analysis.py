"""GET forms that choose what a results page shows (breakdown, table, groups to compare).

They only choose among the questionnaire's own questions and the standard breakdowns; the
selectors check again that a background question belongs to the questionnaire.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.insights.selectors.results import Breakdown
from mysam.surveys.models import Question


def _question_choices(questions: Sequence[Question]) -> list[tuple[str, str]]:
    return [(f"q{question.pk}", question.item.text) for question in questions]


def parse_breakdown(value: str) -> Breakdown | None:
    """ "county_part" → "county_part"; "q17" → ("question", 17); "" → None."""
    if not value:
        return None
    if value.startswith("q") and value[1:].isdigit():
        return ("question", int(value[1:]))
    return value


class _ChoosingForm(forms.Form):
    def _choose(self, name: str, choices: Sequence[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (a programming error)
        field.choices = list(choices)


class BreakdownForm(_ChoosingForm):
    """Which background question to break an item down by (beside the standard ones)."""

    by = forms.ChoiceField(label=_("Also break down by"), required=False)

    def __init__(self, *args: Any, background: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("by", [("", _("(none)")), *_question_choices(background)])

    def breakdown(self) -> Breakdown | None:
        if not self.is_valid():
            return None
        return parse_breakdown(self.cleaned_data["by"])


class TwoWayForm(_ChoosingForm):
    """Rows (a breakdown or a background question) and columns (a question)."""

    rows = forms.ChoiceField(label=_("Rows"))
    column = forms.ChoiceField(label=_("Columns (question)"))

    def __init__(
        self,
        *args: Any,
        breakdowns: Sequence[tuple[str, str]],
        background: Sequence[Question],
        questions: Sequence[Question],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choose("rows", [*breakdowns, *_question_choices(background)])
        self._choose("column", _question_choices(questions))


class CompareGroupsForm(_ChoosingForm):
    """Two answers of a background question whose respondents are compared."""

    by = forms.ChoiceField(label=_("Compare the respondents who answered"))
    first = forms.IntegerField(label=_("First group: answer number"), min_value=1, initial=1)
    second = forms.IntegerField(label=_("Second group: answer number"), min_value=1, initial=2)

    def __init__(self, *args: Any, background: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("by", _question_choices(background))
