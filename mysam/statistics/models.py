"""Trisam and population statistics: aggregate counts per team and month, and figures per
municipality and year. Never anything about a person."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mysam.organisation.models import Association, Municipality, TrisamTeam


class TrisamTarget(models.Model):
    """The association's target for the participation rate in a year (e.g. 80 % in 2026)."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="trisam_targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    percent = models.PositiveSmallIntegerField(_("target (%)"))

    class Meta:
        verbose_name = _("Trisam target")
        verbose_name_plural = _("Trisam targets")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year"], name="trisam_target_one_per_year"
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="trisam_target_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.percent} %"

    @property
    def share(self) -> float:
        return self.percent / 100


class TrisamMonth(models.Model):
    """One Trisam team's aggregate figures for one month (``month`` is its first day)."""

    team = models.ForeignKey(
        TrisamTeam, on_delete=models.CASCADE, related_name="months", verbose_name=_("Trisam team")
    )
    month = models.DateField(_("month"))
    discussed = models.PositiveIntegerField(_("individuals discussed"))
    took_part = models.PositiveIntegerField(_("took part in their own meeting"))
    new_cases = models.PositiveIntegerField(_("new cases"), default=0)
    closed_cases = models.PositiveIntegerField(_("closed cases"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Trisam month")
        verbose_name_plural = _("Trisam months")
        ordering = ["team", "month"]
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="trisam_month_one_per_team"),
            models.CheckConstraint(
                condition=Q(took_part__lte=F("discussed")),
                name="trisam_took_part_at_most_discussed",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="trisam_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.month:%Y-%m}"


def month_start(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, 1)


class PopulationMeasure(models.Model):
    """A measure of the cooperation population, e.g. people 16–64 with försörjningsstöd."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="population_measures"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=40, default="personer")
    summable = models.BooleanField(
        _("county figure is the sum of the municipalities"),
        default=True,
        help_text=_(
            "Counts add up to a county figure. For shares and rates, import the county's own "
            "figure (municipality “Länet”); it is never summed."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("population measure")
        verbose_name_plural = _("population measures")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="population_measure_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def decimals(self) -> int:
        """Counts are shown whole; shares and rates (not summable) with one decimal."""
        return 0 if self.summable else 1


class PopulationFigure(models.Model):
    """A measure's value for a municipality and year; ``municipality`` empty = the county."""

    measure = models.ForeignKey(PopulationMeasure, on_delete=models.CASCADE, related_name="figures")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "municipality", "year"],
                condition=Q(municipality__isnull=False),
                name="population_figure_one_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["measure", "year"],
                condition=Q(municipality__isnull=True),
                name="population_figure_one_per_county",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.municipality_id or 'län'} {self.year}"
