"""The form of one questionnaire page, built from the engine's page.

Every question is one field named by its slot key (``q12``, or ``q12-m5`` for municipality
5 in a per-area block): radio buttons in a fieldset for scales, yes/no and single choice
(with "Vet ej" as the last option where the item allows it), checkboxes for multiple
choice and area choices, a number or a text box; an optional comment box
(``q12-comment``) where the item has one. Required questions say so in Swedish.

Screen readers hear each field named in full: in a per-area block the question's label
carries the area's name (visually hidden, the heading shows it), and a comment box is
named "Comment on the question: …" with the question (and area), not just "Comment".
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from mysam.surveys import engine
from mysam.surveys.models.items import DONT_KNOW_LABEL, ItemKind

DONT_KNOW = "dk"
COMMENT_SUFFIX = "-comment"
TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)
MAX_NUMBER = 1_000_000


class RadioSelect(forms.RadioSelect):
    """Radio buttons whose field id is the first button's, so that the error summary's link
    (``#id_…``) moves the focus to the question. The class keeps Django's name, so that
    ``forms/field.html`` (which looks at ``widget_type``) renders it in a fieldset."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index if index is not None else "0")


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index if index is not None else "0")


def _choice_field(item: engine.ItemSpec, label: str, required: bool) -> forms.Field:
    choices = [(str(n), step) for n, step in enumerate(item.steps(), start=1)]
    if item.allows_dont_know:
        choices.append((DONT_KNOW, DONT_KNOW_LABEL))
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=RadioSelect,
        help_text=item.help_text,
        error_messages={"required": _("Choose an answer.")},
    )


def _multiple_field(
    item: engine.ItemSpec, label: str, required: bool, areas: tuple[engine.Area, ...]
) -> forms.Field:
    if item.is_area_choice:
        choices = [(str(area.pk), area.name) for area in areas]
    else:
        choices = [(str(n), step) for n, step in enumerate(item.steps(), start=1)]
        if item.allows_dont_know:
            choices.append((DONT_KNOW, DONT_KNOW_LABEL))
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=CheckboxSelectMultiple,
        help_text=item.help_text,
        error_messages={"required": _("Choose at least one.")},
    )


def question_label(slot: engine.Slot) -> str:
    """The question's label; in a per-area block with the area's name, visually hidden
    (the page's heading shows it), so that a screen reader names the area too."""
    text = slot.question.item.text
    if slot.area is None:
        return text
    return format_html('{}<span class="visually-hidden"> – {}</span>', text, slot.area.name)


def comment_label(slot: engine.Slot) -> SafeString:
    """The comment box's label: the item's label (or "Comment") and, visually hidden, the
    question it comments on (with the area in a per-area block)."""
    item = slot.question.item
    question = item.text if slot.area is None else f"{item.text} – {slot.area.name}"
    hidden = _("on the question: %(question)s") % {"question": question}
    return format_html(
        '{}<span class="visually-hidden"> {}</span>', item.comment_label or _("Comment"), hidden
    )


def field_for(structure: engine.Structure, slot: engine.Slot) -> forms.Field:
    item = slot.question.item
    label = question_label(slot)
    required = slot.question.required
    if item.is_multiple:
        return _multiple_field(item, label, required, structure.areas_for(item))
    if item.steps():
        return _choice_field(item, label, required)
    if item.kind == ItemKind.NUMBER:
        return forms.IntegerField(
            label=label,
            required=required,
            min_value=0,
            max_value=MAX_NUMBER,
            help_text=item.help_text,
            error_messages={"required": _("Give a number."), "invalid": _("Give a whole number.")},
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        )
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text=item.help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write an answer.")},
    )


class PageForm(forms.Form):
    """The questions of one page; ``given()`` returns what was answered, per slot key.

    ``strict=False`` (saving to continue later) drops the required checks and keeps what
    is valid, so a half-filled page can be saved."""

    def __init__(
        self,
        *args: Any,
        structure: engine.Structure,
        page: engine.Page,
        answers: engine.Answers,
        strict: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", _initial(page, answers))
        super().__init__(*args, **kwargs)
        self.page = page
        self.rows: list[tuple[engine.Slot, forms.BoundField, forms.BoundField | None]] = []
        for slot in page.slots:
            field = field_for(structure, slot)
            if not strict:
                field.required = False
            self.fields[slot.key] = field
            if slot.question.item.has_comment:
                self.fields[slot.key + COMMENT_SUFFIX] = forms.CharField(
                    label=comment_label(slot),
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput,
            initial=uuid.uuid4().hex,
            required=False,
            validators=[RegexValidator(r"^[0-9a-f]{32}$")],
        )
        for slot in page.slots:
            comment = slot.key + COMMENT_SUFFIX
            self.rows.append(
                (slot, self[slot.key], self[comment] if comment in self.fields else None)
            )

    @property
    def token(self) -> str:
        return str(self.cleaned_data.get(TOKEN_FIELD) or "")

    def given(self) -> dict[str, engine.Given]:
        """What the page's valid fields say, per slot key."""
        data = getattr(self, "cleaned_data", {})
        result: dict[str, engine.Given] = {}
        for slot in self.page.slots:
            raw = data.get(slot.key)
            comment = str(data.get(slot.key + COMMENT_SUFFIX) or "").strip()
            given = engine.Given(comment=comment)
            if isinstance(raw, list):
                if DONT_KNOW in raw:
                    given.dont_know = True
                else:
                    given.values = [int(v) for v in raw]
            elif raw == DONT_KNOW:
                given.dont_know = True
            elif isinstance(raw, int):
                given.values = [raw]
            elif isinstance(raw, str) and raw:
                if slot.question.item.steps():
                    given.values = [int(raw)]
                else:
                    given.text = raw.strip()
            result[slot.key] = given
        return result


def _initial(page: engine.Page, answers: engine.Answers) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for slot in page.slots:
        given = answers.get(slot.key)
        if given is None:
            continue
        item = slot.question.item
        if given.dont_know:
            initial[slot.key] = [DONT_KNOW] if item.is_multiple else DONT_KNOW
        elif item.is_multiple:
            initial[slot.key] = [str(v) for v in given.values]
        elif item.steps():
            initial[slot.key] = str(given.values[0]) if given.values else None
        elif item.kind == ItemKind.NUMBER:
            initial[slot.key] = given.values[0] if given.values else None
        else:
            initial[slot.key] = given.text
        if given.comment:
            initial[slot.key + COMMENT_SUFFIX] = given.comment
    return initial
