"""factory_boy factories for the organisation registry (invented people only)."""

from __future__ import annotations

import datetime

import factory

from mysam.organisation import models


class AssociationFactory(factory.django.DjangoModelFactory[models.Association]):
    class Meta:
        model = models.Association
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Samordningsförbund {n}")
    slug = factory.Sequence(lambda n: f"forbund-{n}")


class CountyPartFactory(factory.django.DjangoModelFactory[models.CountyPart]):
    class Meta:
        model = models.CountyPart

    association = factory.SubFactory(AssociationFactory)
    name = factory.Sequence(lambda n: f"Länsdel {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory[models.Municipality]):
    class Meta:
        model = models.Municipality

    association = factory.SubFactory(AssociationFactory)
    county_part = factory.SubFactory(
        CountyPartFactory, association=factory.SelfAttribute("..association")
    )
    name = factory.Sequence(lambda n: f"Kommun {n}")


class PartyFactory(factory.django.DjangoModelFactory[models.Party]):
    class Meta:
        model = models.Party

    association = factory.SubFactory(AssociationFactory)
    name = factory.Sequence(lambda n: f"Part {n}")
    kind = models.PartyKind.OTHER


class UnitFactory(factory.django.DjangoModelFactory[models.Unit]):
    class Meta:
        model = models.Unit

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Verksamhet {n}")
    unit_type = models.UnitType.OTHER


class HealthCentreFactory(factory.django.DjangoModelFactory[models.HealthCentre]):
    class Meta:
        model = models.HealthCentre

    association = factory.SubFactory(AssociationFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, association=factory.SelfAttribute("..association")
    )
    name = factory.Sequence(lambda n: f"Hälsocentral {n}")


class CooperationGroupFactory(factory.django.DjangoModelFactory[models.CooperationGroup]):
    class Meta:
        model = models.CooperationGroup
        skip_postgeneration_save = True

    association = factory.SubFactory(AssociationFactory)
    name = factory.Sequence(lambda n: f"Mysam {n}")

    @factory.post_generation
    def municipalities(self, create: bool, extracted: list[models.Municipality] | None) -> None:
        if create and extracted:
            self.municipalities.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory[models.Person]):
    class Meta:
        model = models.Person

    association = factory.SubFactory(AssociationFactory)
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Åkesson{n}")
    title = "Enhetschef"
    party = factory.SubFactory(PartyFactory, association=factory.SelfAttribute("..association"))
    email = factory.Sequence(lambda n: f"person{n}@example.se")


class SeatFactory(factory.django.DjangoModelFactory[models.Seat]):
    class Meta:
        model = models.Seat

    group = factory.SubFactory(CooperationGroupFactory)
    party = factory.SubFactory(
        PartyFactory, association=factory.SelfAttribute("..group.association")
    )
    label = "Enhetschef"


class MembershipFactory(factory.django.DjangoModelFactory[models.Membership]):
    class Meta:
        model = models.Membership

    group = factory.SubFactory(CooperationGroupFactory)
    person = factory.SubFactory(
        PersonFactory, association=factory.SelfAttribute("..group.association")
    )
    role = models.MembershipRole.MEMBER
    has_decision_mandate = True
    start_date = datetime.date(2024, 1, 1)


class TrisamTeamFactory(factory.django.DjangoModelFactory[models.TrisamTeam]):
    class Meta:
        model = models.TrisamTeam

    health_centre = factory.SubFactory(HealthCentreFactory)
    name = factory.Sequence(lambda n: f"Trisam-team {n}")


class SteeringGroupFactory(factory.django.DjangoModelFactory[models.SteeringGroup]):
    class Meta:
        model = models.SteeringGroup

    group = factory.SubFactory(CooperationGroupFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, association=factory.SelfAttribute("..group.association")
    )
    name = factory.Sequence(lambda n: f"Trisam styrgrupp {n}")
