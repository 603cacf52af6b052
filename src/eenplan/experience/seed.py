"""Demo seed of the experience questions: the shipped questionnaires, and anonymous answers for the
demo gemeente so the thermometer has something to show: enough for every Wmo and Jeugdwet statement,
too few for the Participatiewet (so its cells show as suppressed).

The answers are written here directly: like real answers they belong to no plan or person, and the
action ``experience_answer`` only takes the answers of a resident with an open invitation. Whether the
demo resident ("inwoner") is invited follows from the dates of their plan (``queries``); nothing is
back-dated for it here."""

from datetime import timedelta

from django.utils import timezone

from .configuration import load_questionnaires
from .models import ExperienceAnswer, Questionnaire, first_of_month

RESPONSES = {"wmo": 36, "jeugdwet": 18, "participatiewet": 7}
MONTHS = 6
DONT_KNOW_SHARE = 0.06
SKIP_SHARE = 0.04


def seed(context) -> None:
    load_questionnaires()  # normally loaded by migration 0002; a flushed test database lacks it
    municipality = context.objects["municipality"]
    today = timezone.localdate()
    months = [first_of_month(today.replace(day=1) - timedelta(days=31 * back)) for back in range(MONTHS)]
    answers = []
    for law, responses in RESPONSES.items():
        questionnaire = Questionnaire.objects.filter(law=law, is_active=True).first()
        if questionnaire is None:
            continue
        questions = list(questionnaire.questions.filter(is_active=True))
        for _response in range(responses):
            month = context.random.choice(months)
            mood = context.random.choice([5, 5, 4, 4, 4, 4, 3, 3, 2])  # how the support went, for this one
            for question in questions:
                draw = context.random.random()
                if draw < SKIP_SHARE:
                    continue
                value = None
                if draw >= SKIP_SHARE + DONT_KNOW_SHARE:
                    value = min(max(mood + context.random.choice([-1, 0, 0, 0, 1]), 1), 5)
                answers.append(
                    ExperienceAnswer(
                        municipality=municipality,
                        law=law,
                        theme=question.theme,
                        question_code=question.code,
                        value=value,
                        month=month,
                    )
                )
    context.random.shuffle(answers)
    ExperienceAnswer.objects.bulk_create(answers)
