"""The office's registry pages: lists for everyone in the association, writes for the office."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mysam.organisation import models as org
from mysam.organisation.tests import factories as f
from mysam.organisation.views.registry import ENTITIES, ENTITY_LIST

D = datetime.date


def post(client: Client, url: str, data: dict[str, Any], token: str | None = None) -> Any:
    """Post a registry form with a fresh one-time token (or the given one)."""
    return client.post(url, {**data, "form_token": token or uuid.uuid4().hex})


def health_centre(world: Any) -> org.HealthCentre:
    return f.HealthCentreFactory(association=world.association, municipality=world.municipality)


def steering_group(world: Any) -> org.SteeringGroup:
    return f.SteeringGroupFactory(group=world.group, municipality=world.municipality)


@dataclass
class Spec:
    """How to create one row of an entity through its form, and what to change in it."""

    data: Callable[[Any], dict[str, Any]]
    change: dict[str, Any]
    parent: Callable[[Any], Any] | None = None
    check: Callable[[Any], Any] = field(default=lambda row: row.name)


SPECS: dict[str, Spec] = {
    "county_part": Spec(lambda w: {"name": "Norra Hälsingland"}, {"name": "Gävle"}),
    "municipality": Spec(
        lambda w: {"name": "Ockelbo", "county_part": w.county_part.pk, "code": "2101"},
        {"name": "Sandviken", "code": "2181"},
    ),
    "party": Spec(
        lambda w: {
            "name": "Ockelbo kommun",
            "kind": "municipality",
            "municipality": w.municipality.pk,
        },
        {"name": "Ockelbo kommun (IFO)"},
    ),
    "unit": Spec(
        lambda w: {
            "name": "IFO",
            "party": w.parties["municipality"].pk,
            "unit_type": "ifo",
            "municipality": w.municipality.pk,
        },
        {"name": "AME"},
    ),
    "health_centre": Spec(
        lambda w: {"name": "Hofors hälsocentral", "municipality": w.municipality.pk},
        {"name": "Capio Hofors", "is_private": "on"},
    ),
    "cooperation_group": Spec(
        lambda w: {
            "name": "Mysam Ockelbo",
            "municipalities": [w.municipality.pk],
            "is_active": "on",
        },
        {"name": "Mysam Ockelbo/Hofors"},
    ),
    "person": Spec(
        lambda w: {
            "first_name": "Kim",
            "last_name": "Påhittad",
            "title": "Sektionschef",
            "party": w.parties["af"].pk,
            "email": "kim.pahittad@example.se",
        },
        {"first_name": "Kimberly"},
        check=lambda row: row.first_name,
    ),
    "seat": Spec(
        lambda w: {
            "party": w.parties["fk"].pk,
            "label": "Enhetschef sjukförsäkring",
            "is_active": "on",
        },
        {"label": "Enhetschef funktionsnedsättning"},
        parent=lambda w: w.group,
        check=lambda row: row.label,
    ),
    "trisam_team": Spec(
        lambda w: {
            "name": "Trisam Hofors",
            "health_centre": health_centre(w).pk,
            "group": w.group.pk,
            "started_on": "2019-03-01",
            "is_active": "on",
        },
        {"name": "Trisam Hofors vårdcentral"},
    ),
    "steering_group": Spec(
        lambda w: {
            "name": "Styrgrupp Trisam Hofors",
            "group": w.group.pk,
            "municipality": w.municipality.pk,
        },
        {"name": "Trisam styrgrupp Hofors"},
    ),
    "steering_group_member": Spec(
        lambda w: {"person": w.people["convener"].pk, "start_date": "2025-01-01"},
        {"end_date": "2025-12-31"},
        parent=steering_group,
        check=lambda row: row.end_date and row.end_date.isoformat(),
    ),
}


def test_every_entity_config_is_tested() -> None:
    assert set(SPECS) == set(ENTITIES)


def list_url(key: str, parent: Any = None) -> str:
    return reverse(f"organisation:{key}_list", args=[parent.pk] if parent is not None else [])


def create_url(key: str, parent: Any = None) -> str:
    return reverse(f"organisation:{key}_create", args=[parent.pk] if parent is not None else [])


def create_row(client: Client, world: Any, key: str) -> Any:
    """Create a row through the form as the given client; return the new row."""
    spec = SPECS[key]
    parent = spec.parent(world) if spec.parent else None
    model = ENTITIES[key].model
    before = set(model._default_manager.values_list("pk", flat=True))
    data = spec.data(world)
    response = post(client, create_url(key, parent), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == list_url(key, parent)
    (new_pk,) = set(model._default_manager.values_list("pk", flat=True)) - before
    return model._default_manager.get(pk=new_pk)


def form_data(response: Any) -> dict[str, Any]:
    """The current values of an edit form, as the browser would send them back."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for bound in form:
        if bound.name == "form_token":
            continue
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.name] = "on"
        elif isinstance(value, list):
            data[bound.name] = [str(v) for v in value]
        elif value is not None:
            data[bound.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


@pytest.mark.django_db
class TestAdminEditsEveryEntity:
    @pytest.mark.parametrize("key", list(SPECS))
    def test_it_creates_a_row_and_lists_it(self, key, clients, world):
        row = create_row(clients["admin"], world, key)
        spec = SPECS[key]
        parent = spec.parent(world) if spec.parent else None
        page = clients["admin"].get(list_url(key, parent))
        assert page.status_code == 200
        shown = row.person.full_name if key == "steering_group_member" else spec.check(row)
        assert str(shown) in page.content.decode()

    @pytest.mark.parametrize("key", list(SPECS))
    def test_it_edits_a_row(self, key, clients, world):
        row = create_row(clients["admin"], world, key)
        url = reverse(f"organisation:{key}_edit", args=[row.pk])
        page = clients["admin"].get(url)
        assert page.status_code == 200
        data = {**form_data(page), **SPECS[key].change}
        response = post(clients["admin"], url, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        row.refresh_from_db()
        expected = next(iter(SPECS[key].change.values()))
        assert SPECS[key].check(row) == expected


@pytest.mark.django_db
class TestWhoMayDoWhat:
    @pytest.mark.parametrize("role", ["member", "convener", "outsider", "board"])
    @pytest.mark.parametrize("key", list(SPECS))
    def test_readers_see_the_lists_but_may_not_write(self, key, role, clients, world):
        spec = SPECS[key]
        parent = spec.parent(world) if spec.parent else None
        row = create_row(clients["admin"], world, key)
        client = clients[role]
        assert client.get(list_url(key, parent)).status_code == 200
        assert client.get(create_url(key, parent)).status_code == 403
        assert post(client, create_url(key, parent), spec.data(world)).status_code == 403
        edit = reverse(f"organisation:{key}_edit", args=[row.pk])
        assert client.get(edit).status_code == 403
        assert post(client, edit, spec.data(world)).status_code == 403

    @pytest.mark.parametrize("key", list(SPECS))
    def test_anonymous_visitors_are_sent_to_login(self, key, clients, world):
        spec = SPECS[key]
        parent = spec.parent(world) if spec.parent else None
        for url in (list_url(key, parent), create_url(key, parent)):
            response = clients["anonymous"].get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))

    @pytest.mark.parametrize("key", list(SPECS))
    def test_another_associations_admin_gets_404(self, key, clients, world):
        spec = SPECS[key]
        row = create_row(clients["admin"], world, key)
        client = clients["other_admin"]
        assert client.get(reverse(f"organisation:{key}_edit", args=[row.pk])).status_code == 404
        assert (
            post(client, reverse(f"organisation:{key}_edit", args=[row.pk]), {}).status_code == 404
        )
        if spec.parent is not None:
            parent = spec.parent(world)
            assert client.get(list_url(key, parent)).status_code == 404
            assert client.get(create_url(key, parent)).status_code == 404

    @pytest.mark.parametrize(
        "name,obj",
        [
            ("membership_add", "group"),
            ("membership_edit", "membership"),
            ("membership_end", "membership"),
            ("membership_replace", "membership"),
            ("seat_fill", "seat"),
        ],
    )
    def test_membership_pages_are_for_the_office_only(self, name, obj, clients, world):
        target = {
            "group": world.group,
            "membership": world.memberships["member"],
            "seat": f.SeatFactory(group=world.group, party=world.parties["af"]),
        }[obj]
        url = reverse(f"organisation:{name}", args=[target.pk])
        assert clients["admin"].get(url).status_code == 200
        for role in ("member", "convener", "outsider", "board"):
            assert clients[role].get(url).status_code == 403, role
            assert post(clients[role], url, {}).status_code == 403, role
        assert clients["other_admin"].get(url).status_code == 404
        assert clients["anonymous"].get(url).status_code == 302

    def test_everyone_in_the_association_reads_the_index_and_memberships(self, clients, world):
        for role in ("member", "convener", "outsider", "board", "admin"):
            assert clients[role].get(reverse("organisation:registry_index")).status_code == 200
            url = reverse("organisation:membership_list", args=[world.group.pk])
            assert clients[role].get(url).status_code == 200
        url = reverse("organisation:membership_list", args=[world.group.pk])
        assert clients["other_admin"].get(url).status_code == 404

    def test_only_the_office_edits_the_associations_settings(self, clients, world):
        url = reverse("organisation:association_edit")
        assert clients["admin"].get(url).status_code == 200
        assert clients["board"].get(url).status_code == 403
        assert clients["member"].get(url).status_code == 403


