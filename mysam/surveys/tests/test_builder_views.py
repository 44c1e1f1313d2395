"""Measurement and questionnaire pages: create, detail, open/close, follow-up, building
sections and questions with conditions; who may do what; queries on lists."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mysam.conftest import World
from mysam.surveys.models import (
    ItemKind,
    Measurement,
    MeasurementStatus,
    Question,
    Questionnaire,
    Section,
)
from mysam.surveys.services import builder as services
from mysam.surveys.tests.factories import (
    make_baseline,
    make_item,
    make_measurement,
    make_question,
    make_questionnaire,
    make_section,
)

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, {**(data or {}), "form_token": uuid.uuid4().hex})


class TestMeasurements:
    def test_the_office_creates_a_measurement_once(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        url = reverse("surveys:measurement_create")
        token = clients["admin"].get(url).context["form"]["form_token"].value()
        data = {
            "name": "Baslinjemätning 2016",
            "kind": "baseline",
            "opens_on": "2016-10-24",
            "closes_on": "2016-12-16",
            "form_token": token,
        }
        first = clients["admin"].post(url, data)
        second = clients["admin"].post(url, data)
        measurement = Measurement.objects.get(association=world.association)
        assert first["Location"] == reverse("surveys:measurement_detail", args=[measurement.pk])
        assert second.status_code == 302
        assert str(measurement.closes_on) == "2016-12-16"
        assert measurement.created_by == world.users["admin"]

    def test_a_closing_date_before_opening_is_shown_on_the_form(
        self, clients: dict[str, Client]
    ) -> None:
        response = _post(
            clients["admin"],
            reverse("surveys:measurement_create"),
            {"name": "X", "kind": "baseline", "opens_on": "2016-12-01", "closes_on": "2016-11-01"},
        )
        assert response.status_code == 200 and response.context["form"].errors["closes_on"]

    def test_the_detail_links_the_other_parts_and_the_board_reads_it(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        measurement, managers, staff = make_baseline(world.association)
        url = reverse("surveys:measurement_detail", args=[measurement.pk])
        page = clients["admin"].get(url)
        assert page.status_code == 200
        content = page.content.decode()
        assert reverse("surveys:questionnaire_detail", kwargs={"pk": staff.pk}) in content
        assert reverse("surveys:measurement_open", args=[measurement.pk]) in content
        board = clients["board"].get(url)
        assert board.status_code == 200
        assert reverse("surveys:measurement_open", args=[measurement.pk]) not in (
            board.content.decode()
        )

    def test_open_and_close(self, world: World, clients: dict[str, Client]) -> None:
        measurement, _managers, _staff = make_baseline(world.association)
        open_url = reverse("surveys:measurement_open", args=[measurement.pk])
        assert clients["admin"].get(open_url).status_code == 200
        clients["admin"].post(open_url)
        measurement.refresh_from_db()
        assert measurement.status == MeasurementStatus.OPEN
        clients["admin"].post(reverse("surveys:measurement_close", args=[measurement.pk]))
        measurement.refresh_from_db()
        assert measurement.status == MeasurementStatus.CLOSED

    def test_opening_without_questions_is_refused_with_a_message(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        measurement = make_measurement(world.association)
        make_questionnaire(measurement, title="Tom enkät")
        with translation.override("en"):
            response = clients["admin"].post(
                reverse("surveys:measurement_open", args=[measurement.pk]), follow=True
            )
        assert "Tom enkät" in response.content.decode()
        measurement.refresh_from_db()
        assert measurement.status == MeasurementStatus.DRAFT

    def test_a_follow_up_copies_the_questionnaires(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        baseline, _managers, staff = make_baseline(world.association)
        response = _post(
            clients["admin"],
            reverse("surveys:measurement_follow_up", args=[baseline.pk]),
            {"name": "Uppföljning 2019"},
        )
        follow_up = Measurement.objects.get(name="Uppföljning 2019")
        assert response["Location"] == reverse("surveys:measurement_detail", args=[follow_up.pk])
        assert follow_up.previous == baseline
        copy = follow_up.questionnaires.get(audience="staff")
        assert list(copy.questions.values_list("item_id", flat=True).order_by("item_id")) == list(
            staff.questions.values_list("item_id", flat=True).order_by("item_id")
        )

    def test_the_baseline_questionnaires_are_added_from_the_page(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        measurement = make_measurement(world.association)
        clients["admin"].post(reverse("surveys:baseline_build", args=[measurement.pk]))
        assert set(measurement.questionnaires.values_list("audience", flat=True)) == {
            "managers",
            "staff",
        }

    @pytest.mark.parametrize("count", [1, 8])
    def test_the_list_costs_the_same_queries_however_many_measurements(
        self, world: World, clients: dict[str, Client], django_assert_num_queries, count: int
    ) -> None:
        previous = None
        for number in range(count):
            previous = make_measurement(world.association, name=f"M {number}", previous=previous)
            make_questionnaire(previous)
        client = clients["board"]
        client.get(reverse("surveys:measurement_list"))
        with django_assert_num_queries(4):
            page = client.get(reverse("surveys:measurement_list"))
        assert len(page.context["measurements"]) == count


class TestBuilder:
    def test_the_office_builds_a_questionnaire_section_by_section(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        client = clients["admin"]
        measurement = make_measurement(world.association)
        _post(
            client,
            reverse("surveys:questionnaire_create", args=[measurement.pk]),
            {"audience": "staff", "title": "Personalenkät", "screened_out_text": "Tack!"},
        )
        questionnaire = Questionnaire.objects.get(measurement=measurement)
        contact = make_item(world.association, kind=ItemKind.YES_NO, code="kontakt")
        areas = make_item(world.association, kind=ItemKind.MUNICIPALITIES, code="kommuner")
        climate = make_item(world.association, kind=ItemKind.FREQUENCY, code="lyssnar")
        _post(
            client,
            reverse("surveys:section_create", args=[questionnaire.pk]),
            {"title": "Bakgrund"},
        )
        background = Section.objects.get(questionnaire=questionnaire)
        add_url = reverse("surveys:question_add", args=[background.pk])
        offered = client.get(add_url).context["form"].fields["items"].queryset
        assert set(offered) >= {contact, areas, climate}
        _post(client, add_url, {"items": [contact.pk, areas.pk], "required": "on"})
        area_question = Question.objects.get(questionnaire=questionnaire, item=areas)
        _post(
            client,
            reverse("surveys:section_create", args=[questionnaire.pk]),
            {"title": "Klimatet", "repeat_for": area_question.pk},
        )
        per_area = Section.objects.get(questionnaire=questionnaire, title="Klimatet")
        assert per_area.repeat_for == area_question
        _post(client, reverse("surveys:question_add", args=[per_area.pk]), {"items": [climate.pk]})
        # Screening on the contact question.
        contact_question = Question.objects.get(questionnaire=questionnaire, item=contact)
        response = client.post(
            reverse("surveys:question_edit", args=[contact_question.pk]),
            {"required": "on", "screens_out_values": ["2"]},
        )
        assert response.status_code == 302
        contact_question.refresh_from_db()
        assert contact_question.screens_out_values == [2]
        # A condition: choosing the question first shows its answers (the htmx request).
        climate_question = Question.objects.get(questionnaire=questionnaire, item=climate)
        edit_url = reverse("surveys:question_edit", args=[climate_question.pk])
        page = client.get(edit_url, {"shown_if_question": contact_question.pk})
        assert [
            label for _value, label in page.context["form"].fields["shown_if_values"].choices
        ] == [
            "Ja",
            "Nej",
        ]
        token = page.context["form"]["values_for"].value()
        response = client.post(
            edit_url,
            {
                "shown_if_question": contact_question.pk,
                "values_for": token,
                "shown_if_values": ["1"],
            },
        )
        assert response.status_code == 302
        climate_question.refresh_from_db()
        assert climate_question.shown_if_question == contact_question
        assert climate_question.shown_if_values == [1]
        detail = client.get(
            reverse("surveys:questionnaire_detail", kwargs={"pk": questionnaire.pk})
        )
        assert detail.status_code == 200
        assert f'id="question-{climate_question.pk}"'.encode() in detail.content

    def test_changing_the_condition_question_asks_for_its_answers_again(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        questionnaire = make_questionnaire(make_measurement(world.association))
        first = make_question(questionnaire, make_item(world.association, kind=ItemKind.YES_NO))
        later = make_question(questionnaire, make_item(world.association))
        response = clients["admin"].post(
            reverse("surveys:question_edit", args=[later.pk]),
            {"shown_if_question": first.pk, "values_for": "", "shown_if_values": ["1"]},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["shown_if_values"]
        assert response.context["form"]["values_for"].value() == str(first.pk)

    def test_a_condition_on_a_later_question_is_not_offered_and_refused(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        questionnaire = make_questionnaire(make_measurement(world.association))
        first = make_question(questionnaire, make_item(world.association))
        later = make_question(questionnaire, make_item(world.association, kind=ItemKind.YES_NO))
        url = reverse("surveys:question_edit", args=[first.pk])
        assert (
            list(clients["admin"].get(url).context["form"].fields["shown_if_question"].queryset)
            == []
        )
        response = clients["admin"].post(
            url, {"shown_if_question": later.pk, "values_for": later.pk, "shown_if_values": ["1"]}
        )
        assert response.status_code == 200
        first.refresh_from_db()
        assert first.shown_if_question is None

    def test_moving_questions_and_sections(self, world: World, clients: dict[str, Client]) -> None:
        questionnaire = make_questionnaire(make_measurement(world.association))
        a = make_question(questionnaire, make_item(world.association))
        b = make_question(questionnaire, make_item(world.association))
        clients["admin"].post(reverse("surveys:question_move", args=[b.pk]), {"direction": "up"})
        assert list(questionnaire.questions.order_by("position")) == [b, a]
        first = a.section
        second = make_section(questionnaire)
        clients["admin"].post(
            reverse("surveys:section_move", args=[second.pk]), {"direction": "up"}
        )
        assert list(questionnaire.sections.order_by("position")) == [second, first]

    def test_structure_cannot_change_once_open(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        measurement, _managers, staff = make_baseline(world.association)
        services.measurement_open(measurement=measurement)
        section = staff.sections.order_by("position").first()
        assert section is not None
        before = staff.questions.count()
        with translation.override("en"):
            response = _post(
                clients["admin"],
                reverse("surveys:question_add", args=[section.pk]),
                {"items": [make_item(world.association).pk]},
            )
        assert response.status_code == 200
        assert "Mätningen har öppnats" in response.content.decode()
        assert staff.questions.count() == before
        page = clients["admin"].get(
            reverse("surveys:questionnaire_detail", kwargs={"pk": staff.pk})
        )
        assert reverse("surveys:question_add", args=[section.pk]).encode() not in page.content

    @pytest.mark.parametrize("count", [1, 3])
    def test_the_builder_page_costs_the_same_queries_however_many_sections(
        self, world: World, clients: dict[str, Client], django_assert_num_queries, count: int
    ) -> None:
        questionnaire = make_questionnaire(make_measurement(world.association))
        areas = make_question(
            questionnaire, make_item(world.association, kind=ItemKind.MUNICIPALITIES)
        )
        yes_no = make_question(questionnaire, make_item(world.association, kind=ItemKind.YES_NO))
        for _number in range(count):
            section = make_section(questionnaire, repeat_for=areas)
            for _q in range(count):
                make_question(
                    questionnaire,
                    make_item(world.association),
                    section=section,
                    shown_if_question=yes_no,
                    shown_if_values=[1],
                )
        client = clients["admin"]
        url = reverse("surveys:questionnaire_detail", kwargs={"pk": questionnaire.pk})
        client.get(url)
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200


def _objects(world: World) -> dict[str, int]:
    questionnaire = make_questionnaire(make_measurement(world.association))
    question = make_question(questionnaire, make_item(world.association))
    return {
        "measurement": questionnaire.measurement_id,
        "questionnaire": questionnaire.pk,
        "section": question.section_id,
        "question": question.pk,
    }


READ_PAGES = [("measurement_detail", "measurement"), ("questionnaire_detail", "questionnaire")]
WRITE_PAGES = [
    ("measurement_edit", "measurement"),
    ("measurement_follow_up", "measurement"),
    ("measurement_open", "measurement"),
    ("measurement_close", "measurement"),
    ("baseline_build", "measurement"),
    ("questionnaire_create", "measurement"),
    ("questionnaire_edit", "questionnaire"),
    ("questionnaire_delete", "questionnaire"),
    ("section_create", "questionnaire"),
    ("section_edit", "section"),
    ("section_delete", "section"),
    ("question_add", "section"),
    ("question_edit", "question"),
    ("question_remove", "question"),
]


@pytest.mark.parametrize(("name", "kind"), READ_PAGES)
def test_read_pages_forbidden_access(
    world: World, clients: dict[str, Client], name: str, kind: str
) -> None:
    url = reverse(f"surveys:{name}", kwargs={"pk": _objects(world)[kind]})
    assert clients["admin"].get(url).status_code == 200
    assert clients["board"].get(url).status_code == 200
    for role in ("member", "convener", "outsider"):
        assert clients[role].get(url).status_code == 403, role
    assert clients["other_admin"].get(url).status_code == 404
    assert "login" in clients["anonymous"].get(url)["Location"]


@pytest.mark.parametrize(("name", "kind"), WRITE_PAGES)
def test_write_pages_forbidden_access(
    world: World, clients: dict[str, Client], name: str, kind: str
) -> None:
    objects = _objects(world)
    url = reverse(f"surveys:{name}", kwargs={"pk": objects[kind]})
    assert clients["admin"].get(url).status_code == 200
    for role in ("board", "member", "convener", "outsider"):
        assert clients[role].get(url).status_code == 403, role
        assert _post(clients[role], url, {"name": "X", "title": "X"}).status_code == 403, role
    assert clients["other_admin"].get(url).status_code == 404
    assert _post(clients["other_admin"], url, {"name": "X", "title": "X"}).status_code == 404
    assert "login" in clients["anonymous"].get(url)["Location"]
    # Nothing was written by the refused requests.
    assert Measurement.objects.count() == 1
    assert Questionnaire.objects.count() == 1 and Question.objects.count() == 1
    assert Measurement.objects.get().status == MeasurementStatus.DRAFT


@pytest.mark.parametrize(
    ("name", "kind"), [("section_move", "section"), ("question_move", "question")]
)
def test_moves_are_post_only_and_office_only(
    world: World, clients: dict[str, Client], name: str, kind: str
) -> None:
    url = reverse(f"surveys:{name}", kwargs={"pk": _objects(world)[kind]})
    assert clients["admin"].get(url).status_code == 405
    for role in ("board", "member"):
        assert clients[role].post(url, {"direction": "up"}).status_code == 403
    assert clients["other_admin"].post(url, {"direction": "up"}).status_code == 404


def test_the_measurement_list_forbidden_access(world: World, clients: dict[str, Client]) -> None:
    url = reverse("surveys:measurement_list")
    assert clients["board"].get(url).status_code == 200
    for role in ("member", "convener", "outsider"):
        assert clients[role].get(url).status_code == 403
    assert "login" in clients["anonymous"].get(url)["Location"]
    assert clients["admin"].get(reverse("surveys:measurement_create")).status_code == 200
    assert clients["board"].get(reverse("surveys:measurement_create")).status_code == 403
