"""The office's form for a new API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.organisation.forms import DateInput, RegistryForm


class ApiTokenForm(RegistryForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("What the token is for, e.g. “Power BI, kansliet”."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for a token that is valid until it is revoked."),
    )
