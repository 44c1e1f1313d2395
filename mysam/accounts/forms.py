from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mysam.accounts.models import AssociationRole


class ChooseAssociationForm(forms.Form):
    association = forms.ModelChoiceField(
        queryset=AssociationRole.objects.none(),
        label=_("Association"),
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, roles: list[AssociationRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["association"]
        field.queryset = AssociationRole.objects.filter(pk__in=[r.pk for r in roles])  # type: ignore[attr-defined]
        field.label_from_instance = lambda role: f"{role.association} – {role.get_role_display()}"  # type: ignore[attr-defined]
