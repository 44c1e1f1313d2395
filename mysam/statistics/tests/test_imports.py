"""Importing Trisam and population figures: validation per row (in Swedish), all or
nothing, and re-importing the same keys updates them with a count of changed rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mysam.statistics.models import PopulationFigure, TrisamMonth
from mysam.statistics.services import imports
from mysam.statistics.tests.factories import make_measure, make_month, make_team

pytestmark = pytest.mark.django_db


def upload(world, kind: str, text: str, name: str = "fil.csv", encoding: str = "utf-8"):
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return imports.statistics_import_store(
        association=world.association, user_id=world.users["admin"].pk, kind=kind, file=file
    )


def apply(world, stored):
    return imports.statistics_import_apply(association=world.association, upload=stored)


def test_a_trisam_file_is_imported_and_reimporting_updates_with_counts(world):
    team = make_team(world.association, world.municipality, name="Trisam Hofors")
    text = "team;month;discussed;took_part;new;closed\nTrisam Hofors;2026-01;52;41;6;4\nTrisam Hofors;2026-02;10;8;;\n"
    result = apply(world, upload(world, "trisam", text))
    assert (result["new"], result["update"], result["same"]) == (2, 0, 0)
    row = TrisamMonth.objects.get(team=team, month=datetime.date(2026, 1, 1))
    assert (row.discussed, row.took_part, row.new_cases, row.closed_cases) == (52, 41, 6, 4)
    text2 = "team;month;discussed;took_part;new;closed\nTrisam Hofors;2026-01;52;42;6;4\nTrisam Hofors;2026-02;10;8;0;0\n"
    result = apply(world, upload(world, "trisam", text2))
    assert (result["new"], result["update"], result["same"]) == (0, 1, 1)
    assert TrisamMonth.objects.count() == 2
    assert TrisamMonth.objects.get(team=team, month=datetime.date(2026, 1, 1)).took_part == 42


def test_swedish_headers_and_windows_1252_are_read(world):
    make_team(world.association, world.municipality, name="Trisam Söderhamn")
    text = "Team,Månad,Aktualiserade,Deltog,Nya,Avslutade\nTrisam Söderhamn,2026-03,7,6,1,0\n"
    result = apply(world, upload(world, "trisam", text, encoding="cp1252"))
    assert result["new"] == 1


def test_one_wrong_row_imports_nothing_and_every_row_error_is_shown_in_swedish(world):
    team = make_team(world.association, world.municipality, name="Trisam Hofors")
    make_month(team, 2026, 1, 5, 5)
    text = (
        "team;month;discussed;took_part\n"
        "Trisam Hofors;2026-01;9;9\n"  # fine (an update)
        "Trisam Hofors;2026-13;9;9\n"  # no month 13
        "Trisam Nowhere;2026-02;9;9\n"  # unknown team
        "Trisam Hofors;2026-03;4;5\n"  # took part > discussed
        "Trisam Hofors;2026-04;-1;0\n"  # negative
        "Trisam Hofors;2026-01;9;9\n"  # duplicate of row 2
    )
    stored = upload(world, "trisam", text)
    with translation.override("sv"):
        plan = imports.statistics_import_plan(association=world.association, upload=stored)
        with pytest.raises(imports.ImportRejected):
            apply(world, stored)
    assert [r.number for r in plan.errors] == [3, 4, 5, 6, 7]
    assert all(r.errors for r in plan.errors)
    assert TrisamMonth.objects.get(team=team).took_part == 5  # unchanged
    assert TrisamMonth.objects.count() == 1


def test_an_upload_is_imported_once(world):
    make_team(world.association, world.municipality, name="Trisam Hofors")
    stored = upload(world, "trisam", "team;month;discussed;took_part\nTrisam Hofors;2026-01;3;2\n")
    apply(world, stored)
    from mysam.organisation.transfer import storage

    again = storage.upload_load(
        stored.token, user_id=world.users["admin"].pk, association_id=world.association.pk
    )
    with pytest.raises(imports.AlreadySubmitted):
        apply(world, again)
    assert TrisamMonth.objects.count() == 1


def test_a_file_without_the_columns_is_refused(world):
    with pytest.raises(imports.ImportFileError):
        upload(world, "trisam", "namn;datum\nx;y\n")
    with pytest.raises(imports.ImportFileError):
        upload(world, "befolkning", "team;month;discussed;took_part\nx;2026-01;1;1\n")


def test_a_team_of_another_association_is_not_found(world):
    from mysam.organisation.tests import factories as f

    other_municipality = f.MunicipalityFactory(association=world.other_association)
    make_team(world.other_association, other_municipality, name="Trisam Annat")
    stored = upload(world, "trisam", "team;month;discussed;took_part\nTrisam Annat;2026-01;3;2\n")
    plan = imports.statistics_import_plan(association=world.association, upload=stored)
    assert plan.errors and plan.errors[0].number == 2


def test_population_figures_are_imported_with_county_rows_and_reimport_counts_changes(world):
    measure = make_measure(world.association, "Långtidssjukskrivna > 90 dagar")
    text = (
        "kommun;mått;år;värde\n"
        "Hofors;Långtidssjukskrivna > 90 dagar;2024;112\n"
        "Hofors;Långtidssjukskrivna > 90 dagar;2025;120,5\n"
        "Länet;Långtidssjukskrivna > 90 dagar;2025;4 310\n"
    )
    result = apply(world, upload(world, "befolkning", text))
    assert result["new"] == 3
    assert PopulationFigure.objects.get(
        measure=measure, municipality=None, year=2025
    ).value == Decimal("4310.00")
    text2 = text.replace("2025;120,5", "2025;121")
    result = apply(world, upload(world, "befolkning", text2))
    assert (result["new"], result["update"], result["same"]) == (0, 1, 2)
    assert PopulationFigure.objects.count() == 3


def test_population_rows_with_unknown_measure_municipality_year_or_value_are_refused(world):
    make_measure(world.association, "Försörjningsstöd")
    text = (
        "kommun;mått;år;värde\n"
        "Hofors;Okänt mått;2024;1\n"
        "Ingenstans;Försörjningsstöd;2024;1\n"
        "Hofors;Försörjningsstöd;24;1\n"
        "Hofors;Försörjningsstöd;2024;mycket\n"
        "Hofors;Försörjningsstöd;2023;5\n"
    )
    stored = upload(world, "befolkning", text)
    with pytest.raises(imports.ImportRejected) as rejected:
        apply(world, stored)
    assert [r.number for r in rejected.value.plan.errors] == [2, 3, 4, 5]
    assert not PopulationFigure.objects.exists()


def test_the_documented_sample_files_import(world):
    from pathlib import Path

    samples = Path(__file__).resolve().parents[3] / "docs" / "samples"
    ockelbo = f_municipality(world, "Ockelbo")
    for name, municipality in (
        ("Trisam Hofors", world.municipality),
        ("Trisam Bollnäs", ockelbo),
        ("Trisam Söderhamn", ockelbo),
    ):
        make_team(world.association, municipality, name=name)
    make_measure(world.association, "Personer 16–64 år med försörjningsstöd")
    make_measure(world.association, "Andel 16–64 år med försörjningsstöd", summable=False)
    trisam = apply(world, upload(world, "trisam", (samples / "trisam-example.csv").read_text()))
    population = apply(
        world, upload(world, "befolkning", (samples / "population-example.csv").read_text())
    )
    assert (trisam["new"], population["new"]) == (5, 5)


def f_municipality(world, name: str):
    from mysam.organisation.tests import factories as f

    return f.MunicipalityFactory(association=world.association, name=name)
