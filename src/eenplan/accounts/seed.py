"""Demo seed of accounts: two teams, a partner of every kind (providers with an AGB code), and a user
for every role."""

from eenplan.core.seeding import DEMO_PASSWORD

from .actions import user_create
from .models import Partner, Role, Team

TEAMS = {"Wijkteam Noord-Oost": ["Noord", "Oost"], "Wijkteam Zuid-West": ["Centrum", "Zuid", "West"]}

# (name, kind, AGB code): providers of Wmo and Jeugdwet provisions need an AGB code for the allocation
# message (iWmo/iJw); these are made up, in the 8-digit shape of the real register.
PARTNERS = [
    ("Huisartsenpraktijk De Linde", Partner.Kind.GENERAL_PRACTICE, ""),
    ("Woonstichting Thuis", Partner.Kind.HOUSING, ""),
    ("Werk en Inkomen {gemeente}", Partner.Kind.INCOME_WORK, ""),
    ("Welzijn {gemeente}", Partner.Kind.WELFARE, ""),
    ("Jeugdhulp De Brug", Partner.Kind.YOUTH_CARE, "98104271"),
    ("GGZ Rivierland", Partner.Kind.MENTAL_HEALTH, ""),
    ("Thuiszorg Samen", Partner.Kind.CARE_PROVIDER, "75710318"),
    ("Schuldhulp {gemeente}", Partner.Kind.DEBT_HELP, ""),
    ("Zorgboerderij De Hoeve", Partner.Kind.CARE_PROVIDER, "75736052"),
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
    ("privacy", Role.PRIVACY_OFFICER, None, None),
    # A resident who is mentor of an adult in another household (households/seed.py).
    ("mentor", Role.RESIDENT, None, None),
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
            municipality=municipality, name=name.format(gemeente=municipality.name), kind=kind, agb_code=agb
        )
        for name, kind, agb in PARTNERS
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
