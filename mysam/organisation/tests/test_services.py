"""The registry's writes: memberships keep their history, and the rules refuse bad data."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from mysam.organisation import models as org
from mysam.organisation import services
from mysam.organisation.tests import factories as f

D = datetime.date


@pytest.fixture
def substitute(world):
    return f.MembershipFactory(
        group=world.group,
        person=f.PersonFactory(association=world.association, party=world.parties["municipality"]),
        role=org.MembershipRole.SUBSTITUTE,
        substitute_for=world.memberships["member"],
        has_decision_mandate=False,
        start_date=D(2024, 3, 1),
    )


@pytest.mark.django_db
class TestMembershipEnd:
    def test_it_keeps_the_ended_membership_as_history(self, world):
        membership = world.memberships["member"]
        services.membership_end(membership=membership, end_date=D(2025, 6, 30), reason="Slutat")
        membership.refresh_from_db()
        assert membership.end_date == D(2025, 6, 30)
        assert membership.end_reason == "Slutat"
        assert org.Membership.objects.filter(pk=membership.pk).exists()

    def test_it_ends_the_substitutes_of_the_member_the_same_day(self, world, substitute):
        services.membership_end(membership=world.memberships["member"], end_date=D(2025, 6, 30))
        substitute.refresh_from_db()
        assert substitute.end_date == D(2025, 6, 30)

    def test_it_refuses_an_end_before_the_start(self, world):
        with pytest.raises(ValidationError):
            services.membership_end(
                membership=world.memberships["member"], end_date=D(2023, 12, 31)
            )


@pytest.mark.django_db
class TestMembershipReplace:
    def test_it_ends_the_old_membership_the_day_before_and_links_the_new_one(self, world):
        old = world.memberships["member"]
        newcomer = f.PersonFactory(association=world.association, party=old.person.party)
        new = services.membership_replace(membership=old, new_person=newcomer, date=D(2025, 9, 1))
        old.refresh_from_db()
        assert old.end_date == D(2025, 8, 31)
        assert old.replaced_by == new
        assert (new.person, new.role, new.group) == (newcomer, old.role, old.group)
        assert new.start_date == D(2025, 9, 1)
        assert new.has_decision_mandate is True  # taken over from the person who left
        # Both stay: the history shows who sat when.
        assert set(world.group.memberships.filter(role=old.role)) >= {old, new}

    def test_substitutes_follow_the_replacement(self, world, substitute):
        old = world.memberships["member"]
        newcomer = f.PersonFactory(association=world.association, party=old.person.party)
        new = services.membership_replace(membership=old, new_person=newcomer, date=D(2025, 9, 1))
        substitute.refresh_from_db()
        assert substitute.substitute_for == new
        assert substitute.end_date is None

    def test_it_keeps_the_seat(self, world):
        seat = f.SeatFactory(group=world.group, party=world.parties["municipality"])
        old = world.memberships["member"]
        services.membership_update(
            membership=old,
            has_decision_mandate=True,
            seat=seat,
            start_date=old.start_date,
            end_date=None,
        )
        newcomer = f.PersonFactory(association=world.association, party=old.person.party)
        new = services.membership_replace(membership=old, new_person=newcomer, date=D(2025, 9, 1))
        assert new.seat == seat

    def test_it_refuses_a_person_of_another_association(self, world):
        stranger = f.PersonFactory(association=world.other_association)
        with pytest.raises(ValidationError):
            services.membership_replace(
                membership=world.memberships["member"], new_person=stranger, date=D(2025, 9, 1)
            )
        world.memberships["member"].refresh_from_db()
        assert world.memberships["member"].end_date is None  # nothing half-done

    def test_it_refuses_the_same_person(self, world):
        membership = world.memberships["member"]
        with pytest.raises(ValidationError):
            services.membership_replace(
                membership=membership, new_person=membership.person, date=D(2025, 9, 1)
            )


@pytest.mark.django_db
class TestMembershipCreate:
    def test_it_refuses_a_person_of_another_association(self, world):
        stranger = f.PersonFactory(association=world.other_association)
        with pytest.raises(ValidationError):
            services.membership_create(
                group=world.group, person=stranger, role="member", start_date=D(2025, 1, 1)
            )

    def test_it_refuses_a_second_current_membership_in_the_same_role(self, world):
        with pytest.raises(ValidationError):
            services.membership_create(
                group=world.group,
                person=world.people["member"],
                role=org.MembershipRole.MEMBER,
                start_date=D(2025, 1, 1),
            )
        assert world.group.memberships.filter(person=world.people["member"]).count() == 1

    def test_a_substitute_must_name_the_member(self, world):
        with pytest.raises(ValidationError):
            services.membership_create(
                group=world.group,
                person=world.people["outsider"],
                role=org.MembershipRole.SUBSTITUTE,
                start_date=D(2025, 1, 1),
            )


@pytest.mark.django_db
class TestSeatFill:
    def test_it_fills_a_vacant_seat(self, world):
        seat = f.SeatFactory(group=world.group, party=world.parties["af"])
        membership = services.seat_fill(
            seat=seat, person=world.people["outsider"], start_date=D(2025, 1, 1)
        )
        assert membership.seat == seat
        assert membership.group == world.group

    def test_it_refuses_a_seat_that_is_held(self, world):
        seat = f.SeatFactory(group=world.group, party=world.parties["af"])
        services.seat_fill(seat=seat, person=world.people["outsider"], start_date=D(2025, 1, 1))
        other = f.PersonFactory(association=world.association, party=world.parties["af"])
        with pytest.raises(ValidationError, match="vakant|vacant"):
            services.seat_fill(seat=seat, person=other, start_date=D(2025, 2, 1))


@pytest.mark.django_db
class TestRegistryRows:
    def test_a_municipality_party_must_name_its_municipality(self, world):
        with pytest.raises(ValidationError):
            services.party_create(
                association=world.association, name="Ockelbo kommun", kind="municipality"
            )

    def test_it_refuses_a_taken_name(self, world):
        with pytest.raises(ValidationError):
            services.party_create(
                association=world.association, name="Region Gävleborg", kind="region"
            )

    def test_it_refuses_choices_of_another_association(self, world):
        foreign = f.MunicipalityFactory(association=world.other_association)
        with pytest.raises(ValidationError):
            services.health_centre_create(
                association=world.association, municipality=foreign, name="Hälsocentral X"
            )
        with pytest.raises(ValidationError):
            services.cooperation_group_create(
                association=world.association, name="Mysam X", municipalities=[foreign]
            )

    def test_it_refuses_to_delete_what_others_refer_to_and_deletes_nothing(self, world):
        with pytest.raises(ValidationError) as raised:
            services.municipality_delete(municipality=world.municipality)
        assert "Nothing was deleted" in str(raised.value) or "raderades" in str(raised.value)
        assert org.Municipality.objects.filter(pk=world.municipality.pk).exists()
        with pytest.raises(ValidationError):
            services.person_delete(person=world.people["member"])  # has memberships
        assert org.Person.objects.filter(pk=world.people["member"].pk).exists()

    def test_it_refuses_to_delete_a_unit_people_belong_to(self, world):
        unit = f.UnitFactory(party=world.parties["municipality"])
        services.person_update(person=world.people["member"], unit=unit)
        with pytest.raises(ValidationError):
            services.unit_delete(unit=unit)
        assert org.Unit.objects.filter(pk=unit.pk).exists()

    def test_it_deletes_what_nothing_refers_to(self, world):
        county_part = services.county_part_create(association=world.association, name="Gävle")
        services.county_part_delete(county_part=county_part)
        assert not org.CountyPart.objects.filter(pk=county_part.pk).exists()

    def test_a_steering_group_member_cannot_overlap_their_own_term(self, world):
        steering = f.SteeringGroupFactory(group=world.group, municipality=world.municipality)
        person = world.people["member"]
        services.steering_group_member_create(
            steering_group=steering, person=person, start_date=D(2025, 1, 1)
        )
        with pytest.raises(ValidationError):
            services.steering_group_member_create(
                steering_group=steering, person=person, start_date=D(2025, 6, 1)
            )

    def test_the_threshold_is_never_below_three(self, world):
        with pytest.raises(ValidationError):
            services.association_update(
                association=world.association, name="Förbundet", small_group_threshold=2
            )


@pytest.mark.django_db
class TestFormSubmissionOnce:
    def test_a_second_submit_of_the_same_form_writes_nothing(self, world):
        token = uuid.uuid4().hex

        def write() -> org.CountyPart:
            return org.CountyPart.objects.create(association=world.association, name="Gävle")

        services.form_submission_once(token=token, write=write)
        with pytest.raises(services.AlreadySubmitted):
            services.form_submission_once(token=token, write=write)
        assert org.CountyPart.objects.filter(name="Gävle").count() == 1

    def test_a_refused_write_releases_the_token(self, world):
        token = uuid.uuid4().hex

        def refused() -> None:
            raise ValidationError("nej")

        with pytest.raises(ValidationError):
            services.form_submission_once(token=token, write=refused)
        assert not org.FormSubmission.objects.filter(token=token).exists()
        services.form_submission_once(token=token, write=lambda: None)
        assert org.FormSubmission.objects.filter(token=token).exists()
