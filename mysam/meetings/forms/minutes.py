"""Forms for writing, sending, approving and correcting minutes.

Create forms carry a one-time token (the plans' OnceForm) so that a double-clicked submit
stores once; the note form carries the note's ``revision`` so that a save over someone
else's newer save is caught and both texts are shown.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mysam.meetings.models import ApprovalMethod, MinutesNote
from mysam.organisation.models import Person
from mysam.plans.forms import DateInput, OnceForm, RevisionForm
from mysam.plans.models import Activity
from mysam.plans.richtext import html_to_markup

MARKUP_HELP = _(
    "A blank line starts a new paragraph. Lines starting with “- ” make a list, “1. ” a "
    "numbered list. **bold**, *emphasis*, [link text](https://…)."
)


class NoteForm(RevisionForm):
    body = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKUP_HELP,
    )


class DecisionFields(forms.Form):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class DecisionCreateForm(OnceForm, DecisionFields):
    pass


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        party = obj.party.name if obj.party_id else ""
        return f"{obj.full_name} ({party})" if party else str(obj.full_name)


class ActivityChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.goal.goal_area.number}. {obj.title}"


class ActionItemFields(forms.Form):
    text = forms.CharField(
        label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    responsible = PersonChoiceField(label=_("Responsible"), queryset=Person.objects.none())
    due_date = forms.DateField(label=_("Done by"), widget=DateInput())

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]


class ActionItemCreateForm(OnceForm, ActionItemFields):
    plan_activity = ActivityChoiceField(
        label=_("Activity in the action plan"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("The activity's progress log gets an entry about this action item."),
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], activities: QuerySet[Activity], **kwargs: Any
    ) -> None:
        super().__init__(*args, people=people, **kwargs)
        self.fields["plan_activity"].queryset = activities  # type: ignore[attr-defined]
        if not activities.exists():
            del self.fields["plan_activity"]


class ActionItemEditForm(ActionItemFields):
    pass


class ReadyForm(OnceForm):
    approval_method = forms.ChoiceField(
        label=_("How are the minutes approved?"),
        choices=ApprovalMethod.choices,
        widget=forms.RadioSelect,
        initial=ApprovalMethod.NEXT_MEETING,
    )
    checkers = forms.ModelMultipleChoiceField(
        label=_("Checkers (justerare)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when approved by named checkers: they sign in and confirm."),
    )
    signed_by = forms.CharField(
        label=_("Signed by"),
        max_length=200,
        required=False,
        help_text=_("Name and title, e.g. the Mysam coordinator."),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["checkers"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.full_name} ({p.party.name})"  # type: ignore[attr-defined]


class ConfirmForm(OnceForm):
    """A confirmation (approve, confirm, delete): only the token."""


class CorrectionForm(OnceForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown in the version history, e.g. “Wrong date in item 5”."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, notes: list[tuple[int, MinutesNote]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.note_fields: list[str] = []
        for number, note in notes:
            name = f"note_{note.pk}"
            self.fields[name] = forms.CharField(
                label=f"{number}. {note.agenda_item.title}",
                required=False,
                initial=html_to_markup(note.body),
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            self.note_fields.append(name)

    @property
    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reason": data["reason"],
            "version": data["version"],
            "bodies": {int(name.removeprefix("note_")): data[name] for name in self.note_fields},
        }


class MinutesSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    group = forms.TypedChoiceField(label=_("Group"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(
        self, *args: Any, groups: list[Any], years: list[int], statuses: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["group"].choices = everything + [(g.pk, g.name) for g in groups]  # type: ignore[attr-defined]
        self.fields["year"].choices = everything + [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["status"].choices = everything + list(statuses)  # type: ignore[attr-defined]
