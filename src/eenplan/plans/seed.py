"""Demo seed of plans: about a third of the households have a plan, in every state (draft, agreed,
changed after the agreement, active, evaluated, closed), with goals in the resident's own words on
life domains and agreements of every kind, creative ones included.

Plans are made through the same actions as the screens, from meldingen whose inquiry has a
kitchen-table conversation. A few households were helped months ago: their melding, conversation and
report are registered here (through the intake actions), so that evaluated and closed plans and
long-running provisions have a history. The oldest plans are the furthest along; dates are relative
to today."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from eenplan.assessment.models import Instrument
from eenplan.households.models import Household, Person
from eenplan.households.queries import team_area_ids
from eenplan.intake import actions as intake_actions
from eenplan.intake.models import SupportRequest
from eenplan.socialmap.models import Service

from . import actions
from .models import Agreement, Goal, Plan, ServiceOutcome

HIGH, MEDIUM, LOW = Goal.Priority.HIGH, Goal.Priority.MEDIUM, Goal.Priority.LOW


@dataclass(frozen=True)
class Story:
    """What a plan is about. ``{child}`` stands for the youngest child of the household.

    An agreement is (goal index, kind, description, who): who is a community service's name, a partner
    kind, or empty (the resident, the first network member, the regisseur)."""

    laws: tuple[str, ...]
    keywords: tuple[str, ...]  # words in a melding's question that lead to this story
    question: str  # for a melding registered here
    what_matters: str
    goals: tuple[tuple[str, tuple[str, ...], int], ...]
    agreements: tuple[tuple[int, str, str, str], ...]
    needs_child: bool = False


# fmt: off
STORIES = [
    Story(
        laws=("wmo",), keywords=("trap",),
        question="Ik kom de trap niet meer op en wil graag beneden kunnen slapen.",
        what_matters="Dat ik in mijn eigen huis kan blijven wonen, met mijn kat.",
        goals=(
            ("Ik wil in mijn eigen huis blijven wonen, ook als de trap niet meer gaat.",
             ("housing", "adl"), HIGH),
            ("Op dinsdag weer onder de mensen zijn, zoals vroeger op de markt.",
             ("social-participation", "social-network"), MEDIUM),
        ),
        agreements=(
            (0, "resident", "Ruimt met de kleinzoon de voorkamer op, zodat het bed beneden kan staan.", ""),
            (0, "network", "Zet het bed beneden neer en hangt een lamp bij de trap.", ""),
            (0, "team", "Vraagt de ergotherapeut mee te kijken naar een traplift of een kamer beneden.", ""),
            (1, "community", "Schuift elke dinsdag aan bij de maaltijd; de buurtsportcoach haalt op.",
             "Samen eten in De Wieken"),
        ),
    ),
    Story(
        laws=("wmo",), keywords=("dementie", "mantelzorg"),
        question="Mijn man heeft dementie. Ik ben moe en wil af en toe een dag voor mezelf.",
        what_matters="Af en toe een dag voor mezelf, zonder zorgen.",
        goals=(
            ("Eén dag per week iets voor mezelf doen, zonder me zorgen te maken om mijn man.",
             ("social-network", "mental-health"), HIGH),
            ("Samen met mijn man thuis blijven wonen, zo lang het goed gaat.",
             ("housing", "domestic-relations"), MEDIUM),
        ),
        agreements=(
            (0, "partner",
             "De mantelzorgconsulent belt elke maand en neemt haar mee naar het Alzheimer Café.", "welfare"),
            (0, "community", "Haar man gaat op woensdag naar het ontmoetingscentrum; zij heeft die dag vrij.",
             "Ontmoetingsgroep Vergeet-mij-niet"),
            (0, "network", "Komt op zaterdagmiddag bij haar man zitten, zodat zij kan wandelen.", ""),
            (1, "partner", "De huisarts kijkt elk kwartaal met hen hoe het thuis gaat.", "general_practice"),
        ),
    ),
    Story(
        laws=("wmo",), keywords=("niemand", "eenzaam"),
        question="Sinds mijn vrouw overleden is, zie ik bijna niemand meer.",
        what_matters="Weer mensen zien. Vroeger ging ik elke week naar de markt.",
        goals=(
            ("Weer mensen zien, minstens twee keer in de week.",
             ("social-network", "social-participation"), HIGH),
            ("Mijn eigen boodschappen weer doen.", ("iadl", "physical-health"), MEDIUM),
        ),
        agreements=(
            (0, "community", "Rijdt één dag per week mee met de bezorger van de bakker en helpt afleveren.",
             "Bakkerij Van der Veen"),
            (0, "community", "Gaat op donderdag naar de koffieochtend; de buurvrouw gaat eerst mee.",
             "Koffieochtend in Het Spoor"),
            (0, "partner", "Zoekt een maatje voor de wandeling op zondag.", "welfare"),
            (1, "resident", "Loopt elke ochtend met de rollator naar de brievenbus en terug.", ""),
            (1, "network", "Gaat op zaterdag mee naar de supermarkt en draagt de zware tassen.", ""),
        ),
    ),
    Story(
        laws=("wmo",), keywords=("huishouden", "operatie"),
        question="Het huishouden lukt niet meer sinds mijn operatie.",
        what_matters="Rust in mijn hoofd en een schoon huis, zodat ik weer mensen durf uit te nodigen.",
        goals=(
            ("Mijn huis schoon, zodat ik me niet schaam als er iemand langskomt.", ("housing", "iadl"), HIGH),
            ("Over drie maanden zelf weer de trap af naar de wasmachine.",
             ("physical-health", "adl"), MEDIUM),
        ),
        agreements=(
            (0, "resident", "Doet zelf de afwas en de kleine dingen, zittend aan het aanrecht.", ""),
            (0, "network", "Doet op zaterdag de boodschappen en zet de container aan de straat.", ""),
            (1, "community", "Doet twee keer per week mee met de beweeggroep in het wijkcentrum.",
             "Sportinstuif 50+ Molenwijk"),
            (1, "partner", "De praktijkondersteuner kijkt over zes weken hoe het herstel gaat.",
             "general_practice"),
        ),
    ),
    Story(
        laws=("jeugdwet",), keywords=("school",), needs_child=True,
        question="{child} gaat niet meer naar school. We weten niet wat we moeten doen.",
        what_matters="Dat {child} weer plezier heeft en dat het thuis rustig wordt.",
        goals=(
            ("Dat {child} weer naar school gaat, eerst een paar ochtenden in de week.",
             ("work-education", "parenting"), HIGH),
            ("Minder ruzie aan tafel; weer samen eten zonder geschreeuw.",
             ("domestic-relations", "parenting"), MEDIUM),
        ),
        agreements=(
            (0, "partner", "Gesprekken met {child} en de ouders, om de week, thuis of bij De Brug.",
             "youth_care"),
            (0, "team", "Overlegt met de mentor en de leerplichtambtenaar over een rooster dat past.", ""),
            (0, "resident", "Brengt {child} de eerste weken zelf naar school, op de fiets.", ""),
            (1, "community", "{child} traint weer mee op woensdag; de trainer weet ervan.",
             "Voetbalvereniging De Esch, jeugdteam"),
            (1, "network", "Neemt {child} op zaterdag mee naar de sportschool.", ""),
        ),
    ),
    Story(
        laws=("jeugdwet",), keywords=("autisme",), needs_child=True,
        question="{child} heeft autisme en thuis loopt het vast.",
        what_matters="Rust in huis, en dat de kinderen weer lachen.",
        goals=(
            ("Rust in huis, en dat {child} zich thuis weer veilig voelt.",
             ("domestic-relations", "parenting"), HIGH),
            ("Dat ik ook weer eens een avond weg kan.", ("social-network", "mental-health"), LOW),
        ),
        agreements=(
            (0, "partner",
             "De gezinsbegeleider maakt met het gezin een dagritmebord, zodat de dag voorspelbaar is.",
             "youth_care"),
            (0, "community", "Gaat elke eerste donderdag van de maand naar de oudergroep.",
             "Praatgroep voor ouders van kinderen met autisme"),
            (1, "network", "Haalt {child} op woensdag uit school en blijft tot het avondeten.", ""),
            (1, "community", "Eén weekend per maand logeert {child} bij een steungezin.", "Steunouders"),
        ),
    ),
    Story(
        laws=("participatiewet",), keywords=("werk",),
        question="Ik wil graag weer aan het werk, maar weet niet hoe ik moet beginnen.",
        what_matters="Ergens bij horen. Mijn eigen geld verdienen.",
        goals=(
            ("Ik wil weer ergens bij horen en mijn eigen geld verdienen.",
             ("work-education", "daytime-activities"), HIGH),
            ("Een vast ritme: op tijd op, op tijd naar bed.",
             ("daytime-activities", "mental-health"), MEDIUM),
        ),
        agreements=(
            (0, "partner", "Werkfit-traject: drie ochtenden per week, met een jobcoach.", "income_work"),
            (0, "community", "Helpt twee ochtenden per week in de kringloopwinkel, om er weer in te komen.",
             "Meewerken in Kringloopwinkel Tweede Ronde"),
            (0, "network", "Helpt met een cv en oefent het sollicitatiegesprek.", ""),
            (1, "resident", "Zet elke avond de wekker en appt de jobcoach als het niet lukt.", ""),
        ),
    ),
    Story(
        laws=("wgs", "participatiewet"), keywords=("rekeningen", "schulden", "post"),
        question="De rekeningen stapelen zich op en ik open de post niet meer.",
        what_matters="Weer rustig slapen, zonder angst voor de deurwaarder.",
        goals=(
            ("Weer de post openmaken zonder buikpijn.", ("finances", "mental-health"), HIGH),
            ("Aan het eind van de maand nog geld voor boodschappen.", ("finances",), MEDIUM),
        ),
        agreements=(
            (0, "partner", "Maakt een overzicht van alle schulden en belt de schuldeisers voor een regeling.",
             "debt_help"),
            (0, "network", "Opent op maandagavond samen de post.", ""),
            (0, "partner", "Spreekt een regeling af voor de huurachterstand; er komt geen ontruiming.",
             "housing"),
            (1, "community", "Een vrijwilliger helpt elke week met de administratie en het weekgeld.",
             "Thuisadministratie vrijwilligers"),
            (1, "resident", "Zegt het sportabonnement en de tweede telefoon op.", ""),
        ),
    ),
]
# fmt: on

# Said after the resident agreed, so the plan changed since: (kind, description, who).
CHANGES = [
    ("network", "Neemt na de verhuizing van de dochter de woensdag over.", ""),
    ("community", "Het Repair Café maakt de rollator weer in orde.", "Repair Café Oost"),
    ("resident", "Belt zelf de huisarts als de pijn terugkomt.", ""),
]
OUTCOME_WORDS = {
    Goal.Outcome.ACHIEVED: [
        (
            "Het gaat echt beter. Ik had niet gedacht dat het zo snel zou gaan.",
            "Gehaald; de afspraken met het netwerk houden het vast.",
        ),
        ("Ja, dit lukt nu zelf.", "Zelfredzaam op dit leefgebied; hier is geen hulp meer nodig."),
    ],
    Goal.Outcome.PARTLY: [
        (
            "Het gaat beter, maar op slechte dagen lukt het nog niet.",
            "Vooruitgang; de afspraken lopen door tot de volgende evaluatie.",
        ),
        (
            "Soms wel, soms niet. Ik wil het nog even zo houden.",
            "Deels gehaald; over drie maanden opnieuw bekijken.",
        ),
    ],
    Goal.Outcome.NOT: [
        ("Het is niet gelukt. Ik vond het te spannend.", "Niet gehaald; we zoeken samen een andere aanpak."),
        ("Er kwam te veel tegelijk.", "Niet gehaald door een opname tussendoor; het doel blijft staan."),
    ],
}
SUMMARIES = [
    "Evaluatie aan de keukentafel. De inwoner is trots op wat er is gelukt.",
    "Evaluatie met de inwoner en de mantelzorger. Het netwerk draagt nu veel zelf.",
    "Evaluatie bij de inwoner thuis. Niet alles ging zoals gehoopt; we passen de afspraken aan.",
]
CLOSE_REASONS = [
    "De doelen zijn gehaald; de inwoner redt het weer met het netwerk.",
    "De inwoner wil geen ondersteuning meer; de familie neemt het over.",
    "Verhuisd naar een andere gemeente; het plan is met toestemming overgedragen.",
]
AGREED_NOTES = {
    Plan.AgreedHow.VERBAL: "Aan de keukentafel, met de dochter erbij.",
    Plan.AgreedHow.WRITTEN: "Handtekening op het geprinte plan.",
    Plan.AgreedHow.PORTAL: "",
}

# How far plans get, in proportion (for 25 plans); the oldest plans are the furthest along.
STATUS_MIX = [("evaluated", 4), ("closed", 4), ("active", 9), ("changed", 2), ("agreed", 3), ("draft", 3)]
FIRST_STATUSES = ["active", "agreed", "draft", "evaluated", "closed", "changed"]


def status_plan(count: int) -> list[str]:
    """The status each of ``count`` plans reaches, oldest first; every status from six plans on."""
    if count < len(STATUS_MIX):
        order = [status for status, _weight in STATUS_MIX]
        return sorted(FIRST_STATUSES[:count], key=order.index)
    counts = {status: max(1, round(weight * count / 25)) for status, weight in STATUS_MIX}
    counts["active"] += count - sum(counts.values())
    while counts["active"] < 1:  # many small statuses rounded up: take from the largest other one
        largest = max((s for s in counts if s != "active"), key=lambda s: counts[s])
        counts[largest] -= 1
        counts["active"] += 1
    return [status for status, _weight in STATUS_MIX for _ in range(counts[status])]


@dataclass
class Case:
    support_request: SupportRequest
    story: Story
    child: Person | None
    held_on: date | None  # the latest kitchen-table conversation; None: the team has yet to hold one


def seed(context) -> None:
    today = timezone.localdate()
    instrument = Instrument.objects.get(code="life-domains")
    domains = {domain.code: domain for domain in instrument.domains.all()}
    partners = {partner.kind: partner for partner in reversed(context.objects["partners"])}
    teams = context.objects["teams"]
    consultants = {
        teams[0].pk: context.objects["users"]["consulent"],
        teams[1].pk: context.objects["users"]["consulent2"],
    }
    area_team = {area: team.pk for team in teams for area in team_area_ids(team)}
    households = list(
        Household.objects.filter(municipality=context.objects["municipality"])
        .prefetch_related("members", "network", "support_requests")
        .order_by("pk")
    )
    target = max(6, round(context.households * 25 / 80))
    history = _seed_history(context, households, consultants, area_team, domains, instrument, today)
    recent = _recent_cases(context, households, history)
    resident = context.objects["users"].get("inwoner")
    resident_case = next(
        (c for c in recent if resident and c.support_request.person.user_id == resident.pk), None
    )
    others = [c for c in recent if c is not resident_case]
    chosen = context.random.sample(
        others, min(len(others), max(target - len(history) - bool(resident_case), 0))
    )
    for case in [*chosen, resident_case]:
        if case is not None and case.held_on is None:
            case.held_on = _first_conversation(context, case, domains, instrument, today)
    cases = history + sorted(chosen, key=lambda c: (c.support_request.received_on, c.support_request.pk))
    statuses = status_plan(len(cases) + bool(resident_case))
    if resident_case is not None:
        statuses.remove("active")  # the resident of the demo sees a running plan in Mijn plan
        cases.append(resident_case)
        statuses.append("active")
    plans = []
    continued = False
    for case, status in zip(cases, statuses, strict=True):
        how = Plan.AgreedHow.PORTAL if case is resident_case else None
        plan = _seed_plan(context, case, status, how, partners, domains, instrument, today)
        if status == "active" and not continued and plan.agreed_on <= today - timedelta(days=60):
            _evaluate(context, plan, instrument, today)  # evaluated, and it goes on
            actions.plan_activate(actor=plan.case_director, plan=plan, version=plan.version)
            continued = True
        plans.append(plan)
    context.objects["plans"] = plans
    _service_outcomes(context, context.objects["municipality"])


def _seed_history(context, households, consultants, area_team, domains, instrument, today) -> list[Case]:
    """Households helped months ago: a melding, a conversation and (Wmo) an issued report and the
    resident's own plan, all back-dated."""
    free = [household for household in households if not household.support_requests.all()]
    wanted = min(len(free), max(2, round(context.households / 8)))
    order = [4, 3, 7, 1, 5, 6, 0, 2]  # youth, household, debts, carer, autism, work, stairs, lonely
    cases = []
    for index in range(wanted):
        story = STORIES[order[index % len(order)]]
        household = next((h for h in free if not story.needs_child or _youngest_child(h)), None)
        if household is None:
            story = STORIES[3]
            household = free[0]
        free.remove(household)
        child = _youngest_child(household)
        consultant = consultants[area_team[household.area_id]]
        received_on = today - timedelta(days=context.random.randint(150, 300))
        support_request = intake_actions.support_request_register(
            actor=consultant,
            household=household,
            person=household.members.all()[0],
            received_on=received_on,
            channel=context.random.choice(["phone", "desk", "referral", "email"]),
            reporter=context.random.choice(["resident", "network", "partner"]),
            reporter_name="",
            question=_words(story.question, child),
            laws=list(story.laws),
            urgency="normal",
        )
        inquiry = intake_actions.inquiry_start(actor=consultant, support_request=support_request)
        if "wmo" in story.laws:
            intake_actions.personal_plan_record(
                actor=consultant,
                support_request=support_request,
                text="Ik wil zelf beslissen wie er over de vloer komt. Mijn dochter helpt waar ze kan.",
                received_on=received_on + timedelta(days=context.random.randint(2, 6)),
            )
        held_on = received_on + timedelta(days=context.random.randint(5, 14))
        _conversation(context, consultant, inquiry, story, child, held_on, domains, instrument)
        if "wmo" in story.laws:
            report = intake_actions.report_draft(actor=consultant, inquiry=inquiry)
            intake_actions.report_issue(
                actor=consultant,
                report=report,
                issued_on=held_on + timedelta(days=context.random.randint(3, 7)),
            )
        cases.append(Case(support_request, story, child, held_on))
    return cases