@pytest.mark.django_db
class TestDoubleSubmit:
    def test_a_double_clicked_create_stores_once(self, clients, world):
        token = uuid.uuid4().hex
        data = {
            "name": "Ockelbo kommun",
            "kind": "municipality",
            "municipality": world.municipality.pk,
        }
        first = post(clients["admin"], create_url("party"), data, token)
        second = post(clients["admin"], create_url("party"), data, token)
        assert first.status_code == 302
        assert second.status_code == 302  # back to the list, not an error page
        assert second["Location"] == list_url("party")
        assert org.Party.objects.filter(name="Ockelbo kommun").count() == 1

    def test_a_double_clicked_membership_stores_once(self, clients, world):
        token = uuid.uuid4().hex
        seat = f.SeatFactory(group=world.group, party=world.parties["af"])
        url = reverse("organisation:seat_fill", args=[seat.pk])
        data = {"person": world.people["outsider"].pk, "role": "member", "start_date": "2025-01-01"}
        post(clients["admin"], url, data, token)
        post(clients["admin"], url, data, token)
        assert org.Membership.objects.filter(seat=seat).count() == 1

    def test_a_trisam_team_without_unique_name_still_stores_once(self, clients, world):
        token = uuid.uuid4().hex
        data = SPECS["trisam_team"].data(world)
        post(clients["admin"], create_url("trisam_team"), data, token)
        post(clients["admin"], create_url("trisam_team"), data, token)
        assert org.TrisamTeam.objects.filter(name="Trisam Hofors").count() == 1

    def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(self, clients, world):
        token = uuid.uuid4().hex
        bad = {"name": "Ockelbo kommun", "kind": "municipality"}  # no municipality
        response = post(clients["admin"], create_url("party"), bad, token)
        assert response.status_code == 200
        assert "error-summary" in response.content.decode()
        good = {**bad, "municipality": world.municipality.pk}
        assert post(clients["admin"], create_url("party"), good, token).status_code == 302
        assert org.Party.objects.filter(name="Ockelbo kommun").count() == 1

    def test_a_form_without_token_is_refused(self, clients, world):
        response = clients["admin"].post(create_url("county_part"), {"name": "Gävle"})
        assert response.status_code == 200
        assert not org.CountyPart.objects.filter(name="Gävle").exists()


