"""Forms of the calendar: a meeting, a series, the notice.

Create forms carry a one-time token (organisation services.form_submission_once) so a
double-clicked submit stores once.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mysam.meetings.models import SeriesRule
from mysam.organisation.forms import TOKEN_FIELD
from mysam.organisation.models import Membership


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class CoOptedChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person.full_name)


class OnceMixin:
    """Adds the one-time token; ``data_for_service`` leaves it out."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def _add_token(self) -> None:
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            initial=uuid.uuid4().hex,
            validators=[RegexValidator(r"^[0-9a-f]{32}$")],
            error_messages={"required": _("The form has expired. Please send it again.")},
        )

    @property
    def token(self) -> str:
        return str(self.cleaned_data.get(TOKEN_FIELD, ""))

    @property
    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != TOKEN_FIELD}


class MeetingForm(OnceMixin, forms.Form):
    """Planning or changing one meeting. ``co_opted``: the group's co-opted members, offered
    as invitations to this meeting (left out when the group has none)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for “Mysam <group>”."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput, help_text=_("YYYY-MM-DD"))
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput, help_text=_("HH:MM"))
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput, help_text=_("HH:MM"))
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("E.g. the Teams link."),
    )

    def __init__(
        self,
        *args: Any,
        co_opted: QuerySet[Membership] | None = None,
        with_token: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if co_opted is not None and co_opted.exists():
            self.fields["invited_co_opted"] = CoOptedChoiceField(
                label=_("Invite co-opted members to this meeting"),
                queryset=co_opted,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Co-opted members get the notice only when invited."),
            )
        if with_token:
            self._add_token()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        return data


def parse_dates(text: str) -> list[datetime.date]:
    """Dates one per line as YYYY-MM-DD (blank lines ignored); ValidationError names the
    first line that is not a date."""
    result = []
    for line in text.splitlines():
        value = line.strip()
        if not value:
            continue
        try:
            result.append(datetime.date.fromisoformat(value))
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a date. Write one date per line as YYYY-MM-DD."),
                params={"value": value},
            ) from None
    return result


class SeriesForm(OnceMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for “Mysam <group>”."),
    )
    rule = forms.ChoiceField(
        label=_("How often"), choices=SeriesRule.choices, widget=forms.RadioSelect
    )
    interval_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=52,
        required=False,
        help_text=_("For “every N weeks”, e.g. 6 for every sixth week."),
    )
    first_date = forms.DateField(
        label=_("First meeting"),
        widget=DateInput,
        required=False,
        help_text=_(
            "For the rules “every N weeks” and “monthly”. The monthly rule repeats this "
            "date's weekday and its place in the month (e.g. the 2nd Tuesday)."
        ),
    )
    last_date = forms.DateField(
        label=_("Last meeting on or before"), widget=DateInput, required=False
    )
    dates = forms.CharField(
        label=_("Chosen dates"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For “chosen dates”: one date per line, YYYY-MM-DD."),
    )
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput, help_text=_("HH:MM"))
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput, help_text=_("HH:MM"))
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_token()

    def clean_dates(self) -> list[datetime.date]:
        return parse_dates(self.cleaned_data.get("dates") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        rule = data.get("rule")
        if rule in (SeriesRule.EVERY_N_WEEKS, SeriesRule.MONTHLY_WEEKDAY):
            for name, message in (
                ("first_date", _("Enter the date of the first meeting.")),
                ("last_date", _("Enter the date of the last meeting.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        missing_interval = not data.get("interval_weeks") and "interval_weeks" not in self.errors
        if rule == SeriesRule.EVERY_N_WEEKS and missing_interval:
            self.add_error("interval_weeks", _("Enter how many weeks apart."))
        if rule == SeriesRule.DATES and not data.get("dates") and "dates" not in self.errors:
            self.add_error("dates", _("Enter at least one date."))
        return data


class NoticeForm(forms.Form):
    """Sending the notice: which co-opted members are invited (when the group has any)."""

    def __init__(self, *args: Any, co_opted: QuerySet[Membership] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if co_opted is not None and co_opted.exists():
            self.fields["invited_co_opted"] = CoOptedChoiceField(
                label=_("Invite co-opted members to this meeting"),
                queryset=co_opted,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Co-opted members get the notice only when invited."),
            )


class ConfirmForm(forms.Form):
    """A confirmation: the POST itself is the answer."""
