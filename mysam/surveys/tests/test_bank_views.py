"""The item bank's pages: list with filters, create, edit (locked read-only), new wording,
archive, install; who may do what; queries on the list."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from mysam.conftest import World
from mysam.surveys import item_bank
from mysam.surveys.models import Item, ItemKind
from mysam.surveys.services import bank as services
from mysam.surveys.services import builder as builder_services
from mysam.surveys.tests.factories import (
    make_item,
    make_measurement,
    make_question,
    make_questionnaire,
)

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: dict[str, object] | None = None) -> object:
    return client.post(url, {**(data or {}), "form_token": uuid.uuid4().hex})


ITEM_DATA = {
    "code": "lyssnar",
    "text": "Hur ofta upplever du att de du samverkar med lyssnar på dig?",
    "kind": ItemKind.FREQUENCY,
    "options": "",
    "has_comment": "on",
    "comment_label": "Kommentar",
    "source": "Indikatorprojektet (NNS)",
    "is_national_indicator": "on",
}


class TestItemList:
    def test_it_lists_current_items_and_filters_by_kind_source_and_state(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        services.item_bank_install(association=world.association)
        old = Item.objects.get(association=world.association, code="lyssnar")
        services.item_replace(item=old, code="lyssnar-2", text="Lyssnar de på dig?")
        url = reverse("surveys:item_list")
        page = clients["admin"].get(url)
        assert page.status_code == 200
        codes = {item.code for item in page.context["items"]}
        assert "lyssnar-2" in codes and "lyssnar" not in codes
        assert len(codes) == len(item_bank.ITEMS)
        replaced = clients["admin"].get(url, {"state": "replaced"}).context["items"]
        assert [item.code for item in replaced] == ["lyssnar"]
        extent = clients["admin"].get(url, {"kind": ItemKind.EXTENT}).context["items"]
        assert extent and all(item.kind == ItemKind.EXTENT for item in extent)
        nns = clients["admin"].get(url, {"source": item_bank.SOURCE_NNS}).context["items"]
        assert nns and all(item.source == item_bank.SOURCE_NNS for item in nns)

    def test_the_board_reads_without_write_links(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        make_item(world.association)
        page = clients["board"].get(reverse("surveys:item_list"))
        assert page.status_code == 200
        assert reverse("surveys:item_create").encode() not in page.content

    @pytest.mark.parametrize(
        ("role", "status"), [("member", 403), ("convener", 403), ("outsider", 403)]
    )
    def test_other_roles_may_not_see_the_bank(
        self, clients: dict[str, Client], role: str, status: int
    ) -> None:
        assert clients[role].get(reverse("surveys:item_list")).status_code == status

    def test_anonymous_is_asked_to_log_in(self, clients: dict[str, Client]) -> None:
        response = clients["anonymous"].get(reverse("surveys:item_list"))
        assert response.status_code == 302 and "login" in response["Location"]

    @pytest.mark.parametrize("count", [3, 30])
    def test_the_list_costs_the_same_queries_however_many_items(
        self, world: World, clients: dict[str, Client], django_assert_num_queries, count: int
    ) -> None:
        measurement = make_measurement(world.association)
        questionnaire = make_questionnaire(measurement)
        for _number in range(count):
            item = make_item(world.association)
            make_question(questionnaire, item)
            services.item_replace(item=item, code=f"{item.code}-ny", text="Ny?")
        client = clients["admin"]
        client.get(reverse("surveys:item_list"))  # warm the session and the actor's roles
        with django_assert_num_queries(7):
            assert client.get(reverse("surveys:item_list"), {"state": "all"}).status_code == 200


class TestItemWrites:
    def test_the_office_adds_an_item_once_even_if_the_form_is_sent_twice(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        url = reverse("surveys:item_create")
        token = clients["admin"].get(url).context["form"]["form_token"].value()
        for _ in range(2):
            response = clients["admin"].post(url, {**ITEM_DATA, "form_token": token})
            assert response.status_code == 302
        item = Item.objects.get(association=world.association)
        assert (item.code, item.kind, item.is_national_indicator) == (
            "lyssnar",
            ItemKind.FREQUENCY,
            True,
        )

    def test_a_duplicate_code_is_shown_on_the_form(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        make_item(world.association, code="lyssnar")
        response = _post(clients["admin"], reverse("surveys:item_create"), ITEM_DATA)
        assert response.status_code == 200  # type: ignore[attr-defined]
        assert response.context["form"].errors["code"]  # type: ignore[attr-defined]

    def test_choice_options_are_one_per_line(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        data = {**ITEM_DATA, "kind": ItemKind.SINGLE_CHOICE, "options": "Ja\r\n\r\nKanske\nNej"}
        _post(clients["admin"], reverse("surveys:item_create"), data)
        assert Item.objects.get(association=world.association).options == ["Ja", "Kanske", "Nej"]

    def test_a_locked_item_shows_its_wording_read_only_and_keeps_it(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        item = make_item(world.association, code="lyssnar")
        measurement = make_measurement(world.association)
        make_question(make_questionnaire(measurement), item)
        builder_services.measurement_open(measurement=measurement)
        url = reverse("surveys:item_edit", args=[item.pk])
        page = clients["admin"].get(url)
        assert page.context["form"].fields["text"].disabled
        assert b"disabled" in page.content
        response = clients["admin"].post(
            url, {**ITEM_DATA, "text": "Ändrad?", "source": "Egen", "comment_label": "Annat"}
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.text.startswith("Testfråga") and item.source == "Egen"

    def test_a_new_wording_replaces_the_old_item(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        item = make_item(world.association, code="lyssnar")
        url = reverse("surveys:item_replace", args=[item.pk])
        assert clients["admin"].get(url).context["form"]["code"].value() == "lyssnar-2"
        response = _post(
            clients["admin"], url, {**ITEM_DATA, "code": "lyssnar-2", "text": "Ny formulering?"}
        )
        assert response.status_code == 302  # type: ignore[attr-defined]
        new = Item.objects.get(code="lyssnar-2")
        assert new.replaces == item and not Item.objects.current().filter(pk=item.pk).exists()

    def test_archive_and_restore(self, world: World, clients: dict[str, Client]) -> None:
        item = make_item(world.association)
        url = reverse("surveys:item_archive", args=[item.pk])
        assert clients["admin"].get(url).status_code == 200
        clients["admin"].post(url)
        item.refresh_from_db()
        assert item.is_archived
        clients["admin"].post(url)
        item.refresh_from_db()
        assert not item.is_archived

    def test_install_adds_the_baseline_items(
        self, world: World, clients: dict[str, Client]
    ) -> None:
        url = reverse("surveys:item_bank_install")
        assert clients["admin"].get(url).status_code == 200
        assert clients["admin"].post(url).status_code == 302
        assert Item.objects.filter(association=world.association).count() == len(item_bank.ITEMS)

    @pytest.mark.parametrize("name", ["item_edit", "item_replace", "item_archive"])
    def test_forbidden_writes(self, world: World, clients: dict[str, Client], name: str) -> None:
        item = make_item(world.association)
        url = reverse(f"surveys:{name}", args=[item.pk])
        for role in ("board", "member", "convener", "outsider"):
            assert clients[role].get(url).status_code == 403, role
            assert clients[role].post(url, ITEM_DATA).status_code == 403, role
        assert clients["other_admin"].get(url).status_code == 404
        assert clients["other_admin"].post(url, ITEM_DATA).status_code == 404
        assert "login" in clients["anonymous"].get(url)["Location"]
        item.refresh_from_db()
        assert item.text.startswith("Testfråga") and not item.is_archived

    @pytest.mark.parametrize("name", ["item_create", "item_bank_install"])
    def test_forbidden_bank_writes(
        self, world: World, clients: dict[str, Client], name: str
    ) -> None:
        url = reverse(f"surveys:{name}")
        for role in ("board", "member", "convener", "outsider"):
            assert clients[role].get(url).status_code == 403, role
            assert _post(clients[role], url, ITEM_DATA).status_code == 403, role  # type: ignore[attr-defined]
        assert "login" in clients["anonymous"].get(url)["Location"]
        assert not Item.objects.exists()