@pytest.mark.django_db
class TestDelete:
    def test_a_row_nothing_refers_to_is_deleted(self, clients, world):
        county_part = f.CountyPartFactory(association=world.association, name="Gävle")
        url = reverse("organisation:county_part_delete", args=[county_part.pk])
        assert clients["admin"].get(url).status_code == 200
        response = post(clients["admin"], url, {})
        assert response.status_code == 302
        assert not org.CountyPart.objects.filter(pk=county_part.pk).exists()

    def test_a_row_in_use_is_kept_with_a_clear_message(self, clients, world):
        url = reverse("organisation:municipality_delete", args=[world.municipality.pk])
        response = post(clients["admin"], url, {})
        assert response.status_code == 200
        body = response.content.decode()
        assert "error-summary" in body
        assert "Hofors" in body
        assert org.Municipality.objects.filter(pk=world.municipality.pk).exists()

    def test_groups_and_seats_are_set_inactive_not_deleted(self):
        assert ENTITIES["cooperation_group"].delete is None
        assert ENTITIES["seat"].delete is None
        assert ENTITIES["trisam_team"].delete is None

    def test_readers_may_not_delete(self, clients, world):
        url = reverse("organisation:party_delete", args=[world.parties["af"].pk])
        assert clients["board"].get(url).status_code == 403
        assert post(clients["board"], url, {}).status_code == 403
        assert clients["other_admin"].get(url).status_code == 404


