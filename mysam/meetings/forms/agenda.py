"""Forms of the agenda, its template, attachments and attendance. The forms only validate
input; the services in ``mysam.meetings.services.agenda`` write."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mysam.meetings.models import AgendaItem, AgendaItemKind
from mysam.meetings.selectors.agenda import AttendanceForm
from mysam.organisation.forms import TOKEN_FIELD
from mysam.organisation.models import Membership, Person


def _add_token(form: forms.BaseForm) -> None:
    form.fields[TOKEN_FIELD] = forms.CharField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4().hex,
        validators=[RegexValidator(r"^[0-9a-f]{32}$")],
        error_messages={"required": _("The form has expired. Please send it again.")},
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    presenter = forms.CharField(
        label=_("Presenter"),
        max_length=200,
        required=False,
        help_text=_("Who presents the item, e.g. “Kerstin, Försäkringskassan”."),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated minutes"), min_value=0, max_value=600, required=False
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, token: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if token:
            _add_token(self)

    @property
    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != TOKEN_FIELD}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class ConfirmForm(forms.Form):
    """No fields: a page that only asks to confirm."""


class OfferForm(forms.Form):
    """One click on an offered item: the plan follow-up or an open action item."""

    offer = forms.CharField(max_length=40)


class AgendaTemplateItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AgendaItemKind.choices, initial=AgendaItemKind.TOPIC
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated minutes"), min_value=0, max_value=600, required=False
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        required=False,
        help_text=_("Change the numbers to reorder the items."),
    )
    remove = forms.BooleanField(label=_("Remove"), required=False)


AgendaTemplateItemFormSet = forms.formset_factory(AgendaTemplateItemForm, extra=2)


class AgendaTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name of the template"), max_length=200)


def template_items_from_formset(formset: Any) -> list[dict[str, object]]:
    """The kept rows of the template formset, in the order of their positions."""
    rows = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("remove") or not (data.get("title") or "").strip():
            continue
        position = data.get("position") or (index + 1)
        rows.append(
            (
                position,
                index,
                {
                    "title": data["title"].strip(),
                    "kind": data["kind"],
                    "estimated_minutes": data.get("estimated_minutes"),
                },
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("At most 20 MB: PDF, Word, Excel, PowerPoint, PNG, JPG, text or CSV."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The whole meeting"),
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]
        _add_token(self)


class AttendanceRecordForm(forms.Form):
    """Present/absent per person, and for substitutes whom they replace."""

    def __init__(self, *args: Any, roster: AttendanceForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.roster = roster
        choices = [("present", _("Present")), ("absent", _("Absent"))]
        replaceable: list[tuple[str, str]] = [("", str(_("Nobody")))]
        replaceable += [(str(r.person.pk), r.person.full_name) for r in roster.replaceable]
        for row in roster.rows:
            key = f"status_{row.person.pk}"
            self.fields[key] = forms.ChoiceField(
                label=row.person.full_name,
                choices=choices,
                widget=forms.RadioSelect,
                initial=None if row.present is None else ("present" if row.present else "absent"),
                error_messages={
                    "required": _("Mark %(name)s as present or absent.")
                    % {"name": row.person.full_name}
                },
            )
            if row.can_replace:
                self.fields[f"replaces_{row.person.pk}"] = forms.ChoiceField(
                    label=_("Replaces"),
                    choices=replaceable,
                    required=False,
                    initial=str(row.replaces_id) if row.replaces_id else "",
                )

    def entries_data(self) -> list[tuple[Any, bool, int | None]]:
        """(roster row, present, replaced person pk) per person."""
        out = []
        for row in self.roster.rows:
            present = self.cleaned_data[f"status_{row.person.pk}"] == "present"
            replaces = self.cleaned_data.get(f"replaces_{row.person.pk}") or None
            out.append((row, present, int(replaces) if replaces else None))
        return out

    def bound_rows(self) -> list[tuple[Any, Any, Any]]:
        """(roster row, status field, replaces field or None) for the template."""
        return [
            (
                row,
                self[f"status_{row.person.pk}"],
                self[f"replaces_{row.person.pk}"] if row.can_replace else None,
            )
            for row in self.roster.rows
        ]


def _person_label(person: Person) -> str:
    party = person.party.name if person.party_id else ""
    return f"{person.last_name}, {person.first_name} ({party})"


class AddAttendeeForm(forms.Form):
    """Add a guest from the association, or a co-opted member invited to this meeting."""

    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    role_label = forms.CharField(
        label=_("Role"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the person's title."),
    )

    def __init__(
        self,
        *args: Any,
        candidates: list[Person],
        co_opted: list[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        co_ids = {m.person_id for m in co_opted}
        self.people = {p.pk: p for p in candidates}
        self.people.update({m.person.pk: m.person for m in co_opted})
        # Grouped: the group's co-opted members first, then the others of the association.
        groups: list[Any] = [("", _("Choose a person"))]
        if co_opted:
            groups.append(
                (
                    _("Co-opted members of the group"),
                    [(m.person.pk, _person_label(m.person)) for m in co_opted],
                )
            )
        groups.append(
            (
                _("Others in the association"),
                [(p.pk, _person_label(p)) for p in candidates if p.pk not in co_ids],
            )
        )
        self.fields["person"].choices = groups  # type: ignore[attr-defined]

    def clean_person(self) -> Person:
        return self.people[self.cleaned_data["person"]]
