"""Writes of Trisam statistics: a team's months (entered in a month grid) and the targets."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mysam.organisation.models import Association, TrisamTeam
from mysam.statistics.models import TrisamMonth, TrisamTarget, month_start


@dataclass(frozen=True)
class MonthFigures:
    discussed: int
    took_part: int
    new_cases: int = 0
    closed_cases: int = 0


def check_figures(*, figures: MonthFigures) -> list[str]:
    """The reasons ``figures`` cannot be stored (empty when they can)."""
    problems = []
    values = (figures.discussed, figures.took_part, figures.new_cases, figures.closed_cases)
    if any(v < 0 for v in values):
        problems.append(_("Figures cannot be negative."))
    if figures.took_part > figures.discussed:
        problems.append(
            _("More took part (%(took_part)s) than were discussed (%(discussed)s).")
            % {"took_part": figures.took_part, "discussed": figures.discussed}
        )
    return problems


@transaction.atomic
def trisam_months_save(
    *, team: TrisamTeam, year: int, months: dict[int, MonthFigures | None]
) -> dict[str, int]:
    """Store a team's figures for the given months of ``year``: a month with figures is
    created or updated (one row per team and month), a month given as None is removed.
    Months left out are not touched. Refuses (ValidationError, nothing stored) negative
    figures and more who took part than were discussed. Returns counts of created, updated
    and removed months."""
    errors: dict[str, list[str]] = {}
    for month, figures in months.items():
        if not 1 <= month <= 12:
            raise ValidationError(_("There is no month %(month)s.") % {"month": month})
        if figures is not None and (problems := check_figures(figures=figures)):
            errors[f"{year}-{month:02d}"] = problems
    if errors:
        raise ValidationError(errors)
    existing = {
        row.month.month: row
        for row in TrisamMonth.objects.select_for_update().filter(team=team, month__year=year)
    }
    counts = {"created": 0, "updated": 0, "removed": 0}
    for month, figures in sorted(months.items()):
        row = existing.get(month)
        if figures is None:
            if row is not None:
                row.delete()
                counts["removed"] += 1
            continue
        if row is None:
            TrisamMonth.objects.create(
                team=team, month=month_start(year, month), **figures.__dict__
            )
            counts["created"] += 1
        elif any(getattr(row, k) != v for k, v in figures.__dict__.items()):
            for key, value in figures.__dict__.items():
                setattr(row, key, value)
            row.save()
            counts["updated"] += 1
    return counts


@transaction.atomic
def trisam_target_set(*, association: Association, year: int, percent: int) -> TrisamTarget:
    """Set the participation target of ``year`` (creates or changes it). Refuses a target
    outside 0–100 % or a year outside 2000–2100."""
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The target is a percentage from 0 to 100.")})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Give a year between 2000 and 2100.")})
    target, _created = TrisamTarget.objects.update_or_create(
        association=association, year=year, defaults={"percent": percent}
    )
    return target
