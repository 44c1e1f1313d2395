"""The statistics pages over HTTP: who may read and enter, the month grid, targets,
measures and the import flow."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mysam.organisation.tests import factories as f
from mysam.statistics.models import PopulationFigure, PopulationMeasure, TrisamMonth, TrisamTarget
from mysam.statistics.tests.factories import make_measure, make_month, make_team

pytestmark = pytest.mark.django_db


def grid(year_month: dict[int, tuple[str, str, str, str]]) -> dict[str, str]:
    data = {}
    for month in range(1, 13):
        values = year_month.get(month, ("", "", "", ""))
        for key, value in zip(
            ("discussed", "took_part", "new_cases", "closed_cases"), values, strict=True
        ):
            data[f"m{month}_{key}"] = value
    return data


def team_url(team) -> str:
    return reverse("statistics:trisam_team", args=[team.pk]) + "?year=2026"


def test_the_convener_of_the_teams_group_enters_months(world, clients):
    team = make_team(world.association, world.municipality, group=world.group)
    response = clients["convener"].post(team_url(team), grid({1: ("52", "41", "6", "4")}))
    assert response.status_code == 302
    row = TrisamMonth.objects.get(team=team)
    assert (row.month, row.discussed, row.took_part) == (datetime.date(2026, 1, 1), 52, 41)
    # Saving the grid again edits the month, never a second row.
    clients["convener"].post(team_url(team), grid({1: ("52", "42", "6", "4")}))
    assert TrisamMonth.objects.get(team=team).took_part == 42


def test_the_grid_refuses_more_took_part_than_discussed(world, clients):
    team = make_team(world.association, world.municipality, group=world.group)
    response = clients["admin"].post(team_url(team), grid({2: ("3", "4", "", "")}))
    assert response.status_code == 200
    assert b"error-summary" in response.content
    assert not TrisamMonth.objects.exists()


def test_members_read_the_team_but_may_not_enter(world, clients):
    team = make_team(world.association, world.municipality, group=world.group)
    make_month(team, 2026, 3, 10, 9)
    response = clients["member"].get(team_url(team))
    assert response.status_code == 200 and b'name="m3_discussed"' not in response.content
    assert clients["member"].post(team_url(team), grid({1: ("1", "1", "", "")})).status_code == 403
    assert clients["board"].post(team_url(team), grid({1: ("1", "1", "", "")})).status_code == 403
    assert TrisamMonth.objects.count() == 1


def test_a_convener_of_another_group_may_not_enter(world, clients):
    other_group = f.CooperationGroupFactory(association=world.association, name="Mysam Annan")
    team = make_team(world.association, world.municipality, group=other_group)
    assert clients["convener"].post(team_url(team), grid({})).status_code == 403


def test_another_associations_team_and_measure_are_not_found(world, clients):
    municipality = f.MunicipalityFactory(association=world.other_association)
    team = make_team(world.other_association, municipality)
    measure = make_measure(world.other_association)
    assert clients["admin"].get(team_url(team)).status_code == 404
    assert clients["admin"].post(team_url(team), grid({})).status_code == 404
    url = reverse("statistics:population_measure", args=[measure.pk])
    assert clients["admin"].get(url).status_code == 404
    assert (
        clients["admin"].get(reverse("statistics:measure_edit", args=[measure.pk])).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(world, clients):
    for url in (
        reverse("statistics:index"),
        reverse("statistics:trisam"),
        reverse("statistics:population"),
    ):
        response = clients["anonymous"].get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_the_office_sets_the_target_and_others_may_not(world, clients):
    url = reverse("statistics:trisam_targets")
    assert clients["board"].post(url, {"year": "2026", "percent": "80"}).status_code == 403
    assert clients["convener"].get(url).status_code == 403
    assert clients["admin"].post(url, {"year": "2026", "percent": "80"}).status_code == 302
    assert TrisamTarget.objects.get(association=world.association, year=2026).percent == 80


def test_the_overview_shows_the_rate_with_its_denominator_against_the_target(world, clients):
    team = make_team(world.association, world.municipality, name="Trisam Hofors")
    make_month(team, 2026, 1, 30, 25)
    make_month(team, 2026, 2, 22, 16)
    TrisamTarget.objects.create(association=world.association, year=2026, percent=80)
    response = clients["member"].get(reverse("statistics:trisam") + "?year=2026")
    assert response.status_code == 200
    text = response.content.decode()
    assert re.search(r"41 (of|av) 52, 79\xa0?\s?%", text)
    assert 'id="trisam-teams"' in text and "<caption>" in text  # chart and table


def test_a_measure_is_created_once_per_form(world, clients):
    url = reverse("statistics:measure_create")
    page = clients["admin"].get(url).content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]{32})"', page)
    assert token
    data = {"name": "Unga utanför", "unit": "personer", "summable": "on", "form_token": token[1]}
    assert clients["admin"].post(url, data).status_code == 302
    assert clients["admin"].post(url, data).status_code == 302
    assert PopulationMeasure.objects.filter(association=world.association).count() == 1
    assert clients["board"].post(url, data).status_code == 403


def test_the_import_flow_previews_errors_then_imports(world, clients):
    make_measure(world.association, "Försörjningsstöd")
    admin = clients["admin"]
    url = reverse("statistics:import_upload", args=["befolkning"])
    bad = SimpleUploadedFile(
        "b.csv", "kommun;mått;år;värde\nHofors;Försörjningsstöd;2025;x\n".encode()
    )
    response = admin.post(url, {"file": bad})
    assert response.status_code == 302
    preview = admin.get(response["Location"])
    assert (
        b"error-summary" in preview.content
        and b'action="' not in preview.content.split(b"error-summary")[0][-1:]
    )
    confirm = response["Location"] + "bekrafta/"
    rejected = admin.post(confirm)
    assert rejected.status_code == 200 and not PopulationFigure.objects.exists()
    good = SimpleUploadedFile(
        "g.csv", "kommun;mått;år;värde\nHofors;Försörjningsstöd;2025;12\n".encode()
    )
    response = admin.post(url, {"file": good})
    assert admin.post(response["Location"] + "bekrafta/").status_code == 302
    assert PopulationFigure.objects.get().value == 12
    result = admin.get(response["Location"])
    assert b'id="count-new">1<' in result.content
    # Another user (even the board) cannot open the upload.
    assert clients["board"].get(response["Location"]).status_code == 403


def test_an_unknown_import_kind_is_not_found(world, clients):
    assert clients["admin"].get("/statistik/import/okant/").status_code == 404
