"""Forms of the statistics pages: a Trisam team's month grid, the yearly target, a
population measure and the import upload (the organisation import's form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mysam.organisation.transfer.forms import ImportUploadForm
from mysam.plans.forms import OnceForm
from mysam.statistics.services.trisam import MonthFigures

__all__ = ["ImportUploadForm", "MeasureForm", "MonthGridForm", "TargetForm"]

FIELDS = (
    ("discussed", _("Discussed")),
    ("took_part", _("Took part")),
    ("new_cases", _("New cases")),
    ("closed_cases", _("Closed cases")),
)


class MonthGridForm(forms.Form):
    """Twelve months × four counts. A month left blank has no figures (an existing month
    cleared in full is removed)."""

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        for month in range(1, 13):
            for key, label in FIELDS:
                self.fields[f"m{month}_{key}"] = forms.IntegerField(
                    label=f"{label} {year}-{month:02d}",
                    required=False,
                    min_value=0,
                    max_value=100000,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "num"}),
                )

    def rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [(m, [self[f"m{m}_{key}"] for key, _label in FIELDS]) for m in range(1, 13)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.months: dict[int, MonthFigures | None] = {}
        for month in range(1, 13):
            values = {key: data.get(f"m{month}_{key}") for key, _label in FIELDS}
            if all(v is None for v in values.values()):
                self.months[month] = None
                continue
            for key in ("discussed", "took_part"):
                if values[key] is None:
                    self.add_error(
                        f"m{month}_{key}",
                        gettext("Give both discussed and took part, or leave the month empty."),
                    )
            if values["discussed"] is None or values["took_part"] is None:
                continue
            if values["took_part"] > values["discussed"]:
                self.add_error(
                    f"m{month}_took_part",
                    gettext("More took part than were discussed."),
                )
                continue
            self.months[month] = MonthFigures(**{k: v or 0 for k, v in values.items()})
        return data


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    percent = forms.IntegerField(
        label=_("Target (%)"),
        min_value=0,
        max_value=100,
        help_text=_("The share of individuals discussed who take part in their own meeting."),
    )


class MeasureForm(OnceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = forms.CharField(label=_("Unit of measure"), max_length=40, initial="personer")
    summable = forms.BooleanField(
        label=_("The county's figure is the sum of the municipalities'"),
        required=False,
        initial=True,
        help_text=_("Tick for counts; leave unticked for shares and rates."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    position = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)
