"""Applying (convener) and deciding (board) in Chromium, and the funding pages: no axe-core
WCAG 2.1 A/AA violation at desktop and phone width.

Set MYSAM_SCREENSHOTS=<dir> to keep screenshots of the pages for a look."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from mysam.conftest import axe_violations, format_violations, page_problems, signed_in_context
from mysam.funding.models import ApplicationStatus, FundingApplication
from mysam.funding.services import applications as app_services
from mysam.funding.services import budgets as budget_services
from mysam.funding.services import interventions as int_services
from mysam.funding.tests import factories
from mysam.plans.services import budget_set


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("MYSAM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _no_violations(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, format_violations(violations)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_convener_applies_and_the_board_decides(chromium, live_server, world):  # type: ignore[no-untyped-def]
    context = signed_in_context(chromium, live_server, world.users["convener"])
    page = context.new_page()
    page.goto(live_server.url + reverse("funding:application_create"))
    _no_violations(page)
    page.fill("#id_title", "Arbetsträning i Hofors")
    page.select_option("#id_applicant_group", str(world.group.pk))
    page.fill("#id_target_group", "Unga vuxna 18–29 år")
    page.fill("#id_purpose", "Fler i arbete eller studier")
    page.check("#id_parties_0")
    page.fill("#id_start_date", "2026-01-01")
    page.fill("#id_end_date", "2026-12-31")
    page.fill("#id_contact_name", "Sören Ärlig")
    page.fill("#id_line_0_description", "Handledare")
    page.fill("#id_line_0_year", "2026")
    page.fill("#id_line_0_amount", "324 651")
    _shot(page, "apply-form")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#requested-total").inner_text().replace("\u00a0", " ") == "324 651 kr"
    _no_violations(page)
    page.click("#application-actions a[href$='/skicka/']")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    app = FundingApplication.objects.get(title="Arbetsträning i Hofors")
    assert app.status == ApplicationStatus.SUBMITTED
    context.close()

    app_services.application_prepare(application=app, user=world.users["admin"])

    context = signed_in_context(chromium, live_server, world.users["board"])
    page = context.new_page()
    page.goto(live_server.url + reverse("funding:application_detail", args=[app.pk]))
    page.click("#application-actions a[href$='/beslut/']")
    page.wait_for_load_state("networkidle")
    _no_violations(page)
    page.check("#id_outcome_1")  # granted in part
    page.fill("#id_amount", "300 000")
    page.fill("#id_conditions", "Redovisning senast 31 januari.")
    page.fill("#id_decision_text", "Styrelsen beviljar 300 000 kr.")
    _shot(page, "decide-form")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#granted-amount").inner_text().replace("\u00a0", " ") == "300 000 kr"
    _no_violations(page)
    _shot(page, "application-decided")
    context.close()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.GRANTED_IN_PART
    assert app.granted_amount == Decimal("300000.00")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_funding_pages_pass_axe(chromium, live_server, world):  # type: ignore[no-untyped-def]
    budget = budget_services.association_budget_set(
        association=world.association, year=2026, total=Decimal("14650000")
    )
    budget_services.municipality_weights_set(
        budget=budget, weights={world.municipality: Decimal("9400")}
    )
    budget_set(group=world.group, year=2026, amount=Decimal("324651"))
    granted = factories.application(
        association=world.association, group=world.group, status=ApplicationStatus.GRANTED
    )
    factories.application(
        association=world.association, group=world.group, status=ApplicationStatus.SUBMITTED
    )
    ips = factories.intervention(association=world.association, application=granted)
    int_services.intervention_budget_set(intervention=ips, year=2026, amount=Decimal("500000"))
    int_services.intervention_spending_add(
        intervention=ips, date=datetime.date(2026, 3, 1), amount=Decimal("120000"), description="x"
    )
    int_services.follow_up_set(
        intervention=ips,
        year=2026,
        half=1,
        counts={"started_women": 5, "started_men": 4, "finished_women": 2, "to_work": 1},
    )
    admin, board, convener = (world.users[r] for r in ("admin", "board", "convener"))
    pages = [
        (admin, reverse("funding:index")),
        (admin, reverse("funding:application_list")),
        (admin, reverse("funding:application_detail", args=[granted.pk])),
        (admin, reverse("funding:intervention_list")),
        (admin, reverse("funding:intervention_detail", args=[ips.pk])),
        (admin, reverse("funding:intervention_create")),
        (admin, reverse("funding:follow_up_edit", args=[ips.pk])),
        (admin, reverse("funding:budget_year", args=[2026])),
        (admin, reverse("funding:budget_edit", args=[2026])),
        (admin, reverse("funding:budget_key", args=[2026])),
        (admin, reverse("funding:group_allocations", args=[2026])),
        (board, reverse("funding:index")),
        (convener, reverse("funding:index")),
    ]
    problems = page_problems(chromium, live_server, pages)
    assert not problems, "\n".join(problems)
    if os.environ.get("MYSAM_SCREENSHOTS"):
        context = signed_in_context(chromium, live_server, admin)
        page = context.new_page()
        for name, url in [
            ("index", pages[0][1]),
            ("intervention", pages[4][1]),
            ("budget", pages[7][1]),
        ]:
            page.goto(live_server.url + url)
            _shot(page, name)
        context.close()
