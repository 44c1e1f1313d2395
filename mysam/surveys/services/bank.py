"""Writes to the item bank: create, edit, replace (a new wording), archive, install.

An item's wording, kind and options (and its code and "Vet ej" choice) are the instrument.
Once a measurement has used the item (`locked_at`, set when the measurement opens) they
cannot change: a changed wording is a new item that `replaces` the old one, so results
stay comparable. Permissions are checked by the caller (mysam.surveys.access).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mysam.organisation.models import Association
from mysam.surveys.item_bank import ITEMS
from mysam.surveys.models import Item, ItemKind
from mysam.surveys.models.items import CHOICE_KINDS, SCALE_KINDS

# What a locked item keeps: the wording and scale that answers were given to.
LOCKED_FIELDS = ("code", "text", "kind", "options", "allows_dont_know")


def _clean_options(kind: str, options: Sequence[str]) -> list[str]:
    cleaned = [str(option).strip() for option in options if str(option).strip()]
    if kind in CHOICE_KINDS:
        if len(cleaned) < 2:
            raise ValidationError({"options": _("A choice question needs at least two options.")})
        if len(set(cleaned)) != len(cleaned):
            raise ValidationError({"options": _("Each option may appear only once.")})
        return cleaned
    if cleaned:
        raise ValidationError({"options": _("Only single and multiple choice items have options.")})
    return []


def _check_code(*, association: Association, code: str, exclude_pk: int | None = None) -> None:
    clash = Item.objects.filter(association=association, code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"code": _("Another item of the bank already has this code.")})


def _check_fields(*, kind: str, text: str, allows_dont_know: bool) -> None:
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Choose an answer type.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the wording of the question.")})
    if allows_dont_know and kind not in (*SCALE_KINDS, ItemKind.YES_NO, *CHOICE_KINDS):
        raise ValidationError(
            {"allows_dont_know": _("'Vet ej' can only be offered with a scale or a choice.")}
        )


@transaction.atomic
def item_create(
    *,
    association: Association,
    code: str,
    text: str,
    kind: str,
    options: Sequence[str] = (),
    help_text: str = "",
    allows_dont_know: bool = False,
    has_comment: bool = True,
    comment_label: str = "",
    source: str = "",
    is_national_indicator: bool = False,
    replaces: Item | None = None,
) -> Item:
    """Add an item to the association's bank. Refuses a code already used in the bank,
    an empty wording, options on an item that is not a choice and fewer than two options
    on one that is."""
    _check_fields(kind=kind, text=text, allows_dont_know=allows_dont_know)
    cleaned = _clean_options(kind, options)
    _check_code(association=association, code=code)
    item = Item(
        association=association,
        code=code,
        text=text.strip(),
        kind=kind,
        options=cleaned,
        help_text=help_text.strip(),
        allows_dont_know=allows_dont_know,
        has_comment=has_comment,
        comment_label=comment_label.strip() if has_comment else "",
        source=source.strip(),
        is_national_indicator=is_national_indicator,
        replaces=replaces,
    )
    item.full_clean()
    item.save()
    return item


def _locked_item(item: Item) -> Item:
    # Lock the row: opening a measurement (which sets locked_at) and an edit must not
    # interleave, or an edit could slip in after the lock.
    return Item.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def item_update(*, item: Item, **changes: Any) -> Item:
    """Change an item. A locked item (used by an opened measurement) keeps its code,
    wording, kind, options and "Vet ej" choice: changing them is refused with a message
    pointing to "Ny formulering". Its help text, comment field and source may change."""
    current = _locked_item(item)
    allowed = {
        "code",
        "text",
        "kind",
        "options",
        "help_text",
        "allows_dont_know",
        "has_comment",
        "comment_label",
        "source",
        "is_national_indicator",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"item_update() got unexpected fields {sorted(unknown)}")
    if "options" in changes:
        changes["options"] = _clean_options(changes.get("kind", current.kind), changes["options"])
    if current.is_locked:
        changed = [
            name
            for name in LOCKED_FIELDS
            if name in changes and changes[name] != getattr(current, name)
        ]
        if changed:
            raise ValidationError(
                _(
                    "This item has been used in a measurement: its code, wording and scale "
                    "cannot change. Use “New wording” to make a new item that replaces it."
                )
            )
    elif "kind" in changes and "options" not in changes:
        changes["options"] = _clean_options(changes["kind"], current.options)
    kind = changes.get("kind", current.kind)
    _check_fields(
        kind=kind,
        text=changes.get("text", current.text),
        allows_dont_know=changes.get("allows_dont_know", current.allows_dont_know),
    )
    if "code" in changes and changes["code"] != current.code:
        _check_code(association=current.association, code=changes["code"], exclude_pk=current.pk)
    for name, value in changes.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    if not current.has_comment:
        current.comment_label = ""
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def item_replace(
    *,
    item: Item,
    code: str,
    text: str,
    kind: str | None = None,
    options: Sequence[str] | None = None,
    help_text: str | None = None,
    allows_dont_know: bool | None = None,
    has_comment: bool | None = None,
    comment_label: str | None = None,
    source: str | None = None,
    is_national_indicator: bool | None = None,
) -> Item:
    """A new wording: create a new item that replaces `item` (which is then no longer
    current, and no longer offered when building questionnaires). Fields not given are
    copied from the old item. Refuses an item already replaced by another."""
    old = _locked_item(item)
    if Item.objects.filter(replaces=old).exists():
        raise ValidationError(
            _("This item has already been replaced; give the newer wording a new wording instead.")
        )
    return item_create(
        association=old.association,
        code=code,
        text=text,
        kind=kind if kind is not None else old.kind,
        options=options if options is not None else old.options,
        help_text=help_text if help_text is not None else old.help_text,
        allows_dont_know=allows_dont_know if allows_dont_know is not None else old.allows_dont_know,
        has_comment=has_comment if has_comment is not None else old.has_comment,
        comment_label=comment_label if comment_label is not None else old.comment_label,
        source=source if source is not None else old.source,
        is_national_indicator=(
            is_national_indicator if is_national_indicator is not None else False
        ),
        replaces=old,
    )


@transaction.atomic
def item_archive(*, item: Item, archived: bool = True) -> Item:
    """Archive an item (it stays in the measurements that used it but is no longer offered
    when building questionnaires), or bring it back with ``archived=False``."""
    current = _locked_item(item)
    current.is_archived = archived
    current.save(update_fields=["is_archived"])
    return current


@transaction.atomic
def item_bank_install(*, association: Association) -> int:
    """Add every item of the 2016 baseline questionnaires (mysam.surveys.item_bank) that
    the association's bank lacks, matched by code; returns how many were added. Existing
    items are left as they are, so running it twice adds nothing."""
    existing = set(
        Item.objects.filter(
            association=association, code__in=[spec.code for spec in ITEMS]
        ).values_list("code", flat=True)
    )
    missing = [spec for spec in ITEMS if spec.code not in existing]
    Item.objects.bulk_create(
        [
            Item(
                association=association,
                code=spec.code,
                text=spec.text,
                kind=spec.kind,
                options=list(spec.options),
                help_text=spec.help_text,
                allows_dont_know=spec.allows_dont_know,
                has_comment=spec.has_comment,
                comment_label=spec.comment_label if spec.has_comment else "",
                source=spec.source,
                is_national_indicator=spec.is_national_indicator,
            )
            for spec in missing
        ],
        ignore_conflicts=True,
    )
    return len(missing)
