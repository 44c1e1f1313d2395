"""Forms for the association's yearly budget, the municipalities' key and the allocations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.funding.models import MunicipalityKey
from mysam.organisation.models import CooperationGroup, Municipality
from mysam.plans.forms import AmountField, OnceForm


class BudgetForm(OnceForm):
    total = AmountField(label=_("The year's budget (kr)"), min_value=Decimal("0"))
    state_share = forms.DecimalField(
        label=_("State share (%)"), min_value=0, max_value=100, decimal_places=2, initial=50
    )
    region_share = forms.DecimalField(
        label=_("Region share (%)"), min_value=0, max_value=100, decimal_places=2, initial=25
    )
    municipality_share = forms.DecimalField(
        label=_("Municipalities' share (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=25,
    )
    municipality_key = forms.ChoiceField(
        label=_("The municipalities' share is split by"),
        choices=MunicipalityKey.choices,
        widget=forms.RadioSelect,
        initial=MunicipalityKey.POPULATION,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class WeightsForm(OnceForm):
    """One field per municipality: its agreed share or its population."""

    def __init__(
        self, *args: Any, municipalities: list[Municipality], label: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = municipalities
        for m in municipalities:
            self.fields[f"m_{m.pk}"] = forms.DecimalField(
                label=f"{m.name} – {label}",
                min_value=0,
                decimal_places=2,
                required=False,
            )

    @property
    def weights(self) -> dict[Municipality, Decimal]:
        return {m: self.cleaned_data.get(f"m_{m.pk}") or Decimal(0) for m in self.municipalities}


class AllocationForm(OnceForm):
    """One amount per group: the group's budget for the year (plans.GroupBudget)."""

    def __init__(self, *args: Any, groups: list[CooperationGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups
        for g in groups:
            self.fields[f"g_{g.pk}"] = AmountField(
                label=g.name, min_value=Decimal("0"), required=False
            )

    @property
    def amounts(self) -> dict[CooperationGroup, Decimal | None]:
        return {g: self.cleaned_data.get(f"g_{g.pk}") for g in self.groups}
