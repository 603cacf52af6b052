"""Demo seed of intake: meldingen with histories (open, nearly due, overdue, suspended, extended,
closed), registered through the same actions as the screens, relative to today so that every demo
shows days left."""

from datetime import timedelta

from django.utils import timezone

from eenplan.assessment.models import Instrument, LifeDomain
from eenplan.households.models import Household
from eenplan.households.queries import team_area_ids

from . import actions
from .models import SupportRequest, Term

WHAT_MATTERS = [
    "Dat ik in mijn eigen huis kan blijven wonen, met mijn kat.",
    "Af en toe een dag voor mezelf, zonder zorgen.",
    "Weer mensen zien. Vroeger ging ik elke week naar de markt.",
    "Rust in huis, en dat de kinderen weer lachen.",
]
IDEAS = [
    "Een dag per week meerijden met de bezorger van de bakker.",
    "Samen eten in het buurthuis op dinsdag.",
    "Een maatje van het vrijwilligerswerk voor de wandeling.",
    "",
]

QUESTIONS = [
    "Ik kom de trap niet meer op en wil graag beneden kunnen slapen.",
    "Mijn man heeft dementie. Ik ben moe en wil af en toe een dag voor mezelf.",
    "Sinds mijn vrouw overleden is, zie ik bijna niemand meer.",
    "Mijn zoon van 14 gaat niet meer naar school. We weten niet wat we moeten doen.",
    "De rekeningen stapelen zich op en ik open de post niet meer.",
    "Ik wil graag weer aan het werk, maar weet niet hoe ik moet beginnen.",
    "Het huishouden lukt niet meer sinds mijn operatie.",
    "Mijn dochter heeft autisme en thuis loopt het vast.",
]
LAWS_BY_QUESTION = [["wmo"], ["wmo"], ["wmo"], ["jeugdwet"], ["wgs", "participatiewet"], ["participatiewet"],
                    ["wmo"], ["jeugdwet", "wmo"]]  # fmt: skip


def seed(context) -> None:
    today = timezone.localdate()
    teams = context.objects["teams"]
    users = context.objects["users"]
    consultants = {teams[0].pk: users["consulent"], teams[1].pk: users["consulent2"]}
    area_team = {area: team.pk for team in teams for area in team_area_ids(team)}
    households = list(Household.objects.prefetch_related("members").order_by("pk"))
    for index, household in enumerate(households):
        if index % 10 in (7, 8, 9) and index != 0:
            continue  # not every household has asked for support
        consultant = consultants[area_team[household.area_id]]
        choice = context.random.randrange(len(QUESTIONS))
        support_request = actions.support_request_register(
            actor=consultant,
            household=household,
            person=household.members.all()[0],
            received_on=today - timedelta(days=context.random.randint(0, 55)),
            channel=context.random.choice(["phone", "email", "desk", "referral"]),
            reporter=context.random.choice(["resident", "resident", "network", "partner"]),
            reporter_name="",
            question=QUESTIONS[choice],
            laws=LAWS_BY_QUESTION[choice],
            urgency="urgent" if context.random.random() < 0.08 else "normal",
        )
        terms = list(support_request.terms.all())
        inquiry = next((term for term in terms if term.rule == "inquiry"), None)
        personal_plan = next((term for term in terms if term.rule == "personal_plan"), None)
        if personal_plan is not None and personal_plan.due_on < today:
            Term.objects.filter(pk=personal_plan.pk).update(status=Term.Status.ENDED)
        if inquiry is None:
            continue
        if context.random.random() < 0.6:
            _seed_inquiry(context, consultant, support_request, today)
            inquiry.refresh_from_db()
            if inquiry.status != Term.Status.RUNNING:
                continue  # the report was issued: the term was met
        roll = context.random.random()
        if roll < 0.12:
            actions.term_suspend(
                actor=consultant, term=inquiry, starts_on=inquiry.starts_on + timedelta(days=7),
                reason="De inwoner vroeg om meer tijd om stukken te verzamelen.",
            )  # fmt: skip
        elif roll < 0.2:
            actions.term_extend(
                actor=consultant, term=inquiry, days=14, reason="Advies van de ergotherapeut is nodig."
            )
        elif roll < 0.35 and inquiry.starts_on < today - timedelta(days=30):
            Term.objects.filter(pk=inquiry.pk).update(status=Term.Status.MET)
            SupportRequest.objects.filter(pk=support_request.pk).update(status=SupportRequest.Status.CLOSED)
    # Some histories above were written straight into the terms: their meldingen's next_due follows them.
    SupportRequest.objects.next_due_refresh()


def _seed_inquiry(context, consultant, support_request, today) -> None:
    """An inquiry with one kitchen-table conversation on two life domains; sometimes a report."""
    inquiry = actions.inquiry_start(actor=consultant, support_request=support_request)
    held_on = min(support_request.received_on + timedelta(days=context.random.randint(3, 14)), today)
    instrument = Instrument.objects.get(code="life-domains")
    domains = context.random.sample(
        list(LifeDomain.objects.filter(instrument=instrument, applies_to="everyone")), 2
    )
    actions.conversation_record(
        actor=consultant,
        inquiry=inquiry,
        instrument=instrument,
        domain_scores=[
            {
                "domain": domain,
                "situation": "Gaat moeizaam; de inwoner vertelt er open over.",
                "own_strength": "Wil het graag zelf blijven doen.",
                "network": "De buurvrouw helpt soms.",
                "resident_score": context.random.randint(2, 4),
                "professional_score": context.random.randint(2, 4),
            }
            for domain in domains
        ],
        held_on=held_on,
        place="Bij de inwoner thuis, aan de keukentafel",
        participants="De inwoner en de consulent",
        interpreter_offered=False,
        client_support_offered=True,
        what_matters=context.random.choice(WHAT_MATTERS),
        question_behind="",
        own_actions="De dochter komt op zaterdag helpen.",
        ideas=context.random.choice(IDEAS),
    )
    if context.random.random() < 0.5:
        report = actions.report_draft(actor=consultant, inquiry=inquiry)
        if context.random.random() < 0.5:
            actions.report_issue(
                actor=consultant, report=report, issued_on=min(held_on + timedelta(days=5), today)
            )