@pytest.mark.django_db
class TestMemberships:
    def test_the_office_adds_a_substitute_for_a_current_member(self, clients, world):
        url = reverse("organisation:membership_add", args=[world.group.pk])
        person = f.PersonFactory(association=world.association, party=world.parties["municipality"])
        data = {
            "person": person.pk,
            "role": "substitute",
            "start_date": "2025-01-01",
        }
        refused = post(clients["admin"], url, data)
        assert refused.status_code == 200
        assert not org.Membership.objects.filter(person=person).exists()
        data["substitute_for"] = world.memberships["member"].pk
        assert post(clients["admin"], url, data).status_code == 302
        membership = org.Membership.objects.get(person=person)
        assert membership.substitute_for == world.memberships["member"]

    def test_it_refuses_a_person_of_another_association(self, clients, world):
        stranger = f.PersonFactory(association=world.other_association)
        url = reverse("organisation:membership_add", args=[world.group.pk])
        response = post(
            clients["admin"],
            url,
            {"person": stranger.pk, "role": "member", "start_date": "2025-01-01"},
        )
        assert response.status_code == 200
        assert not org.Membership.objects.filter(person=stranger).exists()

    def test_the_office_ends_a_membership_and_it_stays_in_the_history(self, clients, world):
        membership = world.memberships["member"]
        url = reverse("organisation:membership_end", args=[membership.pk])
        data = {"end_date": "2025-06-30", "reason": "Ny tjänst"}
        assert post(clients["admin"], url, data).status_code == 302
        membership.refresh_from_db()
        assert (membership.end_date, membership.end_reason) == (D(2025, 6, 30), "Ny tjänst")
        page = clients["board"].get(reverse("organisation:membership_list", args=[world.group.pk]))
        assert "Ny tjänst" in page.content.decode()

    def test_the_office_replaces_a_person_in_one_step(self, clients, world):
        membership = world.memberships["member"]
        newcomer = f.PersonFactory(
            association=world.association,
            first_name="Nils",
            last_name="Nykomling",
            party=world.parties["municipality"],
        )
        url = reverse("organisation:membership_replace", args=[membership.pk])
        data = {"new_person": newcomer.pk, "date": "2025-09-01", "mandate": "keep"}
        assert post(clients["admin"], url, data).status_code == 302
        membership.refresh_from_db()
        assert membership.end_date == D(2025, 8, 31)
        assert membership.replaced_by is not None
        assert membership.replaced_by.person == newcomer
        assert membership.replaced_by.has_decision_mandate is True

    def test_the_office_edits_mandate_and_dates(self, clients, world):
        membership = world.memberships["member"]
        seat = f.SeatFactory(group=world.group, party=world.parties["municipality"])
        url = reverse("organisation:membership_edit", args=[membership.pk])
        data = {"seat": seat.pk, "start_date": "2024-02-01", "end_date": ""}
        assert post(clients["admin"], url, data).status_code == 302
        membership.refresh_from_db()
        assert (membership.seat, membership.has_decision_mandate) == (seat, False)
        assert membership.start_date == D(2024, 2, 1)

    def test_a_vacant_seat_is_shown_and_filled_in_one_step(self, clients, world):
        seat = f.SeatFactory(group=world.group, party=world.parties["af"], label="Sektionschef")
        page = clients["admin"].get(reverse("organisation:membership_list", args=[world.group.pk]))
        assert reverse("organisation:seat_fill", args=[seat.pk]) in page.content.decode()
        url = reverse("organisation:seat_fill", args=[seat.pk])
        data = {"person": world.people["outsider"].pk, "role": "member", "start_date": "2025-01-01"}
        assert post(clients["admin"], url, data).status_code == 302
        page = clients["admin"].get(reverse("organisation:membership_list", args=[world.group.pk]))
        assert reverse("organisation:seat_fill", args=[seat.pk]) not in page.content.decode()
        again = post(clients["admin"], url, {**data, "start_date": "2025-02-01"})
        assert again.status_code == 200  # held: refused with a message
        assert org.Membership.objects.filter(seat=seat).count() == 1


