"""Objects for the statistics rows of the permissions table (docs/permissions/statistics.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mysam.conftest import World
from mysam.organisation.tests import factories as f
from mysam.organisation.transfer import storage
from mysam.organisation.transfer.reading import ParsedFile, ParsedRow
from mysam.statistics.models import PopulationMeasure


def objects(world: World) -> dict[str, Callable[[], dict[str, Any]]]:
    def team() -> dict[str, Any]:
        centre = f.HealthCentreFactory(
            association=world.association, municipality=world.municipality
        )
        return {"pk": f.TrisamTeamFactory(health_centre=centre, group=world.group).pk}

    def measure() -> dict[str, Any]:
        return {
            "pk": PopulationMeasure.objects.create(association=world.association, name="Mått").pk
        }

    def upload() -> dict[str, Any]:
        parsed = ParsedFile(
            file_name="trisam.csv",
            columns=["team", "month", "discussed", "took_part"],
            ignored_headers=[],
            rows=[
                ParsedRow(
                    number=2,
                    values={"team": "X", "month": "2026-01", "discussed": "3", "took_part": "2"},
                )
            ],
        )
        stored = storage.upload_save(
            parsed, user_id=world.users["admin"].pk, association_id=world.association.pk
        )
        return {"kind": "trisam", "token": stored.token}

    return {
        "statistics_team": team,
        "statistics_measure": measure,
        "statistics_import_kind": lambda: {"kind": "trisam"},
        "statistics_trisam_upload": upload,
    }
