"""Forms of the item bank. They only check input; mysam.surveys.services.bank writes and
refuses what the rules forbid (a locked item's wording, a duplicate code)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from mysam.organisation.forms import TOKEN_FIELD
from mysam.surveys.models import Item, ItemKind
from mysam.surveys.selectors.bank import STATES
from mysam.surveys.services.bank import LOCKED_FIELDS


def add_token(form: forms.BaseForm) -> None:
    form.fields[TOKEN_FIELD] = forms.CharField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4().hex,
        validators=[RegexValidator(r"^[0-9a-f]{32}$")],
        error_messages={"required": _("The form has expired. Please send it again.")},
    )


class OnceForm(forms.Form):
    """A form that may carry the one-time token; ``data_for_service`` leaves it out."""

    def __init__(self, *args: Any, token: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if token:
            add_token(self)

    @property
    def token(self) -> str:
        return str(self.cleaned_data.get(TOKEN_FIELD, ""))

    @property
    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != TOKEN_FIELD}


class ItemFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Answer type"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("current", _("Current items")),
            ("replaced", _("Replaced by a newer wording")),
            ("archived", _("Archived")),
            ("all", _("All items")),
        ],
    )

    def __init__(self, *args: Any, sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind, source = self.fields["kind"], self.fields["source"]
        assert isinstance(kind, forms.ChoiceField) and isinstance(source, forms.ChoiceField)  # noqa: S101
        kind.choices = [("", _("All types")), *ItemKind.choices]
        source.choices = [("", _("All sources")), *[(s, s) for s in sources]]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"kind": "", "source": "", "state": "current"}
        state = self.cleaned_data["state"] or "current"
        return {
            "kind": self.cleaned_data["kind"],
            "source": self.cleaned_data["source"],
            "state": state if state in STATES else "current",
        }


class ItemForm(OnceForm):
    """An item's fields. For a locked item the instrument's fields are shown read-only
    (disabled: the browser does not send them and the form keeps the stored values)."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("A short stable name used in exports: lower-case letters, digits, - and _."),
    )
    text = forms.CharField(
        label=_("Wording"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    kind = forms.ChoiceField(label=_("Answer type"), choices=ItemKind.choices)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For single and multiple choice: one option per line, in order."),
    )
    allows_dont_know = forms.BooleanField(
        label=_("Offer 'Vet ej' (counted as missing)"), required=False
    )
    help_text = forms.CharField(
        label=_("Help text for respondents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    has_comment = forms.BooleanField(label=_("Comment field"), required=False)
    comment_label = forms.CharField(
        label=_("Label of the comment field"),
        required=False,
        max_length=200,
        help_text=_("E.g. “Kommentar” or “Annat, nämligen”."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=200,
        help_text=_("Where the wording comes from, e.g. “Indikatorprojektet (NNS)”."),
    )
    is_national_indicator = forms.BooleanField(
        label=_("National indicator (keep the wording unchanged)"), required=False
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locked = locked
        if locked:
            for name in LOCKED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Locked: the item has been used in a measurement.")

    @staticmethod
    def initial_for(item: Item) -> dict[str, Any]:
        return {
            "code": item.code,
            "text": item.text,
            "kind": item.kind,
            "options": "\n".join(str(option) for option in item.options),
            "allows_dont_know": item.allows_dont_know,
            "help_text": item.help_text,
            "has_comment": item.has_comment,
            "comment_label": item.comment_label,
            "source": item.source,
            "is_national_indicator": item.is_national_indicator,
        }

    def clean_options(self) -> list[str]:
        raw = self.cleaned_data.get("options") or ""
        if isinstance(raw, list):
            return raw
        return [line.strip() for line in str(raw).splitlines() if line.strip()]

    @property
    def data_for_service(self) -> dict[str, Any]:
        data = super().data_for_service
        if self.locked:
            for name in LOCKED_FIELDS:
                data.pop(name, None)
        return data


class ConfirmForm(forms.Form):
    """A POST with nothing but the CSRF token (archive, install, open, close)."""
