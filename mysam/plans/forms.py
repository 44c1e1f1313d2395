"""Forms for writing and following up an action plan.

Forms check what was typed and offer only the association's choices; the services check
the rules again and write. Create forms carry a one-time token (``form_token``, as the
registry's forms) so that a double-clicked submit stores once; edit forms carry the
object's ``revision`` so that a save over someone else's newer save is caught.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mysam.organisation.forms import TOKEN_FIELD
from mysam.plans.models import ActivityStatus

__all__ = ["TOKEN_FIELD"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AmountField(forms.DecimalField):
    """Kronor as people type them: "324 651", "324651,50", "1 200 kr"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().removesuffix("kr").strip()
            for space in (" ", "\u00a0", "\u202f"):
                value = value.replace(space, "")
            value = value.replace(",", ".")
        return super().to_python(value)  # type: ignore[no-any-return]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            text = (
                format(value.normalize(), "f") if value == value.to_integral() else f"{value:.2f}"
            )
            return text.replace(".", ",")
        return value


class OnceForm(forms.Form):
    """A form with a one-time token; ``data_for_service`` leaves the token out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            initial=uuid.uuid4().hex,
            validators=[RegexValidator(r"^[0-9a-f]{32}$")],
            error_messages={"required": _("The form has expired. Please send it again.")},
        )

    @property
    def token(self) -> str:
        return str(self.cleaned_data[TOKEN_FIELD])

    @property
    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != TOKEN_FIELD}


class RevisionForm(forms.Form):
    """An edit form carrying the revision the user started from."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @property
    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PlanCreateForm(OnceForm):
    start_year = forms.IntegerField(
        label=_("First year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    two_years = forms.BooleanField(
        label=_("The plan covers two years"),
        required=False,
        help_text=_("E.g. 2017–2018. Otherwise the plan covers one year."),
    )
    plan_date = forms.DateField(
        label=_("Plan date"),
        widget=DateInput,
        help_text=_("Participants are taken from the registry as of this day."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty for “Handlingsplan för <group> år <year>”."),
    )

    @property
    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service
        two_years = data.pop("two_years")
        data["end_year"] = data["start_year"] + (1 if two_years else 0)
        return data


class SectionForm(RevisionForm):
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "A blank line starts a new paragraph. Lines starting with “- ” make a list, "
            "“1. ” a numbered list, “### ” a heading. **bold**, *emphasis*, "
            "[link text](https://…)."
        ),
    )


class GoalForm(forms.Form):
    text = forms.CharField(
        label=_("Goal"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class GoalCreateForm(OnceForm, GoalForm):
    pass


class GoalEditForm(RevisionForm, GoalForm):
    pass


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.last_name}, {obj.first_name} ({obj.party.name})"


class ActivityFields(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    responsible_party: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Responsible party"), queryset=None, required=False
    )
    responsible_person = PersonChoiceField(
        label=_("Responsible person"),
        queryset=None,
        required=False,
        help_text=_("Someone of the responsible party. They may log progress on the activity."),
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.PLANNED
    )
    planned_amount = AmountField(
        label=_("Planned amount (kr)"), required=False, min_value=Decimal("0")
    )

    def __init__(self, *args: Any, parties: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["responsible_person"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        party, person = data.get("responsible_party"), data.get("responsible_person")
        if party and person and person.party_id != party.pk:
            self.add_error(
                "responsible_person",
                _("The responsible person works for another party than the one chosen."),
            )
        return data


class ActivityCreateForm(OnceForm, ActivityFields):
    pass


class ActivityEditForm(RevisionForm, ActivityFields):
    pass


class ProgressForm(OnceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    text = forms.CharField(
        label=_("What has happened"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    new_status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", _("Unchanged"))] + list(ActivityStatus.choices),
    )


class TargetGroupsForm(forms.Form):
    """Reorder and remove the chosen target groups, add from the catalogue and local ones."""

    add_catalogue: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Add from the association's catalogue"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    add_local = forms.CharField(
        label=_("Add local target groups"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )

    def __init__(self, *args: Any, rows: list[Any], catalogue: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["add_catalogue"].queryset = catalogue  # type: ignore[attr-defined]
        for row in rows:
            self.fields[f"order_{row.pk}"] = forms.IntegerField(
                label=_("Position of “%(name)s”") % {"name": row.name},
                min_value=1,
                initial=row.order,
                widget=forms.NumberInput(attrs={"class": "narrow"}),
            )
            self.fields[f"remove_{row.pk}"] = forms.BooleanField(
                label=_("Remove “%(name)s”") % {"name": row.name}, required=False
            )

    def row_fields(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(row, self[f"order_{row.pk}"], self[f"remove_{row.pk}"]) for row in self.rows]

    @property
    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "orders": {row.pk: data[f"order_{row.pk}"] for row in self.rows},
            "remove": {row.pk for row in self.rows if data.get(f"remove_{row.pk}")},
            "add_catalogue": list(data.get("add_catalogue") or []),
            "add_local": (data.get("add_local") or "").splitlines(),
        }


class BudgetForm(OnceForm):
    year = forms.IntegerField(
        label=_("Year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = AmountField(label=_("Budget (kr)"), min_value=Decimal("0"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class SpendingForm(OnceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    amount = AmountField(label=_("Amount (kr)"), min_value=Decimal("0.01"))
    description = forms.CharField(label=_("What"), max_length=300)
    activity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=None,
        required=False,
        empty_label=_("The plan in general"),
    )

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


class RevisionStartForm(OnceForm):
    change_note = forms.CharField(
        label=_("What the revision is for"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. “Yearly revision 2027: new priorities after the autumn meeting”."),
    )


class ConfirmForm(OnceForm):
    """A confirmation (adopt, delete): only the token."""


def default_plan_date() -> datetime.date:
    return timezone.localdate()
