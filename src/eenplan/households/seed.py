"""Demo seed of households: synthetic people (Faker nl_NL, test-range BSNs) in every neighbourhood."""

import datetime

from eenplan.core.models import Area

from .models import Household, NetworkMember, Person

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


def seed(context) -> None:
    municipality = context.objects["municipality"]
    neighbourhoods = list(Area.objects.filter(municipality=municipality, kind=Area.Kind.NEIGHBOURHOOD))
    resident = context.objects["users"].get("inwoner")
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
    if resident is not None:
        head = Person.objects.get(user=resident)
        resident.first_name, resident.last_name = head.given_name, head.surname
        resident.save(update_fields=["first_name", "last_name"])
