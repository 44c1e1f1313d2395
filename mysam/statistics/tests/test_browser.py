"""The Trisam pages (overview, a team's month grid), the population pages and the dashboard
in Chromium: no axe-core WCAG 2.1 A/AA violation at desktop and phone width; the convener
enters a month through the grid.

Set MYSAM_SCREENSHOTS=<dir> to keep screenshots of the pages for a look."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from mysam.conftest import axe_violations, format_violations, page_problems, signed_in_context
from mysam.statistics.models import TrisamMonth, TrisamTarget
from mysam.statistics.tests.factories import make_figure, make_measure, make_month, make_team


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("MYSAM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_trisam_population_and_dashboard_pages_pass_axe(chromium, live_server, world):  # type: ignore[no-untyped-def]
    team = make_team(world.association, world.municipality, group=world.group, name="Trisam Hofors")
    for month, (discussed, took_part) in enumerate([(30, 25), (22, 16), (12, 11)], start=1):
        make_month(team, 2026, month, discussed, took_part, new=3, closed=2)
    TrisamTarget.objects.create(association=world.association, year=2026, percent=80)
    measure = make_measure(world.association, "Långtidssjukskrivna > 90 dagar")
    for year, value in ((2023, 110), (2024, 118), (2025, 121)):
        make_figure(measure, world.municipality, year, value)
    convener, admin, board = (world.users[r] for r in ("convener", "admin", "board"))
    team_url = reverse("statistics:trisam_team", args=[team.pk]) + "?year=2026"
    pages = [
        (board, reverse("statistics:index")),
        (board, reverse("statistics:trisam") + "?year=2026"),
        (convener, team_url),
        (admin, reverse("statistics:trisam_targets")),
        (board, reverse("statistics:population")),
        (
            board,
            reverse("statistics:population_measure", args=[measure.pk])
            + f"?kommun={world.municipality.pk}",
        ),
        (admin, reverse("statistics:import_upload", args=["trisam"])),
        (admin, reverse("statistics:measure_create")),
        (board, reverse("insights:dashboard")),
        (admin, reverse("insights:dashboard")),
    ]
    problems = page_problems(chromium, live_server, pages)
    assert not problems, "\n".join(problems)

    # The convener enters April through the grid; a wrong month shows an error summary.
    context = signed_in_context(chromium, live_server, convener)
    page = context.new_page()
    page.goto(live_server.url + team_url)
    page.fill("#id_m4_discussed", "8")
    page.fill("#id_m4_took_part", "9")
    page.click("#trisam-grid button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    assert not axe_violations(page), format_violations(axe_violations(page))
    page.fill("#id_m4_took_part", "7")
    page.click("#trisam-grid button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert TrisamMonth.objects.get(team=team, month__month=4).took_part == 7
    _shot(page, "trisam-team")
    page.goto(live_server.url + reverse("statistics:trisam") + "?year=2026")
    _shot(page, "trisam-overview")
    page.goto(
        live_server.url
        + reverse("statistics:population_measure", args=[measure.pk])
        + f"?kommun={world.municipality.pk}"
    )
    _shot(page, "population-measure")
    context.close()
    context = signed_in_context(chromium, live_server, board)
    page = context.new_page()
    page.goto(live_server.url + reverse("insights:dashboard"))
    _shot(page, "dashboard")
    context.close()
