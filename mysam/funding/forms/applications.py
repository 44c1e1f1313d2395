"""Forms for applications: the application with its budget lines, the steps of the flow,
the decision and attachments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mysam.funding.models import ApplicationStatus
from mysam.funding.services.applications import BudgetLineData
from mysam.organisation.models import CooperationGroup, Party
from mysam.plans.forms import AmountField, DateInput, OnceForm

BUDGET_LINE_ROWS = 5


class ApplicationForm(OnceForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    applicant_group = forms.ModelChoiceField(
        label=_("Applicant group"),
        queryset=CooperationGroup.objects.none(),
        required=False,
        empty_label=_("The office"),
    )
    target_group = forms.CharField(
        label=_("Target group"), widget=forms.Textarea(attrs={"rows": 3})
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 4}))
    method = forms.CharField(
        label=_("Method"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties involved"),
        queryset=Party.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())
    expected_results = forms.CharField(
        label=_("Expected results"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(
        self,
        *args: Any,
        groups: QuerySet[CooperationGroup],
        parties: QuerySet[Party],
        group_required: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["applicant_group"].required = group_required
        self.fields["parties"].queryset = parties  # type: ignore[attr-defined]
        for n in range(BUDGET_LINE_ROWS):
            self.fields[f"line_{n}_description"] = forms.CharField(
                label=_("What"), max_length=300, required=False
            )
            self.fields[f"line_{n}_year"] = forms.IntegerField(
                label=_("Year"), min_value=2000, max_value=2100, required=False
            )
            self.fields[f"line_{n}_amount"] = AmountField(
                label=_("Amount (kr)"), min_value=Decimal("0"), required=False
            )

    @property
    def line_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (
                n + 1,
                [self[f"line_{n}_description"], self[f"line_{n}_year"], self[f"line_{n}_amount"]],
            )
            for n in range(BUDGET_LINE_ROWS)
        ]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if not f.name.startswith("line_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lines = []
        for n in range(BUDGET_LINE_ROWS):
            description = data.get(f"line_{n}_description") or ""
            year = data.get(f"line_{n}_year")
            amount = data.get(f"line_{n}_amount")
            if not description and year is None and amount is None:
                continue
            if not description or year is None or amount is None:
                self.add_error(
                    f"line_{n}_description",
                    _("Fill in what, year and amount, or leave the whole line empty."),
                )
                continue
            lines.append(BudgetLineData(description=description, year=year, amount=amount))
        data["budget_lines"] = lines
        return data

    @property
    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in super().data_for_service.items() if not k.startswith("line_")}


def initial_for(application: Any, lines: list[Any]) -> dict[str, Any]:
    """The form's initial values for an existing application."""
    initial: dict[str, Any] = {
        "title": application.title,
        "applicant_group": application.applicant_group_id,
        "target_group": application.target_group,
        "purpose": application.purpose,
        "method": application.method,
        "parties": [p.pk for p in application.parties.all()],
        "start_date": application.start_date,
        "end_date": application.end_date,
        "expected_results": application.expected_results,
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
    }
    for n, line in enumerate(lines[:BUDGET_LINE_ROWS]):
        initial[f"line_{n}_description"] = line.description
        initial[f"line_{n}_year"] = line.year
        initial[f"line_{n}_amount"] = line.amount
    return initial


class StepForm(OnceForm):
    """Confirm a step of the flow, with an optional comment kept in the history."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


OUTCOMES = [
    (ApplicationStatus.GRANTED.value, _("Granted in full")),
    (ApplicationStatus.GRANTED_IN_PART.value, _("Granted in part")),
    (ApplicationStatus.REJECTED.value, _("Rejected")),
]


class DecisionForm(OnceForm):
    outcome = forms.ChoiceField(label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect)
    amount = AmountField(
        label=_("Granted amount (kr)"),
        min_value=Decimal("0"),
        required=False,
        help_text=_("Only for a grant in part; a full grant is the requested total."),
    )
    decision_date = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision_text = forms.CharField(
        label=_("The board's decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("As in the minutes of the board meeting."),
    )


class AttachmentForm(OnceForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "At most 20 MB: PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPG, text or CSV."
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
