"""Forms of the sample: upload a respondent list, add a person, exclude with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.organisation.forms import _add_token
from mysam.organisation.models import Municipality, Party, Unit
from mysam.surveys.services.sample import EXCLUSION_REASONS


class SampleUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Respondent list (.xlsx or .csv)"),
        help_text=_("Columns: namn, e-post, part, verksamhet, kommun."),
    )


class InvitationAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"))
    party: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.none(), required=False
    )
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False
    )
    municipality: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )

    def __init__(self, *args: Any, choices: tuple[Any, Any, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties, units, municipalities = choices
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.party.name})"  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        _add_token(self)


class ExcludeForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=list(EXCLUSION_REASONS.items()), widget=forms.RadioSelect
    )
    other_text = forms.CharField(
        label=_("Other reason"),
        max_length=150,
        required=False,
        help_text=_("Needed when the reason is “Other reason”."),
    )


class UndeliverableForm(forms.Form):
    reason = forms.CharField(
        label=_("Delivery error"),
        max_length=300,
        required=False,
        help_text=_("E.g. the bounce message: “mailbox does not exist”."),
    )


class CorrectEmailForm(forms.Form):
    email = forms.EmailField(label=_("Corrected e-mail"))
