"""Forms of the template editor and the target-group catalogue (the office's).

The template is edited on one page: a form for its name and introduction (carrying the
one-time token and the version the page was based on), a formset of sections and a formset
of goal areas, each with empty rows for adding and a box for removing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.organisation.forms import RegistryForm
from mysam.plans.models import GoalArea, SectionKind, TemplateSection
from mysam.plans.richtext import html_to_markup, markup_to_html
from mysam.plans.template_services import GoalAreaInput, SectionInput


class TemplateHeaderForm(RegistryForm):
    name = forms.CharField(label=_("Name of the template"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown at the top of the template page."),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)


class SectionForm(forms.Form):
    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose…")), *SectionKind.choices],
        help_text=_("Text is written freely; the other kinds show the plan's own data."),
    )
    order = forms.IntegerField(label=_("Order"), min_value=1, max_value=999)
    guidance = forms.CharField(
        label=_("Guidance for the writer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    default_text = forms.CharField(
        label=_("Default text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Prefilled in new plans. Separate paragraphs with an empty line; start a line "
            "with “- ” for a bulleted list; **bold**, *emphasis*, [a link](https://…)."
        ),
    )

    def to_input(self) -> SectionInput:
        data = self.cleaned_data
        return SectionInput(
            title=data["title"],
            kind=data["kind"],
            order=data["order"],
            guidance=data.get("guidance", ""),
            default_text=markup_to_html(data.get("default_text", "")),
            source_id=data.get("source_id"),
        )

    @staticmethod
    def initial_for(section: TemplateSection) -> dict[str, Any]:
        return {
            "source_id": section.pk,
            "title": section.title,
            "kind": section.kind,
            "order": section.order,
            "guidance": section.guidance,
            "default_text": html_to_markup(section.default_text),
        }


class GoalAreaForm(forms.Form):
    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99)
    title = forms.CharField(label=_("Title"), max_length=300)
    questions = forms.CharField(
        label=_("Guiding questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line."),
    )

    def to_input(self) -> GoalAreaInput:
        data = self.cleaned_data
        lines = data.get("questions", "").replace("\r\n", "\n").split("\n")
        return GoalAreaInput(
            number=data["number"],
            title=data["title"],
            questions=tuple(line.strip() for line in lines if line.strip()),
            source_id=data.get("source_id"),
        )

    @staticmethod
    def initial_for(area: GoalArea) -> dict[str, Any]:
        return {
            "source_id": area.pk,
            "number": area.number,
            "title": area.title,
            "questions": "\n".join(q.text for q in area.questions.all()),
        }


SectionFormSet = forms.formset_factory(SectionForm, extra=2, can_delete=True, max_num=60)
GoalAreaFormSet = forms.formset_factory(GoalAreaForm, extra=2, can_delete=True, max_num=60)


def kept_forms(formset: forms.BaseFormSet) -> list[Any]:  # type: ignore[type-arg]
    """The formset's filled-in forms that are not marked for removal."""
    return [
        form
        for form in formset.forms
        if form.has_changed() or form.initial
        if not (formset.can_delete and formset._should_delete_form(form))  # type: ignore[attr-defined]
    ]


class TargetGroupForm(RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=999,
        initial=0,
        help_text=_("Lower numbers come first in lists."),
    )
    is_active = forms.BooleanField(
        label=_("Active (new plans can choose it)"), required=False, initial=True
    )
