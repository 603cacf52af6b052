"""Synthetic survey rounds, written in bulk: for the demo seed (``seed.py``) and for the national
generator (``generate_for_municipality``, called per gemeente).

Rows are made directly, like real answers they belong to nobody: the action ``response_submit`` takes
one respondent with a link at a time. Invitations get the hash of random bytes (there is no token to give
out); as with real answers, nothing links a response to an invitation."""

import datetime
import hashlib
import secrets
from collections import defaultdict
from random import Random
from statistics import NormalDist

from django.db import transaction

from .models import Answer, Invitation, Layer, Response, Statement, Survey

BATCH = 5_000
DONT_KNOW = 0.05  # share of "weet ik niet" on a statement
UNUSED_INVITATIONS = 0.3  # links made that nobody used, per used link
NOISE = 0.8  # spread of one answer around its layer's mean on the theme
UPPER = (Layer.COUNCIL_BOARD, Layer.MANAGEMENT, Layer.POLICY)
LOWER = (Layer.EXECUTION, Layer.PARTNERS, Layer.RESIDENTS)


def _scores(random: Random, mean: float, count: int, dont_know: float) -> list[int | None]:
    """``count`` answers to one statement in one layer, in random order: "weet ik niet" (None) for the
    share ``dont_know``, the others spread around ``mean`` like a normal distribution, taken at evenly
    spaced quantiles rather than drawn, so that the layer's mean is the one asked for (drawn at random,
    8 to 30 answers could miss it by half a point and make a theme diverge that should not)."""
    unknown = round(count * dont_know)
    answered = count - unknown
    spread = NormalDist(mean, NOISE)
    scores = [min(5, max(1, round(spread.inv_cdf((i + 0.5) / answered)))) for i in range(answered)]
    scores += [None] * unknown
    random.shuffle(scores)
    return scores


def _hash() -> str:
    """The hash of a token nobody gets. Random from the system, not from ``random``: two rounds made
    with the same seed must not collide on the unique hash (and the hash shows nothing anyway)."""
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()


def build_survey(
    *,
    municipality,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    created_by,
    random: Random,
    respondents: dict[str, int],
    means: dict[tuple[str, str], float],
    dont_know: dict[tuple[str, str], float] | None = None,
    created_on: datetime.date | None = None,
) -> Survey:
    """One survey asking every statement in use, with ``respondents[layer]`` responses per layer, each
    statement answered around ``means[(theme code, layer)]`` (3 when missing) or "weet ik niet" with
    the share ``dont_know[(theme code, layer)]`` (``DONT_KNOW`` when missing; see ``_scores``).
    Responses are spread over the survey's days; used invitations match them in number per layer, not
    one to one."""
    statements = list(Statement.objects.filter(is_active=True, theme__is_active=True).select_related("theme"))
    dont_know = dont_know or {}
    with transaction.atomic():
        survey = Survey.objects.create(
            municipality=municipality,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=created_by,
            created_on=created_on or opens_on,
        )
        survey.statements.set(statements)
        days = (closes_on - opens_on).days

        def day() -> datetime.date:
            return opens_on + datetime.timedelta(days=random.randint(0, days))

        invitations, responses = [], []
        for layer in Layer.values:
            count = respondents.get(layer, 0)
            unused = round(count * UNUSED_INVITATIONS)
            invitations += [
                Invitation(survey=survey, layer=layer, token_hash=_hash(), used=True) for _n in range(count)
            ]
            invitations += [
                Invitation(survey=survey, layer=layer, token_hash=_hash()) for _n in range(unused)
            ]
            responses += [Response(survey=survey, layer=layer, submitted_on=day()) for _n in range(count)]
        random.shuffle(invitations)
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        Response.objects.bulk_create(responses, batch_size=BATCH)
        answers = []
        by_layer = defaultdict(list)
        for response in responses:
            by_layer[response.layer].append(response)
        for layer, layer_responses in by_layer.items():
            for statement in statements:
                key = (statement.theme.code, layer)
                scores = _scores(
                    random, means.get(key, 3.0), len(layer_responses), dont_know.get(key, DONT_KNOW)
                )
                answers += [
                    Answer(response_id=response.pk, statement=statement, score=score)
                    for response, score in zip(layer_responses, scores, strict=True)
                ]
            if len(answers) >= BATCH:
                Answer.objects.bulk_create(answers, batch_size=BATCH)
                answers = []
        Answer.objects.bulk_create(answers, batch_size=BATCH)
    return survey


def generate_for_municipality(
    municipality, *, random: Random, today: datetime.date, respondents_per_layer: int = 20
):
    """One closed survey round for a gemeente, about two months ago, with ``respondents_per_layer``
    (give or take a quarter) respondents per layer. Each theme has its own level, each layer wanders a
    little from it, and one or two themes break: the council, management and policy see them about 1.5
    points better than execution, partners and residents. Written in bulk; returns the survey."""
    from eenplan.accounts.models import Role, User

    from .models import Theme

    codes = list(
        Theme.objects.filter(is_active=True).order_by("order", "name").values_list("code", flat=True)
    )
    broken = set(random.sample(codes, k=min(len(codes), random.randint(1, 2))))
    means = {}
    for code in codes:
        level = random.uniform(2.7, 3.7)
        for layer in Layer.values:
            mean = level + random.uniform(-0.2, 0.2)
            if code in broken:
                mean += 0.75 if layer in UPPER else -0.75
            means[code, layer] = min(4.6, max(1.4, mean))
    spread = max(1, respondents_per_layer // 4)
    respondents = {
        layer: max(1, respondents_per_layer + random.randint(-spread, spread)) for layer in Layer.values
    }
    closes_on = today - datetime.timedelta(days=random.randint(30, 90))
    created_by = (
        User.objects.filter(municipality=municipality, role=Role.POLICY_ADVISOR, is_active=True)
        .order_by("pk")
        .first()
    )
    return build_survey(
        municipality=municipality,
        title=f"Thermometer {closes_on.year}",
        opens_on=closes_on - datetime.timedelta(days=28),
        closes_on=closes_on,
        created_by=created_by,
        random=random,
        respondents=respondents,
        means=means,
    )
