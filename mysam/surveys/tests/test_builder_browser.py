"""Building a questionnaire in Chromium with the keyboard only, and the bank and builder
pages with axe-core (WCAG 2.1 A/AA) at desktop and phone width."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mysam.conftest import axe_violations, format_violations, page_problems, signed_in_context
from mysam.surveys.models import Question, Questionnaire, Section
from mysam.surveys.services import bank as bank_services
from mysam.surveys.tests.factories import make_baseline, make_measurement


def _no_violations(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n{format_violations(violations)}"


def _activate(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Reach an element with focus and press Enter, as a keyboard user does."""
    page.focus(selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_office_builds_a_questionnaire_with_the_keyboard(chromium, live_server, world):  # type: ignore[no-untyped-def]
    bank_services.item_bank_install(association=world.association)
    measurement = make_measurement(world.association, name="Uppföljning 2019")
    context = signed_in_context(chromium, live_server, world.users["admin"])
    page = context.new_page()
    page.goto(live_server.url + reverse("surveys:measurement_detail", args=[measurement.pk]))
    _no_violations(page)

    # A questionnaire to the frontline staff.
    _activate(page, f'a[href="{reverse("surveys:questionnaire_create", args=[measurement.pk])}"]')
    _no_violations(page)
    page.focus("#id_audience")
    page.select_option("#id_audience", "staff")
    page.focus("#id_title")
    page.keyboard.type("Enkät till personal")
    page.focus("#id_screened_out_text")
    page.keyboard.type("Tack! Enkäten riktar sig till personal som möter målgruppen.")
    _activate(page, "form.form button[type=submit]")
    questionnaire = Questionnaire.objects.get(measurement=measurement)
    assert page.url.endswith(
        reverse("surveys:questionnaire_detail", kwargs={"pk": questionnaire.pk})
    )
    _no_violations(page)

    # A first section with the screening and the area question.
    _activate(page, f'a[href="{reverse("surveys:section_create", args=[questionnaire.pk])}"]')
    page.focus("#id_title")
    page.keyboard.type("Bakgrund")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    background = Section.objects.get(questionnaire=questionnaire)
    _activate(page, f'a[href="{reverse("surveys:question_add", args=[background.pk])}"]')
    _no_violations(page)
    for code in ("kontakt_malgrupp", "upptagningsomrade"):
        label = page.get_by_text(f"{code})", exact=False)
        checkbox_id = label.get_attribute("for")
        page.focus(f"#{checkbox_id}")
        page.keyboard.press("Space")
    page.focus("#id_required")
    page.keyboard.press("Space")
    _activate(page, "form.form button[type=submit]")
    codes = list(
        Question.objects.filter(questionnaire=questionnaire)
        .order_by("position")
        .values_list("item__code", "required")
    )
    assert codes == [("kontakt_malgrupp", True), ("upptagningsomrade", True)]

    # A per-area section repeated for each chosen municipality, with one climate item.
    area_question = Question.objects.get(
        questionnaire=questionnaire, item__code="upptagningsomrade"
    )
    _activate(page, f'a[href="{reverse("surveys:section_create", args=[questionnaire.pk])}"]')
    page.focus("#id_title")
    page.keyboard.type("Samverkansklimatet i kommunen")
    page.focus("#id_repeat_for")
    page.select_option("#id_repeat_for", str(area_question.pk))
    _activate(page, "form.form button[type=submit]")
    per_area = Section.objects.get(questionnaire=questionnaire, repeat_for=area_question)
    _activate(page, f'a[href="{reverse("surveys:question_add", args=[per_area.pk])}"]')
    checkbox_id = page.get_by_text("lyssnar)", exact=False).get_attribute("for")
    page.focus(f"#{checkbox_id}")
    page.keyboard.press("Space")
    _activate(page, "form.form button[type=submit]")
    climate = Question.objects.get(questionnaire=questionnaire, item__code="lyssnar")
    assert climate.section == per_area

    # Screening on the contact question.
    contact = Question.objects.get(questionnaire=questionnaire, item__code="kontakt_malgrupp")
    _activate(page, f'a[href="{reverse("surveys:question_edit", args=[contact.pk])}"]')
    _no_violations(page)
    nej = page.locator("input[name=screens_out_values][value='2']")
    nej.focus()
    page.keyboard.press("Space")
    _activate(page, "form.form button.button[type=submit]")
    contact.refresh_from_db()
    assert contact.screens_out_values == [2]

    # A condition: choosing the question shows its answers in place (htmx).
    _activate(page, f'a[href="{reverse("surveys:question_edit", args=[climate.pk])}"]')
    page.focus("#id_shown_if_question")
    page.select_option("#id_shown_if_question", str(contact.pk))
    page.wait_for_selector("input[name=shown_if_values][value='1']")
    _no_violations(page)
    page.focus("input[name=shown_if_values][value='1']")
    page.keyboard.press("Space")
    _activate(page, "form.form button.button[type=submit]")
    climate.refresh_from_db()
    assert (climate.shown_if_question, climate.shown_if_values) == (contact, [1])
    _no_violations(page)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_bank_and_builder_pages_pass_axe(chromium, live_server, world):  # type: ignore[no-untyped-def]
    measurement, managers, staff = make_baseline(world.association)
    admin, board = world.users["admin"], world.users["board"]
    item = staff.questions.select_related("item").first().item
    section = staff.sections.order_by("position").first()
    question = staff.questions.get(item__code="nytta_individ")
    pages = [
        (admin, reverse("surveys:item_list")),
        (admin, reverse("surveys:item_create")),
        (admin, reverse("surveys:item_edit", args=[item.pk])),
        (admin, reverse("surveys:item_replace", args=[item.pk])),
        (admin, reverse("surveys:measurement_list")),
        (admin, reverse("surveys:measurement_create")),
        (admin, reverse("surveys:measurement_detail", args=[measurement.pk])),
        (admin, reverse("surveys:measurement_open", args=[measurement.pk])),
        (admin, reverse("surveys:measurement_follow_up", args=[measurement.pk])),
        (admin, reverse("surveys:questionnaire_detail", kwargs={"pk": staff.pk})),
        (admin, reverse("surveys:questionnaire_detail", kwargs={"pk": managers.pk})),
        (admin, reverse("surveys:section_edit", args=[section.pk])),
        (admin, reverse("surveys:question_edit", args=[question.pk])),
        (board, reverse("surveys:item_list")),
        (board, reverse("surveys:questionnaire_detail", kwargs={"pk": staff.pk})),
    ]
    problems = page_problems(chromium, live_server, pages)
    assert not problems, "\n".join(problems)
