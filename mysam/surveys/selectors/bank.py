"""Reads of the item bank: the filtered list, one item's use, the choices of the filters.

Fixed query counts: the list costs the same number of queries however many items the bank
holds (tested in test_bank_views).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from mysam.organisation.models import Association
from mysam.surveys.models import Item, ItemKind, Measurement

STATES = ("current", "replaced", "archived", "all")


def _items(association: Association) -> QuerySet[Item]:
    return Item.objects.filter(association=association)


def item_list(
    *, association: Association, kind: str = "", source: str = "", state: str = "current"
) -> dict[str, Any]:
    """The association's items filtered by answer type, source and state ("current": not
    replaced nor archived; "replaced": a newer wording exists; "archived"; "all"), each
    with the number of measurements that use it, and the bank's counts."""
    items = Item.objects.current() if state == "current" else Item.objects.all()
    items = items.filter(association=association).select_related("replaces", "replaced_by")
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    if source:
        items = items.filter(source=source)
    if state == "replaced":
        items = items.filter(replaced_by__isnull=False)
    elif state == "archived":
        items = items.filter(is_archived=True)
    items = items.annotate(
        measurement_count=Count("questions__questionnaire__measurement", distinct=True)
    ).order_by("code")
    return {
        "items": list(items),
        "kinds": ItemKind.choices,
        "counts": _items(association).aggregate(
            total=Count("pk"),
            current=Count("pk", filter=Q(is_archived=False, replaced_by__isnull=True)),
        ),
    }


def item_sources(*, association: Association) -> list[str]:
    """The different sources of the association's items, to filter by."""
    return list(
        _items(association)
        .exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


def item_detail(*, item: Item) -> dict[str, Any]:
    """The measurements that use an item (its lock reason), the older wording it replaces
    and the newer wording that replaced it."""
    measurements = list(
        Measurement.objects.filter(questionnaires__questions__item=item)
        .distinct()
        .order_by("-opens_on", "-created_at")
    )
    newer = Item.objects.filter(replaces=item).first()
    return {"used_in": measurements, "newer": newer}