@pytest.mark.django_db
class TestPeople:
    def test_the_list_searches_by_name_and_email_and_filters_by_party(self, clients, world):
        url = list_url("person")
        body = clients["member"].get(url, {"q": "öberg"}).content.decode()
        assert "Öberg" in body and "Utan" not in body
        body = clients["member"].get(url, {"q": "utanfor"}).content.decode()
        assert "Öberg" not in body
        body = clients["member"].get(url, {"party": world.parties["af"].pk}).content.decode()
        assert "Utan" in body and "Öberg" not in body

    def test_a_unit_of_another_party_is_refused(self, clients, world):
        unit = f.UnitFactory(party=world.parties["region"])
        data = {**SPECS["person"].data(world), "unit": unit.pk}  # the person is from AF
        response = post(clients["admin"], create_url("person"), data)
        assert response.status_code == 200
        assert not org.Person.objects.filter(last_name="Påhittad").exists()

    def test_the_unit_list_follows_the_chosen_party(self, clients, world):
        ifo = f.UnitFactory(party=world.parties["municipality"], name="IFO Hofors")
        f.UnitFactory(party=world.parties["region"], name="Psykiatri")
        url = reverse("organisation:person_unit_options")
        body = (
            clients["admin"].get(url, {"party": world.parties["municipality"].pk}).content.decode()
        )
        assert "IFO Hofors" in body and "Psykiatri" not in body
        assert f'value="{ifo.pk}"' in body
        # Another association's party gives nothing.
        other_party = f.PartyFactory(association=world.other_association)
        f.UnitFactory(party=other_party, name="Främmande")
        body = clients["admin"].get(url, {"party": other_party.pk}).content.decode()
        assert "Främmande" not in body


@pytest.mark.django_db
class TestAssociationSettings:
    def test_the_office_changes_the_threshold_but_never_below_three(self, clients, world):
        url = reverse("organisation:association_edit")
        data = {"name": world.association.name, "small_group_threshold": 2}
        assert post(clients["admin"], url, data).status_code == 200
        world.association.refresh_from_db()
        assert world.association.small_group_threshold == 5
        data.update(small_group_threshold=4, organisation_number="2220001234")
        assert post(clients["admin"], url, data).status_code == 302
        world.association.refresh_from_db()
        assert world.association.small_group_threshold == 4
        assert world.association.organisation_number == "222000-1234"

    def test_the_office_decides_whether_other_groups_read_adopted_plans(self, clients, world):
        url = reverse("organisation:association_edit")
        data = {"name": world.association.name, "small_group_threshold": 5}
        # An unticked checkbox is not sent: the setting is turned off.
        assert post(clients["admin"], url, data).status_code == 302
        world.association.refresh_from_db()
        assert world.association.plans_visible_to_all_groups is False
        data["plans_visible_to_all_groups"] = "on"
        assert post(clients["admin"], url, data).status_code == 302
        world.association.refresh_from_db()
        assert world.association.plans_visible_to_all_groups is True


# --- Query counts -----------------------------------------------------------------------------


