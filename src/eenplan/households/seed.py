"""Demo seed of households: synthetic people (Faker nl_NL, test-range BSNs) in every neighbourhood."""

import datetime

from eenplan.core.models import Area
from eenplan.core.validators import bsn_is_valid

from .models import Household, NetworkMember, Person, Representation

CONTRIBUTIONS = [
    "Doet elke zaterdag de boodschappen.",
    "Kookt twee keer per week.",
    "Brengt naar het ziekenhuis als dat nodig is.",
    "Komt elke dag even langs.",
    "Helpt met de administratie.",
    "Past op de kinderen na school.",
]

TODAY = datetime.date(2026, 1, 1)  # fixed, so the same seed gives the same ages


def _birth_date(context, min_age: int, max_age: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=context.random.randint(min_age * 365, max_age * 365))


def _spare_bsn(context) -> str:
    """A test-range BSN no one in the demo has, taken from the top of the range so that the random
    choices of the seed (context.test_bsn) stay the same."""
    used = context.objects.setdefault("bsns", set())
    for number in range(999999990, 999900005, -1):
        if bsn_is_valid(str(number)) and str(number) not in used:
            used.add(str(number))
            return str(number)
    raise LookupError("No test-range BSN left.")


def _seed_mentor(context, household: Household) -> None:
    """The demo user "mentor": a resident who is mentor of the head of another household than that of
    "inwoner", recorded by the team with the court's decision as evidence."""
    mentor = context.objects["users"].get("mentor")
    if mentor is None:
        return
    users = context.objects["users"]
    consultants = [
        users[name] for name in ("consulent", "consulent2")
    ]  # the team of the household records it
    Representation.objects.create(
        person=household.members.get(relation=Person.Relation.HEAD),
        kind=Representation.Kind.MENTOR,
        representative_name=mentor.get_full_name(),
        representative_bsn=_spare_bsn(context),
        representative=mentor,
        evidence="Beschikking van de kantonrechter van 3 november 2025 (demo)",
        starts_on=TODAY - datetime.timedelta(days=59),
        recorded_by=next(
            (user for user in consultants if user.team.areas.filter(pk=household.area.parent_id).exists()),
            consultants[0],
        ),
    )


def seed(context) -> None:
    municipality = context.objects["municipality"]
    neighbourhoods = list(Area.objects.filter(municipality=municipality, kind=Area.Kind.NEIGHBOURHOOD))
    resident = context.objects["users"].get("inwoner")
    households = []
    for index in range(context.households):
        household = Household.objects.create(
            municipality=municipality,
            area=context.random.choice(neighbourhoods),
            street=context.faker.street_name(),
            house_number=context.random.randint(1, 240),
            postcode=f"80{context.random.randint(11, 46)}{context.faker.random_uppercase_letter()}"
            f"{context.faker.random_uppercase_letter()}",
            city=municipality.name,
        )
        households.append(household)
        surname = context.faker.last_name()
        members = [(Person.Relation.HEAD, 18, 90)]
        if context.random.random() < 0.5:
            members.append((Person.Relation.PARTNER, 18, 90))
        members += [(Person.Relation.CHILD, 0, 17)] * context.random.choice([0, 0, 1, 2, 3])
        for position, (relation, min_age, max_age) in enumerate(members):
            Person.objects.create(
                household=household,
                relation=relation,
                given_name=context.faker.first_name(),
                surname=surname if relation != Person.Relation.PARTNER else context.faker.last_name(),
                date_of_birth=_birth_date(context, min_age, max_age),
                bsn=context.test_bsn(),
                user=resident if index == 0 and position == 0 else None,
            )
        if context.random.random() < 0.4:
            NetworkMember.objects.create(
                household=household,
                name=context.faker.name(),
                kind=context.random.choice(["family", "friend", "neighbour", "volunteer"]),
                is_informal_carer=context.random.random() < 0.7,
                contribution=context.random.choice(CONTRIBUTIONS),
            )
    if len(households) > 1:
        _seed_mentor(context, households[1])
    if resident is not None:
        head = Person.objects.get(user=resident)
        resident.first_name, resident.last_name = head.given_name, head.surname
        resident.save(update_fields=["first_name", "last_name"])
