"""A measurement (baseline or follow-up), its questionnaires, sections and questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import Association
from mysam.surveys.models.items import Item


class MeasurementKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    FOLLOW_UP = "follow_up", _("Follow-up")
    OTHER = "other", _("Other")


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Measurement(models.Model):
    """A measurement of the cooperation climate, e.g. "Baslinjemätning 2016"."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="measurements"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeasurementKind.choices, default=MeasurementKind.BASELINE
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("compared with"),
        help_text=_("The earlier measurement that this one is compared with."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeasurementStatus.choices, default="draft"
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(_("closes"), null=True, blank=True)
    # The report's own texts, written by the office (part 2 renders them).
    introduction = models.TextField(_("introduction"), blank=True)
    discussion = models.TextField(_("discussion"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["-opens_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="measurement_unique_name"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="measurement_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    MANAGERS = "managers", _("Mysam representatives (managers)")
    STAFF = "staff", _("Frontline staff")
    OTHER = "other", _("Other")


class Questionnaire(models.Model):
    """One survey of a measurement, to one audience (managers or frontline staff)."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="questionnaires"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction shown to respondents"), blank=True)
    closing_text = models.TextField(_("thank-you text"), blank=True)
    screened_out_text = models.TextField(
        _("text shown when a screening question ends the survey"), blank=True
    )
    # Set when the office turns on the open link (for units without e-mail addresses);
    # answers through it carry no sample attributes and are not tracked per invitation.
    open_link_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["measurement", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class RepeatFor(models.TextChoices):
    NONE = "", _("Asked once")
    AREA = "area", _("Asked once per chosen area")


class Section(models.Model):
    """A page of a questionnaire; a per-area section is repeated for each chosen area."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # A per-area block: its questions are asked once for each municipality (or group) the
    # respondent chose in `repeat_for`, an earlier area-choice question.
    repeat_for = models.ForeignKey(
        "Question",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeated_sections",
        verbose_name=_("repeat for each area chosen in"),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_per_area(self) -> bool:
        return self.repeat_for_id is not None


class Question(models.Model):
    """An item placed in a questionnaire's section, with its conditions."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="questions", verbose_name=_("item")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=False)
    # Shown only when an earlier question was answered with one of these stored values.
    shown_if_question = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependants",
        verbose_name=_("shown only if"),
    )
    shown_if_values = models.JSONField(_("…was answered with"), default=list, blank=True)
    # A screening question: these stored values end the survey politely.
    screens_out_values = models.JSONField(
        _("answers that end the survey"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "item"], name="question_item_once_per_questionnaire"
            )
        ]

    def __str__(self) -> str:
        return self.item.text

    @property
    def is_screening(self) -> bool:
        return bool(self.screens_out_values)
