"""Forms of the answer import: the file, the column mapping, the value mapping, confirm."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mysam.insights.services.imports import Target, ValueColumn

IGNORE = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File of answers (CSV or Excel)"),
        help_text=_("The first row names the columns; one row per respondent."),
    )


class ColumnsForm(forms.Form):
    """One select per file column: a question, a frame column or nothing."""

    def __init__(
        self,
        *args: Any,
        header: list[str],
        targets: list[Target],
        samples: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        frame = [(t.key, t.label) for t in targets if t.question is None]
        questions = [(t.key, t.label) for t in targets if t.question is not None]
        choices: list[Any] = [
            (IGNORE, _("(do not import)")),
            (_("About the respondent"), frame),
            (_("Questions"), questions),
        ]
        for index, name in enumerate(header):
            sample = samples.get(index, "")
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=name or _("Column %(number)s") % {"number": index + 1},
                choices=choices,
                required=False,
                help_text=_("For example: %(sample)s") % {"sample": sample} if sample else "",
            )

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("col_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("col_") and value
        }


class ValuesForm(forms.Form):
    """One select per distinct file value of each mapped question column."""

    def __init__(self, *args: Any, columns: list[ValueColumn], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[ValueColumn, list[str]]] = []
        for column in columns:
            names = []
            for number, value in enumerate(column.values):
                name = f"v_{column.index}_{number}"
                self.fields[name] = forms.ChoiceField(
                    label=value,
                    choices=[("?", _("– choose –")), *column.choices],
                    initial=column.suggested.get(value, "?"),
                    required=True,
                )
                names.append(name)
            self.groups.append((column, names))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if value == "?":
                self.add_error(name, _("Choose what this value means."))
        return data

    def mapping(self) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {}
        for column, names in self.groups:
            result[column.index] = {
                str(self.fields[name].label): self.cleaned_data[name] for name in names
            }
        return result

    def bound_groups(self) -> list[tuple[ValueColumn, list[forms.BoundField]]]:
        return [(column, [self[name] for name in names]) for column, names in self.groups]


class ConfirmForm(forms.Form):
    """Import with a one-time token: a second submit imports nothing."""

    form_token = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[0-9a-f]{32}$")],
        error_messages={"required": _("The form has expired. Please send it again.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4().hex