def _recent_cases(context, households, history) -> list[Case]:
    """Open meldingen of the other households that can become a plan: the Wmo ones whose inquiry has a
    conversation, and the others (Jeugdwet, Participatiewet, Wgs: no Wmo inquiry term)."""
    taken = {case.support_request.household_id for case in history}
    resident = context.objects["users"].get("inwoner")
    cases = []
    for household in households:
        if household.pk in taken:
            continue
        for support_request in household.support_requests.all():
            if support_request.status != SupportRequest.Status.OPEN:
                continue
            child = _youngest_child(household)
            story = _story_for(support_request, child)
            if story is None:
                continue
            inquiry = getattr(support_request, "inquiry", None)
            conversations = list(inquiry.conversations.all()) if inquiry else []
            is_resident = resident is not None and support_request.person.user_id == resident.pk
            if not conversations and "wmo" in support_request.laws and not is_resident:
                continue  # the inquiry is still under way
            held_on = max((conversation.held_on for conversation in conversations), default=None)
            cases.append(Case(support_request, story, child, held_on))
    return cases


def _first_conversation(context, case, domains, instrument, today) -> date:
    """The kitchen-table conversation a plan starts from, when there was none yet."""
    support_request = case.support_request
    actor = support_request.assigned_to
    inquiry = intake_actions.inquiry_start(actor=actor, support_request=support_request)
    held_on = min(support_request.received_on + timedelta(days=context.random.randint(2, 10)), today)
    _conversation(context, actor, inquiry, case.story, case.child, held_on, domains, instrument)
    return held_on


