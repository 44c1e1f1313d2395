"""Forms for interventions, their yearly budget, spending and follow-up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mysam.funding.models import (
    FundingApplication,
    InterventionKind,
    InterventionStatus,
)
from mysam.funding.services.interventions import COUNT_FIELDS
from mysam.organisation.models import CooperationGroup, Party
from mysam.plans.forms import AmountField, DateInput, OnceForm


class InterventionForm(OnceForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=InterventionKind.choices,
        widget=forms.RadioSelect,
        help_text=_("A mixed intervention is registered as two."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput(), required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=CooperationGroup.objects.none(), required=False
    )
    application = forms.ModelChoiceField(
        label=_("Funded by application"),
        queryset=FundingApplication.objects.none(),
        required=False,
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Party.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        groups: QuerySet[CooperationGroup],
        parties: QuerySet[Party],
        applications: QuerySet[FundingApplication],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["parties"].queryset = parties  # type: ignore[attr-defined]
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]


class YearAmountForm(OnceForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = AmountField(
        label=_("Amount (kr)"),
        min_value=Decimal("0"),
        help_text=_("0 kr removes the year's allocation."),
    )


class SpendingForm(OnceForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    amount = AmountField(label=_("Amount (kr)"), min_value=Decimal("0.01"))
    description = forms.CharField(label=_("What"), max_length=300)


class FollowUpForm(OnceForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[(0, _("Whole year")), (1, _("January–June")), (2, _("July–December"))],
    )
    started_women = forms.IntegerField(label=_("Started, women"), min_value=0, initial=0)
    started_men = forms.IntegerField(label=_("Started, men"), min_value=0, initial=0)
    started_other = forms.IntegerField(label=_("Started, other or unknown"), min_value=0, initial=0)
    finished_women = forms.IntegerField(label=_("Finished, women"), min_value=0, initial=0)
    finished_men = forms.IntegerField(label=_("Finished, men"), min_value=0, initial=0)
    finished_other = forms.IntegerField(
        label=_("Finished, other or unknown"), min_value=0, initial=0
    )
    to_work = forms.IntegerField(label=_("Went on to work"), min_value=0, initial=0)
    to_studies = forms.IntegerField(label=_("Went on to studies"), min_value=0, initial=0)
    to_rehabilitation = forms.IntegerField(
        label=_("Went on to other rehabilitation"), min_value=0, initial=0
    )
    to_other = forms.IntegerField(label=_("Other outcome"), min_value=0, initial=0)

    @property
    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in COUNT_FIELDS}