def _grow(world: Any, key: str, n: int) -> Any:
    """Add n rows of an entity (with everything its list shows); return the parent, if any."""
    a = world.association
    for _ in range(n):
        if key == "county_part":
            f.MunicipalityFactory(association=a, county_part=f.CountyPartFactory(association=a))
        elif key == "municipality":
            f.MunicipalityFactory(association=a)
        elif key == "party":
            f.PartyFactory(
                association=a,
                kind="municipality",
                municipality=f.MunicipalityFactory(association=a),
            )
        elif key == "unit":
            f.UnitFactory(party=f.PartyFactory(association=a), municipality=world.municipality)
        elif key == "health_centre":
            f.HealthCentreFactory(association=a)
        elif key == "cooperation_group":
            f.CooperationGroupFactory(
                association=a, municipalities=[f.MunicipalityFactory(association=a)]
            )
        elif key == "person":
            party = f.PartyFactory(association=a)
            f.PersonFactory(association=a, party=party, unit=f.UnitFactory(party=party))
        elif key == "seat":
            seat = f.SeatFactory(group=world.group, party=world.parties["fk"])
            f.MembershipFactory(group=world.group, seat=seat)
        elif key == "trisam_team":
            f.TrisamTeamFactory(health_centre=health_centre(world), group=world.group)
        elif key == "steering_group":
            sg = steering_group(world)
            org.SteeringGroupMember.objects.create(
                steering_group=sg, person=f.PersonFactory(association=a), start_date=D(2024, 1, 1)
            )
        elif key == "steering_group_member":
            world.__dict__.setdefault("_steering", steering_group(world))
            org.SteeringGroupMember.objects.create(
                steering_group=world._steering,
                person=f.PersonFactory(association=a),
                start_date=D(2024, 1, 1),
            )
    if key == "seat":
        return world.group
    if key == "steering_group_member":
        return world.__dict__.setdefault("_steering", steering_group(world))
    return None


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
class TestQueryCounts:
    @pytest.mark.parametrize("key", [e.key for e in ENTITY_LIST])
    def test_a_list_costs_the_same_for_5_and_50_rows(self, key, clients, world):
        parent = _grow(world, key, 5)
        url = list_url(key, parent)
        small = _count_queries(clients["board"], url)
        _grow(world, key, 45)
        assert _count_queries(clients["board"], url) == small

    def test_the_memberships_page_costs_the_same_for_5_and_50_members(self, clients, world):
        url = reverse("organisation:membership_list", args=[world.group.pk])

        def grow(n: int) -> None:
            for _ in range(n):
                seat = f.SeatFactory(group=world.group, party=world.parties["fk"])
                member = f.MembershipFactory(group=world.group, seat=seat, end_date=D(2024, 12, 31))
                f.MembershipFactory(group=world.group, seat=seat, start_date=D(2025, 1, 1))
                member.replaced_by = f.MembershipFactory(
                    group=world.group, start_date=D(2025, 1, 1)
                )
                member.save()
                f.SeatFactory(group=world.group, party=world.parties["af"])  # vacant

        grow(5)
        small = _count_queries(clients["admin"], url)
        grow(45)
        assert _count_queries(clients["admin"], url) == small

    def test_the_index_costs_a_fixed_number_of_queries(
        self, clients, world, django_assert_max_num_queries
    ):
        for key in ("party", "person", "unit"):
            _grow(world, key, 20)
        with django_assert_max_num_queries(20):
            assert clients["board"].get(reverse("organisation:registry_index")).status_code == 200


# --- In a real browser ------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_registry_pages_have_no_axe_violations(chromium, live_server, world):
    from mysam.conftest import axe_violations, format_violations

    client = Client()
    client.force_login(world.users["admin"])  # the admin's TOTP step is tested elsewhere
    f.SeatFactory(group=world.group, party=world.parties["af"])
    f.UnitFactory(party=world.parties["municipality"], name="IFO Hofors")
    f.UnitFactory(party=world.parties["region"], name="Psykiatri")
    urls = [
        reverse("organisation:registry_index"),
        list_url("person"),
        create_url("person"),
        create_url("cooperation_group"),
        reverse("organisation:membership_list", args=[world.group.pk]),
        reverse("organisation:membership_add", args=[world.group.pk]),
        reverse("organisation:membership_replace", args=[world.memberships["member"].pk]),
    ]
    for width in (1280, 375):
        context = chromium.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        for url in urls:
            page.goto(live_server.url + url)
            violations = axe_violations(page)
            assert violations == [], f"{url} at {width}px:\n{format_violations(violations)}"
        # A form sent with errors lists them in the error summary, still without violations.
        page.goto(live_server.url + create_url("party"))
        page.click("form.form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.locator(".error-summary").count() == 1
        violations = axe_violations(page)
        assert violations == [], format_violations(violations)
        # Choosing a party narrows the unit list (htmx), when the static files are served.
        page.goto(live_server.url + create_url("person"))
        assert page.locator("#id_unit option").count() == 3  # both parties' units, grouped
        if page.evaluate("typeof htmx") != "undefined":
            page.select_option("#id_party", str(world.parties["municipality"].pk))
            page.wait_for_function("document.querySelectorAll('#id_unit option').length == 2")
        context.close()