def _youngest_child(household) -> Person | None:
    children = [m for m in household.members.all() if m.relation == Person.Relation.CHILD]
    return max(children, key=lambda child: child.date_of_birth, default=None)


def _story_for(support_request, child) -> Story | None:
    """The story that fits the question (or else the law); None for a question about a child in a
    household without children."""
    question = support_request.question.lower()
    story = next((s for s in STORIES if any(keyword in question for keyword in s.keywords)), None)
    story = story or next((s for s in STORIES if set(s.laws) & set(support_request.laws)), STORIES[2])
    return story if child or not story.needs_child else None


def _words(text: str, child) -> str:
    return text.replace("{child}", child.given_name if child else "ons kind")


def _domain_list(codes, child, domains) -> list:
    return [domains[code] for code in codes if code in domains and (child or code != "parenting")]


def _conversation(context, actor, inquiry, story, child, held_on, domains, instrument) -> None:
    codes = {code for _text, goal_domains, _priority in story.goals for code in goal_domains}
    scored = _domain_list(sorted(codes), child, domains)[:3]
    intake_actions.conversation_record(
        actor=actor,
        inquiry=inquiry,
        instrument=instrument,
        domain_scores=[
            {
                "domain": domain,
                "situation": "Loopt vast; de inwoner vertelt er open over.",
                "own_strength": "Wil het zo veel mogelijk zelf blijven doen.",
                "network": "Familie en buren helpen waar het kan.",
                "resident_score": context.random.randint(2, 3),
                "professional_score": context.random.randint(2, 3),
            }
            for domain in scored
        ],
        held_on=held_on,
        place="Bij de inwoner thuis, aan de keukentafel",
        participants="De inwoner, een familielid en de consulent",
        interpreter_offered=False,
        client_support_offered=True,
        what_matters=_words(story.what_matters, child),
        question_behind="",
        own_actions="De familie helpt waar het kan.",
        ideas="",
    )


