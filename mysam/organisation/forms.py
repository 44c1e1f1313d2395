"""Forms of the office's registry editing.

Forms validate what a person typed and offer only choices from the current association;
the services check the same rules again and do the writing. Every form carries a one-time
token (``form_token``) so that a double-clicked submit stores once.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Case, When
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import (
    Association,
    CooperationGroup,
    CountyPart,
    HealthCentre,
    Membership,
    MembershipRole,
    Municipality,
    Party,
    Person,
    Seat,
    SteeringGroup,
    SteeringGroupMember,
    TrisamTeam,
    Unit,
)

TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _add_token(form: forms.BaseForm) -> None:
    form.fields[TOKEN_FIELD] = forms.CharField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4().hex,
        validators=[RegexValidator(r"^[0-9a-f]{32}$")],
        error_messages={"required": _("The form has expired. Please send it again.")},
    )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.last_name}, {obj.first_name} ({obj.party.name})"


class RegistryModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose choices come from one association; never saved directly."""

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.association = association
        _add_token(self)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DateInput()

    @property
    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values, without the token, as keyword arguments for a service."""
        return {k: v for k, v in self.cleaned_data.items() if k != TOKEN_FIELD}


class RegistryForm(forms.Form):
    """A plain form with the one-time token."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_token(self)

    @property
    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != TOKEN_FIELD}


# --- The association ---------------------------------------------------------------------


