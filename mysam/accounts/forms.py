from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mysam.accounts.models import AssociationRole, AssociationRoleKind
from mysam.organisation.models import Person


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


ROLE_HELP = _(
    "Office administrator: everything in the association, including users (needs an "
    "authenticator app). Board: reads everything. Member: reads the registry and works in "
    "their groups."
)


class RoleGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address they log in with. An invitation is sent to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=AssociationRoleKind.choices,
        initial=AssociationRoleKind.MEMBER,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("Person in the registry (optional)"),
        required=False,
        empty_label=_("– not linked –"),
        help_text=_("Links the account to the person, so they see their own groups."),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=AssociationRoleKind.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
    )
