"""The item bank: questions with fixed wording and a fixed scale.

An item's wording and scale are the instrument: once a measurement has used an item it is
locked (`locked_at`), and a changed wording is a new item that names the one it `replaces`.
That keeps comparisons between measurements honest.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import Association


class ItemKind(models.TextChoices):
    FREQUENCY = "frequency", _("Frequency scale (Aldrig … Alltid)")
    EXTENT = "extent", _("Extent scale (Inte alls … Helt och hållet)")
    IMPORTANCE = "importance", _("Importance scale (Helt oviktigt … Mycket viktigt)")
    YES_NO = "yes_no", _("Yes or no")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    NUMBER = "number", _("Number")
    FREE_TEXT = "free_text", _("Free text")
    MUNICIPALITIES = "municipalities", _("Choice of municipalities (areas)")
    GROUPS = "groups", _("Choice of Mysam groups (areas)")


# The scales are part of the national instrument (DOMAIN.md, "Scales"): their Swedish
# wording is data, like an item's wording, and is never translated or reworded. The order
# matters: answers store the 1-based step, and "high values" are the top three steps.
SCALE_STEPS: dict[str, tuple[str, ...]] = {
    ItemKind.FREQUENCY: ("Aldrig", "Sällan", "Ibland", "Ofta", "För det mesta", "Alltid"),
    ItemKind.EXTENT: (
        "Inte alls",
        "Till liten del",
        "Delvis",
        "Till stor del",
        "Till mycket stor del",
        "Helt och hållet",
    ),
    ItemKind.IMPORTANCE: (
        "Helt oviktigt",
        "Ganska oviktigt",
        "Varken viktigt eller oviktigt",
        "Ganska viktigt",
        "Mycket viktigt",
    ),
    ItemKind.YES_NO: ("Ja", "Nej"),
}

SCALE_KINDS = (ItemKind.FREQUENCY, ItemKind.EXTENT, ItemKind.IMPORTANCE)
CHOICE_KINDS = (ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE)
AREA_KINDS = (ItemKind.MUNICIPALITIES, ItemKind.GROUPS)
DONT_KNOW_LABEL = "Vet ej"
HIGH_VALUE_STEPS = 3


class ItemQuerySet(models.QuerySet["Item"]):
    def current(self) -> ItemQuerySet:
        """Items not archived and not replaced by a newer wording."""
        return self.filter(is_archived=False, replaced_by__isnull=True)


class Item(models.Model):
    """One question in the association's item bank."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("A short stable name used in exports, e.g. 'lyssnar'."),
    )
    text = models.TextField(_("wording"))
    help_text = models.TextField(_("help text"), blank=True)
    kind = models.CharField(_("answer type"), max_length=20, choices=ItemKind.choices)
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("The options of a single or multiple choice question, in order."),
    )
    allows_dont_know = models.BooleanField(
        _("offer 'Vet ej'"),
        default=False,
        help_text=_("'Vet ej' is never a valid answer: it is counted as missing."),
    )
    has_comment = models.BooleanField(_("comment field"), default=True)
    comment_label = models.CharField(_("comment label"), max_length=200, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the wording comes from, e.g. the national indicator project."),
    )
    is_national_indicator = models.BooleanField(_("national indicator"), default=False)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="item_unique_code"),
            models.CheckConstraint(
                condition=~Q(replaces=models.F("pk")), name="item_not_replacing_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_scale(self) -> bool:
        return self.kind in SCALE_KINDS

    @property
    def is_area_choice(self) -> bool:
        return self.kind in AREA_KINDS

    def steps(self) -> tuple[str, ...]:
        """The labels of the valid answers in stored order (value 1 is the first).

        Empty for number, free text and area choices, whose answers are not steps.
        """
        if self.kind in SCALE_STEPS:
            return SCALE_STEPS[self.kind]
        if self.kind in CHOICE_KINDS:
            return tuple(str(option) for option in self.options)
        return ()

    def high_values(self) -> tuple[int, ...]:
        """The stored values counted as "high values": the top three steps of a scale."""
        if not self.is_scale:
            return ()
        count = len(self.steps())
        return tuple(range(count - HIGH_VALUE_STEPS + 1, count + 1))
