"""Forms of the send-outs: start invitations or reminders (once per form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.organisation.forms import _add_token
from mysam.surveys.models import MailingKind


class MailingStartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to send"), choices=MailingKind.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_token(self)