class AssociationForm(RegistryModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Association
        fields = [
            "name",
            "organisation_number",
            "small_group_threshold",
            "website",
            "contact_email",
            "plans_visible_to_all_groups",
        ]
        help_texts = {"organisation_number": _("Ten digits, e.g. 222000-1234.")}

    def clean_organisation_number(self) -> str:
        value: str = self.cleaned_data["organisation_number"].strip()
        if value and not re.fullmatch(r"\d{6}-?\d{4}", value):
            raise ValidationError(
                _("Write the organisation number as ten digits, e.g. 222000-1234.")
            )
        if value and "-" not in value:
            value = f"{value[:6]}-{value[6:]}"
        return value


# --- Places --------------------------------------------------------------------------------


class CountyPartForm(RegistryModelForm):
    class Meta:
        model = CountyPart
        fields = ["name"]


class MunicipalityForm(RegistryModelForm):
    class Meta:
        model = Municipality
        fields = ["name", "county_part", "code"]
        help_texts = {"code": _("The four-digit municipality code, e.g. 2161.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county_part"].queryset = CountyPart.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )


class PartyForm(RegistryModelForm):
    class Meta:
        model = Party
        fields = ["name", "kind", "municipality"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )


class UnitForm(RegistryModelForm):
    class Meta:
        model = Unit
        fields = ["name", "party", "unit_type", "municipality"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(association=self.association)  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )


class HealthCentreForm(RegistryModelForm):
    class Meta:
        model = HealthCentre
        fields = ["name", "municipality", "is_private"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )


# --- Groups and people ----------------------------------------------------------------------


class CooperationGroupForm(RegistryModelForm):
    class Meta:
        model = CooperationGroup
        fields = ["name", "municipalities", "description", "is_active"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}
        help_texts = {
            "is_active": _("A group that no longer meets is set inactive; its history stays."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )


class PersonForm(RegistryModelForm):
    """An official. The unit list is grouped by party and narrowed to the chosen party."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "title", "party", "unit", "email", "phone"]
        help_texts = {"unit": _("Only units of the chosen party can be chosen.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(association=self.association)
        units = Unit.objects.filter(party__association=self.association).select_related("party")
        self.fields["party"].queryset = parties  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        party_id = self.data.get(self.add_prefix("party")) or self.initial.get("party")
        self.fields["unit"].choices = unit_choices(units, party_id)  # type: ignore[attr-defined]
        # With JavaScript, choosing a party reloads the unit list for that party (htmx).
        self.fields["party"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("organisation:person_unit_options"),
                "hx-target": "#id_unit",
                "hx-trigger": "change",
            }
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        unit, party = data.get("unit"), data.get("party")
        if unit is not None and party is not None and unit.party_id != party.pk:
            self.add_error("unit", _("The unit belongs to another party."))
        return data


def unit_choices(units: Any, party_id: Any = None) -> list[Any]:
    """Choices for a unit select: one group per party, or only the chosen party's units."""
    empty = ("", "---------")
    if party_id:
        return [empty, *((u.pk, u.name) for u in units if str(u.party_id) == str(party_id))]
    grouped: dict[str, list[tuple[int, str]]] = {}
    for unit in units:
        grouped.setdefault(unit.party.name, []).append((unit.pk, unit.name))
    return [empty, *grouped.items()]


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search name or e-mail"), required=False, max_length=100)
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(association=association)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        party = self.cleaned_data.get("party")
        return {"search": self.cleaned_data.get("q") or "", "party_id": party.pk if party else None}


class SeatForm(RegistryModelForm):
    class Meta:
        model = Seat
        fields = ["party", "label", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(association=self.association)  # type: ignore[attr-defined]


# --- Trisam --------------------------------------------------------------------------------


class TrisamTeamForm(RegistryModelForm):
    class Meta:
        model = TrisamTeam
        fields = ["name", "health_centre", "group", "started_on", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["health_centre"].queryset = HealthCentre.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )
        self.fields["group"].queryset = CooperationGroup.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )


class SteeringGroupForm(RegistryModelForm):
    class Meta:
        model = SteeringGroup
        fields = ["name", "group", "municipality"]
        help_texts = {"group": _("The Mysam group that decides who sits in the steering group.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = CooperationGroup.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            association=self.association
        )


def _people_field(association: Association, label: Any = None) -> PersonChoiceField:
    return PersonChoiceField(
        label=label or _("Person"),
        queryset=Person.objects.filter(association=association).select_related("party"),
    )


class SteeringGroupMemberForm(RegistryModelForm):
    class Meta:
        model = SteeringGroupMember
        fields = ["person", "start_date", "end_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _people_field(self.association)
        self.order_fields(["person", "start_date", "end_date"])


# --- Memberships -----------------------------------------------------------------------------


class SubstituteForField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        if obj.seat is not None:
            return f"{obj.person.full_name} ({obj.seat.label})"
        return f"{obj.person.full_name} ({obj.get_role_display()})"


def _seat_field(group: CooperationGroup) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=_("Seat"),
        queryset=Seat.objects.filter(group=group, is_active=True).select_related("party"),
        required=False,
        help_text=_("Optional: the party's seat that this person holds."),
    )


class MembershipAddForm(RegistryForm):
    """Add a person to a group (the person, role, mandate, seat and period)."""

    def __init__(self, *args: Any, group: CooperationGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["person"] = _people_field(group.association)
        self.fields["role"] = forms.ChoiceField(
            label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
        )
        self.fields["substitute_for"] = SubstituteForField(
            label=_("Substitute for"),
            queryset=Membership.objects.current(today)
            .filter(group=group)
            .exclude(role__in=[MembershipRole.SUBSTITUTE, MembershipRole.GUEST])
            .select_related("person", "seat")
            .order_by("person__last_name", "person__first_name"),
            required=False,
            help_text=_("Only for a substitute: the current member they stand in for."),
        )
        self.fields["has_decision_mandate"] = forms.BooleanField(
            label=_("Decision mandate"), required=False
        )
        self.fields["seat"] = _seat_field(group)
        self.fields["start_date"] = forms.DateField(
            label=_("Start date"), initial=today, widget=DateInput()
        )
        self.fields["end_date"] = forms.DateField(
            label=_("End date"), required=False, widget=DateInput()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, substitute_for = data.get("role"), data.get("substitute_for")
        if role == MembershipRole.SUBSTITUTE and substitute_for is None:
            self.add_error(
                "substitute_for", _("A substitute must name the member they stand in for.")
            )
        elif role != MembershipRole.SUBSTITUTE and substitute_for is not None:
            self.add_error("substitute_for", _("Only a substitute stands in for someone."))
        return data


class MembershipEditForm(RegistryForm):
    """Change a membership's mandate, seat and dates."""

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["has_decision_mandate"] = forms.BooleanField(
            label=_("Decision mandate"),
            required=False,
            initial=membership.has_decision_mandate,
        )
        self.fields["seat"] = _seat_field(membership.group)
        self.fields["seat"].initial = membership.seat_id
        self.fields["start_date"] = forms.DateField(
            label=_("Start date"), initial=membership.start_date, widget=DateInput()
        )
        self.fields["end_date"] = forms.DateField(
            label=_("End date"), required=False, initial=membership.end_date, widget=DateInput()
        )


class MembershipEndForm(RegistryForm):
    end_date = forms.DateField(label=_("Last day in the group"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end_date"].initial = timezone.localdate()


class MembershipReplaceForm(RegistryForm):
    """Replace a person who leaves: the new person and the day they start."""

    mandate_choices = [
        ("keep", _("Same as the person who leaves")),
        ("yes", _("Yes")),
        ("no", _("No")),
    ]

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_person"] = _people_field(
            membership.group.association, label=_("New person")
        )
        self.fields["new_person"].queryset = self.fields["new_person"].queryset.exclude(  # type: ignore[attr-defined]
            pk=membership.person_id
        )
        self.fields["date"] = forms.DateField(
            label=_("First day of the new person"),
            initial=timezone.localdate(),
            widget=DateInput(),
            help_text=_("The membership of the person who leaves ends the day before."),
        )
        self.fields["mandate"] = forms.ChoiceField(
            label=_("Decision mandate"), choices=self.mandate_choices, initial="keep"
        )
        self.fields["reason"] = forms.CharField(label=_("Reason"), max_length=200, required=False)

    @property
    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service
        mandate = data.pop("mandate")
        data["has_decision_mandate"] = None if mandate == "keep" else mandate == "yes"
        return data


class SeatFillForm(RegistryForm):
    """Fill a vacant seat: who takes it, in which role, from when."""

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = _people_field(seat.group.association)
        # People of the seat's party first is what the office expects, but anyone may sit.
        self.fields["person"].queryset = self.fields["person"].queryset.order_by(  # type: ignore[attr-defined]
            Case(When(party_id=seat.party_id, then=0), default=1), "last_name", "first_name"
        )
        self.fields["role"] = forms.ChoiceField(
            label=_("Role"),
            choices=[
                (MembershipRole.MEMBER, MembershipRole.MEMBER.label),
                (MembershipRole.CONVENER, MembershipRole.CONVENER.label),
                (MembershipRole.CO_OPTED, MembershipRole.CO_OPTED.label),
            ],
            initial=MembershipRole.MEMBER,
        )
        self.fields["has_decision_mandate"] = forms.BooleanField(
            label=_("Decision mandate"), required=False, initial=True
        )
        self.fields["start_date"] = forms.DateField(
            label=_("Start date"), initial=timezone.localdate(), widget=DateInput()
        )


class ConfirmDeleteForm(RegistryForm):
    """Only the token: deleting asks for a confirmation."""
