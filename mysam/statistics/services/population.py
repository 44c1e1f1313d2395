"""Writes of the population measure catalogue (the figures come from imports)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mysam.organisation.models import Association
from mysam.statistics.models import PopulationMeasure


def _check_name(association: Association, name: str, exclude: int | None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the measure a name.")})
    clash = PopulationMeasure.objects.filter(association=association, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": _("There is already a measure with this name.")})
    return name


@transaction.atomic
def measure_create(
    *,
    association: Association,
    name: str,
    unit: str,
    summable: bool,
    description: str = "",
    position: int = 0,
) -> PopulationMeasure:
    """Add a measure to the catalogue. Refuses an empty or already used name."""
    return PopulationMeasure.objects.create(
        association=association,
        name=_check_name(association, name, None),
        unit=unit.strip(),
        summable=summable,
        description=description.strip(),
        position=position,
    )


@transaction.atomic
def measure_update(
    *,
    measure: PopulationMeasure,
    name: str,
    unit: str,
    summable: bool,
    description: str = "",
    position: int = 0,
) -> PopulationMeasure:
    """Rename or describe a measure; its figures stay. Refuses an empty or used name."""
    measure.name = _check_name(measure.association, name, measure.pk)
    measure.unit = unit.strip()
    measure.summable = summable
    measure.description = description.strip()
    measure.position = position
    measure.save()
    return measure
