import pytest
from django.db import transaction

from eenplan.accounts.models import Role, User
from eenplan.core.models import Area, Municipality
from eenplan.core.seeding import seed_demo
from eenplan.core.validators import bsn_is_valid
from eenplan.households.models import Household, Person

pytestmark = pytest.mark.django_db


def snapshot(seed: int) -> list[tuple]:
    """Seed inside a transaction that is rolled back, and return what was made."""
    with transaction.atomic():
        seed_demo(seed=seed, municipality_code="GM0193", households=12)
        people = list(
            Person.objects.order_by("household__area__code", "bsn").values_list(
                "given_name", "surname", "date_of_birth", "bsn", "household__area__code"
            )
        )
        transaction.set_rollback(True)
    return people


def test_the_same_seed_gives_the_same_people_and_another_seed_others():
    assert snapshot(7) == snapshot(7)
    assert snapshot(7) != snapshot(8)


def test_the_demo_municipality_is_the_real_one_from_cbs():
    context = seed_demo(seed=2026, municipality_code="GM0193", households=12)
    municipality = Municipality.objects.get()
    assert (municipality.code, municipality.name, municipality.population) == ("GM0193", "Zwolle", 130668)
    assert "85067NED" in municipality.population_source
    assert Area.objects.filter(kind="district").count() == 5
    assert Area.objects.filter(kind="neighbourhood", code__startswith="BU0193").count() == 12
    assert Household.objects.count() == 12
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert all(
        bsn_is_valid(bsn) and bsn.startswith("9999") for bsn in Person.objects.values_list("bsn", flat=True)
    )
    assert context.logins[0] == ("Inwoner", "inwoner", "demo-eenplan-2026")
    resident = User.objects.get(username="inwoner")
    assert resident.person.relation == "head"
    assert User.objects.get(username="partner").partner.name == "Huisartsenpraktijk De Linde"


def test_an_unknown_municipality_code_is_refused_and_leaves_nothing():
    with pytest.raises(LookupError, match="GM9999"):
        seed_demo(seed=1, municipality_code="GM9999")
    assert Municipality.objects.count() == 0
    assert Area.objects.count() == 0
