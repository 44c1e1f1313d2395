"""The upload form of the import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