def _seed_plan(context, case, status, how, partners, domains, instrument, today) -> Plan:
    support_request, story, child = case.support_request, case.story, case.child
    actor = support_request.assigned_to
    plan = actions.plan_create(actor=actor, support_request=support_request)
    agreed_on = min(case.held_on + timedelta(days=context.random.randint(3, 12)), today)
    goal_count = len(story.goals) if status != "draft" else context.random.randint(0, len(story.goals))
    goals = []
    for text, codes, priority in story.goals[:goal_count]:
        goals.append(
            actions.goal_add(
                actor=actor,
                plan=plan,
                version=plan.version,
                text=_words(text, child),
                domains=_domain_list(codes, child, domains),
                priority=priority,
                target_date=agreed_on + timedelta(days=context.random.choice([91, 122, 183])),
            )
        )
    network = list(support_request.household.network.all())
    for goal_index, kind, description, who in story.agreements:
        if goal_index >= len(goals) or (status == "draft" and context.random.random() < 0.5):
            continue
        fields = _agreement_fields(kind, who, support_request, network, partners, plan)
        if fields is None:
            continue
        actions.agreement_add(
            actor=actor,
            plan=plan,
            version=plan.version,
            goal=goals[goal_index],
            description=_words(description, child),
            due_on=agreed_on + timedelta(days=context.random.randint(7, 60)),
            **fields,
        )
    if status == "draft":
        return plan
    how = how or context.random.choice([Plan.AgreedHow.VERBAL, Plan.AgreedHow.VERBAL, Plan.AgreedHow.WRITTEN])
    actions.plan_agree(
        actor=actor, plan=plan, version=plan.version, agreed_on=agreed_on, how=how, note=AGREED_NOTES[how]
    )
    if status == "changed":
        kind, description, who = context.random.choice(
            [change for change in CHANGES if change[0] != "network" or network]
        )
        actions.agreement_add(
            actor=actor,
            plan=plan,
            version=plan.version,
            goal=goals[0],
            description=description,
            due_on=today + timedelta(days=14),
            **_agreement_fields(kind, who, support_request, network, partners, plan),
        )
    if status in ("agreed", "changed"):
        return plan
    actions.plan_activate(actor=actor, plan=plan, version=plan.version)
    agreements = list(plan.agreements.order_by("pk"))
    if status == "active" and agreements and context.random.random() < 0.6:
        actions.agreement_status_set(
            actor=actor,
            plan=plan,
            version=plan.version,
            agreement=agreements[0],
            status=Agreement.Status.DONE,
        )
    if status in ("evaluated", "closed"):
        evaluation = _evaluate(context, plan, instrument, today)
        if status == "closed":
            achieved = all(goal.outcome == Goal.Outcome.ACHIEVED for goal in plan.goals.all())
            reason = CLOSE_REASONS[0] if achieved else context.random.choice(CLOSE_REASONS[1:])
            actions.plan_close(
                actor=actor,
                plan=plan,
                version=plan.version,
                closed_on=min(evaluation.held_on + timedelta(days=context.random.randint(7, 28)), today),
                reason=reason,
            )
    return plan


