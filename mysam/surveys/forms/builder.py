"""Forms of measurements and the questionnaire builder. They only check input;
mysam.surveys.services.builder writes and refuses what the rules forbid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mysam.organisation.forms import DateInput
from mysam.surveys.forms.bank import OnceForm
from mysam.surveys.models import (
    Audience,
    Item,
    Measurement,
    MeasurementKind,
    Question,
)


class MeasurementChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class MeasurementForm(OnceForm):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("E.g. “Baslinjemätning 2016”.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasurementKind.choices)
    previous = MeasurementChoiceField(
        label=_("Compared with"),
        queryset=Measurement.objects.none(),
        required=False,
        help_text=_("The earlier measurement whose results this one is compared with."),
    )
    opens_on = forms.DateField(label=_("Opens"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Closes"), required=False, widget=DateInput())

    def __init__(self, *args: Any, previous_choices: QuerySet[Measurement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        previous = self.fields["previous"]
        assert isinstance(previous, forms.ModelChoiceField)  # noqa: S101 (narrowing for mypy)
        previous.queryset = previous_choices


class FollowUpForm(OnceForm):
    name = forms.CharField(
        label=_("Name of the follow-up"),
        max_length=200,
        help_text=_("E.g. “Uppföljning 2019”."),
    )
    opens_on = forms.DateField(label=_("Opens"), required=False, widget=DateInput())
    closes_on = forms.DateField(label=_("Closes"), required=False, widget=DateInput())


class QuestionnaireForm(OnceForm):
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction shown to respondents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    closing_text = forms.CharField(
        label=_("Thank-you text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    screened_out_text = forms.CharField(
        label=_("Text shown when a screening question ends the survey"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Thank the respondent politely and say why the survey ends here."),
    )


class AreaQuestionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.item.text)


class SectionForm(OnceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    repeat_for = AreaQuestionChoiceField(
        label=_("Repeat for each area chosen in"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("Asked once"),
        help_text=_(
            "A per-area section is asked once for each municipality or group the respondent "
            "chose in an earlier question."
        ),
    )

    def __init__(self, *args: Any, area_questions: QuerySet[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["repeat_for"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing for mypy)
        field.queryset = area_questions


class ItemChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.text} ({obj.get_kind_display()}, {obj.code})"


class QuestionAddForm(OnceForm):
    items = ItemChoiceField(
        label=_("Items to add"),
        queryset=Item.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Current items of the bank not yet in this questionnaire, added in order."),
    )
    required = forms.BooleanField(label=_("Answer required"), required=False)

    def __init__(self, *args: Any, items: QuerySet[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["items"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
        field.queryset = items


class ConditionQuestionField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.item.text)


class QuestionForm(OnceForm):
    """Required, the condition (an earlier question and the answers that show this one)
    and screening (the answers that end the survey). The condition's answer choices are
    those of the chosen question: changing the question re-renders them (htmx, or a
    server round trip without JavaScript)."""

    required = forms.BooleanField(label=_("Answer required"), required=False)
    shown_if_question = ConditionQuestionField(
        label=_("Show only if this earlier question…"),
        queryset=Question.objects.none(),
        required=False,
        empty_label=_("Always shown"),
    )
    shown_if_values = forms.TypedMultipleChoiceField(
        label=_("…was answered with"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    values_for = forms.IntegerField(required=False, widget=forms.HiddenInput)
    screens_out_values = forms.TypedMultipleChoiceField(
        label=_("Answers that end the survey (screening)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The respondent then sees the questionnaire's screened-out text."),
    )

    def __init__(
        self,
        *args: Any,
        question: Question,
        candidates: list[Question],
        can_screen: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.pk: candidate for candidate in candidates}
        condition = self.fields["shown_if_question"]
        assert isinstance(condition, forms.ModelChoiceField)  # noqa: S101
        condition.queryset = (
            Question.objects.filter(pk__in=list(self.candidates))
            .select_related("item")
            .order_by("section__position", "section_id", "position", "pk")
        )
        # The condition's answers: those of the question chosen (posted, else stored).
        chosen = self._chosen_condition()
        self.condition_question = self.candidates.get(chosen) if chosen else None
        steps = self.condition_question.item.steps() if self.condition_question else ()
        values = self.fields["shown_if_values"]
        assert isinstance(values, forms.ChoiceField)  # noqa: S101
        values.choices = [(number, label) for number, label in enumerate(steps, start=1)]
        # The hidden `values_for` says which question the shown answer boxes belong to;
        # when the posted question differs, the boxes were another question's.
        self.posted_values_for = ""
        if self.is_bound:
            self.posted_values_for = str(self.data.get("values_for") or "")
            data = dict(self.data.items())
            data["values_for"] = str(chosen or "")
            if hasattr(self.data, "getlist"):
                # Keep the multi-valued fields (checkboxes) of a QueryDict.
                data = self.data.copy()  # type: ignore[attr-defined]
                data["values_for"] = str(chosen or "")
            self.data = data
        else:
            self.initial["values_for"] = chosen
        if can_screen:
            screening = self.fields["screens_out_values"]
            assert isinstance(screening, forms.ChoiceField)  # noqa: S101
            screening.choices = [
                (number, label) for number, label in enumerate(question.item.steps(), start=1)
            ]
        else:
            del self.fields["screens_out_values"]

    def _chosen_condition(self) -> int | None:
        raw = self.data.get("shown_if_question") if self.is_bound else None
        if raw is None:
            raw = self.initial.get("shown_if_question")
        if isinstance(raw, Question):
            return raw.pk
        try:
            return int(raw) if raw else None
        except (TypeError, ValueError):
            return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        question = cleaned.get("shown_if_question")
        if question is not None and (
            self.posted_values_for != str(question.pk) or not cleaned.get("shown_if_values")
        ):
            self.add_error(
                "shown_if_values",
                _("Choose the answers of “%(question)s” that show this question.")
                % {"question": question.item.text},
            )
        if question is None:
            cleaned["shown_if_values"] = []
        cleaned.setdefault("screens_out_values", [])
        cleaned.pop("values_for", None)
        return cleaned


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])

    @property
    def offset(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1
