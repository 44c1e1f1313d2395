"""The office's texts of the measurement report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.insights.services.report import MAX_TEXT

HELP = _(
    "Write paragraphs separated by an empty line; - for bullets, **bold**, *emphasis*, "
    "### for a heading."
)


class ReportTextsForm(forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=HELP,
    )
    discussion = forms.CharField(
        label=_("Discussion"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=HELP,
    )