def _agreement_fields(kind, who, support_request, network, partners, plan) -> dict | None:
    if kind == "resident":
        return {"kind": kind, "person": support_request.person}
    if kind == "network":
        return {"kind": kind, "network_member": network[0]} if network else None
    if kind == "community":  # a service of the social map when it is on it (seeded before the plans)
        return {"kind": kind, "community_service": who, "service": Service.objects.filter(name=who).first()}
    if kind == "partner":
        return {"kind": kind, "partner": partners[who]} if who in partners else None
    director = plan.case_director
    return {"kind": kind, "performer": director.get_full_name() or director.get_username()}


def _evaluate(context, plan, instrument, today):
    """Evaluate every goal, in the resident's words and the professional's; mark what was done."""
    held_on = min(plan.agreed_on + timedelta(days=context.random.randint(84, 120)), today - timedelta(days=2))
    held_on = max(held_on, plan.agreed_on)
    goals = list(plan.goals.prefetch_related("domains"))
    outcomes = []
    for goal in goals:
        outcome = context.random.choice(
            [Goal.Outcome.ACHIEVED, Goal.Outcome.ACHIEVED, Goal.Outcome.PARTLY, Goal.Outcome.NOT]
        )
        resident_words, professional_words = context.random.choice(OUTCOME_WORDS[outcome])
        outcomes.append(
            {
                "goal": goal,
                "outcome": outcome,
                "resident_words": resident_words,
                "professional_words": professional_words,
            }
        )
    for agreement in plan.agreements.filter(status=Agreement.Status.OPEN).order_by("pk"):
        outcome = next((o["outcome"] for o in outcomes if o["goal"].pk == agreement.goal_id), None)
        status = Agreement.Status.STOPPED if outcome == Goal.Outcome.NOT else Agreement.Status.DONE
        if outcome == Goal.Outcome.PARTLY:
            continue  # it goes on
        actions.agreement_status_set(
            actor=plan.case_director, plan=plan, version=plan.version, agreement=agreement, status=status
        )
    scores = []
    if context.random.random() < 0.6:
        score_range = {Goal.Outcome.ACHIEVED: (4, 5), Goal.Outcome.PARTLY: (3, 4), Goal.Outcome.NOT: (2, 3)}
        seen = set()
        for item in outcomes:
            for domain in item["goal"].domains.all():
                if domain.pk in seen:
                    continue
                seen.add(domain.pk)
                low, high = score_range[item["outcome"]]
                scores.append(
                    {
                        "domain": domain,
                        "situation": item["professional_words"],
                        "own_strength": "Doet weer meer zelf.",
                        "network": "Het netwerk is er, en weet wat het kan doen.",
                        "resident_score": context.random.randint(low, high),
                        "professional_score": context.random.randint(low, high),
                    }
                )
    return actions.plan_evaluate(
        actor=plan.case_director,
        plan=plan,
        version=plan.version,
        held_on=held_on,
        summary=context.random.choice(SUMMARIES),
        goal_outcomes=outcomes,
        instrument=instrument if scores else None,
        domain_scores=scores,
    )


def _service_outcomes(context, municipality) -> None:
    """Evaluated plans say whether the social-map services they used helped (the map counts these)."""
    outcomes = [ServiceOutcome.HELPED] * 3 + [ServiceOutcome.PARTLY, ServiceOutcome.NOT_HELPED]
    agreements = Agreement.objects.filter(
        service__isnull=False,
        plan__household__municipality=municipality,
        plan__status__in=[Plan.Status.EVALUATED, Plan.Status.CLOSED],
    ).order_by("pk")
    for agreement in agreements:
        agreement.service_outcome = context.random.choice(outcomes)
        agreement.save(update_fields=["service_outcome"])
