"""Demo seed of accounts: two teams, a partner of every kind, and a user for every role."""

from eenplan.core.seeding import DEMO_PASSWORD

from .actions import user_create
from .models import Partner, Role, Team

TEAMS = {"Wijkteam Noord-Oost": ["Noord", "Oost"], "Wijkteam Zuid-West": ["Centrum", "Zuid", "West"]}

PARTNERS = [
    ("Huisartsenpraktijk De Linde", Partner.Kind.GENERAL_PRACTICE),
    ("Woonstichting Thuis", Partner.Kind.HOUSING),
    ("Werk en Inkomen {gemeente}", Partner.Kind.INCOME_WORK),
    ("Welzijn {gemeente}", Partner.Kind.WELFARE),
    ("Jeugdhulp De Brug", Partner.Kind.YOUTH_CARE),
    ("GGZ Rivierland", Partner.Kind.MENTAL_HEALTH),
    ("Thuiszorg Samen", Partner.Kind.CARE_PROVIDER),
    ("Schuldhulp {gemeente}", Partner.Kind.DEBT_HELP),
]

# (username, role, team index or None, partner index or None)
USERS = [
    ("inwoner", Role.RESIDENT, None, None),
    ("consulent", Role.CONSULTANT, 0, None),
    ("consulent2", Role.CONSULTANT, 1, None),
    ("teamleider", Role.TEAM_LEAD, 0, None),
    ("beslisser", Role.DECISION_MAKER, None, None),
    ("partner", Role.PARTNER_PROFESSIONAL, None, 0),
    ("beleid", Role.POLICY_ADVISOR, None, None),
    ("beheer", Role.FUNCTIONAL_ADMIN, None, None),
]


def seed(context) -> None:
    municipality = context.objects["municipality"]
    districts = context.objects["districts"]
    teams = []
    for name, district_names in TEAMS.items():
        team = Team.objects.create(municipality=municipality, name=name)
        team.areas.set([districts[district] for district in district_names])
        teams.append(team)
    partners = [
        Partner.objects.create(
            municipality=municipality, name=name.format(gemeente=municipality.name), kind=kind
        )
        for name, kind in PARTNERS
    ]
    users = {}
    for username, role, team_index, partner_index in USERS:
        users[username] = user_create(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            first_name=context.faker.first_name(),
            last_name=context.faker.last_name(),
            email=f"{username}@example.org",
            municipality=municipality,
            team=teams[team_index] if team_index is not None else None,
            partner=partners[partner_index] if partner_index is not None else None,
        )
        context.logins.append((Role(role).label, username, DEMO_PASSWORD))
    context.objects["teams"] = teams
    context.objects["partners"] = partners
    context.objects["users"] = users
