"""factory_boy factories for every app's records (synthetic people only)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from eenplan.accounts.models import Partner, Role, Team, User
from eenplan.core.models import Area, Municipality
from eenplan.core.validators import bsn_is_valid
from eenplan.households.models import Household, Person


def test_range_bsns():
    for number in range(999900006, 999999991):
        if bsn_is_valid(str(number)):
            yield str(number)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    code = "GM0193"
    name = "Zwolle"
    province = "Overijssel"
    population = 130668


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Area.Kind.DISTRICT
    code = factory.Sequence(lambda n: f"WK0193{n:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class NeighbourhoodFactory(DjangoModelFactory):
    class Meta:
        model = Area

    parent = factory.SubFactory(DistrictFactory)
    municipality = factory.SelfAttribute("parent.municipality")
    kind = Area.Kind.NEIGHBOURHOOD
    code = factory.Sequence(lambda n: f"BU0193{n:04d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Wijkteam {n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Partner.Kind.GENERAL_PRACTICE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.CONSULTANT
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.django.Password("geheim-wachtwoord-123")


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    area = factory.SubFactory(NeighbourhoodFactory)
    municipality = factory.SelfAttribute("area.municipality")


BSNS = test_range_bsns()


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory)
    relation = Person.Relation.HEAD
    given_name = factory.Faker("first_name", locale="nl_NL")
    surname = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = datetime.date(1960, 5, 17)
    bsn = factory.LazyFunction(lambda: next(BSNS))
