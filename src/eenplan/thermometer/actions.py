"""State changes of the thermometer: the policy chain of a gemeente (effects, policy goals, assignments,
service delivery, agreed results) and the manual measurements.

Only the policy advisor of the gemeente changes them (domain.md §5: thermometer content); for anyone
else the records do not exist (Http404), the same answer as the access functions give. Every action
validates the record (``full_clean``, with the database constraints) and that what it links to belongs
to the same gemeente. The chain and the measurements hold no personal data: no processing-log entry.
The nightly computation of the indicators (``indicator_cells_refresh``) stores counts only, and the
reading's PDF (``reading_document_make``) only what the reading shows."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from eenplan.accounts.models import Role

from .models import (
    AgreedResult,
    Assignment,
    Delivery,
    Effect,
    Indicator,
    IndicatorCell,
    IndicatorRefresh,
    Measurement,
    PolicyGoal,
    ReadingDocument,
)


def _require_keeper(actor, municipality_id: int) -> None:
    """The policy advisor of this gemeente, or 404."""
    if not actor.is_authenticated or not actor.is_active:
        raise Http404
    if actor.role != Role.POLICY_ADVISOR or actor.municipality_id != municipality_id:
        raise Http404


def _require_same_gemeente(municipality_id: int, **linked) -> None:
    """Linked records (team, partner, service, area) of another gemeente are refused."""
    errors = {}
    for name, record in linked.items():
        other = getattr(record, "municipality_id", None) if record is not None else None
        if other is not None and other != municipality_id:
            errors[name] = _("Kies iets van uw eigen gemeente.")
    if errors:
        raise ValidationError(errors)


def _save(instance, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


# -- effects ---------------------------------------------------------------------------------------------


@transaction.atomic
def effect_create(*, actor, municipality, name: str, description: str = "", order: int = 0) -> Effect:
    _require_keeper(actor, municipality.pk)
    return _save(Effect(municipality=municipality), name=name, description=description, order=order)


@transaction.atomic
def effect_update(*, actor, effect: Effect, name: str, description: str = "", order: int = 0) -> Effect:
    _require_keeper(actor, effect.municipality_id)
    return _save(effect, name=name, description=description, order=order)


@transaction.atomic
def effect_delete(*, actor, effect: Effect) -> None:
    """Remove an effect with everything under it (goals, assignments, delivery, agreed results)."""
    _require_keeper(actor, effect.municipality_id)
    effect.delete()


# -- policy goals ----------------------------------------------------------------------------------------


@transaction.atomic
def policy_goal_create(
    *,
    actor,
    effect: Effect,
    name: str,
    description: str = "",
    life_domain=None,
    law: str = "",
    order: int = 0,
) -> PolicyGoal:
    _require_keeper(actor, effect.municipality_id)
    return _save(
        PolicyGoal(effect=effect),
        name=name,
        description=description,
        life_domain=life_domain,
        law=law,
        order=order,
    )


@transaction.atomic
def policy_goal_update(
    *,
    actor,
    policy_goal: PolicyGoal,
    name: str,
    description: str = "",
    life_domain=None,
    law: str = "",
    order: int = 0,
) -> PolicyGoal:
    _require_keeper(actor, policy_goal.effect.municipality_id)
    return _save(
        policy_goal, name=name, description=description, life_domain=life_domain, law=law, order=order
    )


@transaction.atomic
def policy_goal_delete(*, actor, policy_goal: PolicyGoal) -> None:
    _require_keeper(actor, policy_goal.effect.municipality_id)
    policy_goal.delete()


# -- assignments -----------------------------------------------------------------------------------------


def _assignment_values(municipality_id: int, values: dict) -> dict:
    _require_same_gemeente(municipality_id, team=values.get("team"), partner=values.get("partner"))
    values.setdefault("team", None)
    values.setdefault("partner", None)
    values.setdefault("executor_name", "")
    values.setdefault("results", "")
    return values


@transaction.atomic
def assignment_create(
    *,
    actor,
    policy_goal: PolicyGoal,
    name: str,
    taakveld: str,
    budget_cents: int,
    starts_on: date,
    ends_on: date,
    team=None,
    partner=None,
    executor_name: str = "",
    results: str = "",
) -> Assignment:
    """An opdracht to the wijkteam, a partner, or someone named in words (exactly one), with a budget
    line (Iv3 taakveld, amount in cents) and a period."""
    municipality_id = policy_goal.effect.municipality_id
    _require_keeper(actor, municipality_id)
    values = _assignment_values(
        municipality_id,
        {
            "name": name,
            "taakveld": taakveld,
            "budget_cents": budget_cents,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "team": team,
            "partner": partner,
            "executor_name": executor_name,
            "results": results,
        },
    )
    return _save(Assignment(policy_goal=policy_goal), **values)


@transaction.atomic
def assignment_update(*, actor, assignment: Assignment, **values) -> Assignment:
    """Change an assignment; the same fields as ``assignment_create`` (all of them)."""
    municipality_id = assignment.policy_goal.effect.municipality_id
    _require_keeper(actor, municipality_id)
    return _save(assignment, **_assignment_values(municipality_id, dict(values)))


@transaction.atomic
def assignment_delete(*, actor, assignment: Assignment) -> None:
    _require_keeper(actor, assignment.policy_goal.effect.municipality_id)
    assignment.delete()


# -- service delivery ------------------------------------------------------------------------------------


@transaction.atomic
def delivery_create(*, actor, assignment: Assignment, service=None, product=None, note: str = "") -> Delivery:
    """A social-map service or a product of the catalogue under an assignment (exactly one)."""
    municipality_id = assignment.policy_goal.effect.municipality_id
    _require_keeper(actor, municipality_id)
    _require_same_gemeente(municipality_id, service=service)
    return _save(Delivery(assignment=assignment), service=service, product=product, note=note)


@transaction.atomic
def delivery_update(*, actor, delivery: Delivery, service=None, product=None, note: str = "") -> Delivery:
    municipality_id = delivery.assignment.policy_goal.effect.municipality_id
    _require_keeper(actor, municipality_id)
    _require_same_gemeente(municipality_id, service=service)
    return _save(delivery, service=service, product=product, note=note)


@transaction.atomic
def delivery_delete(*, actor, delivery: Delivery) -> None:
    _require_keeper(actor, delivery.assignment.policy_goal.effect.municipality_id)
    delivery.delete()


# -- agreed results --------------------------------------------------------------------------------------


def _require_active(indicator: Indicator) -> None:
    if not indicator.is_active:
        raise ValidationError({"indicator": _("Deze indicator is niet meer in gebruik.")})


@transaction.atomic
def agreed_result_create(
    *, actor, assignment: Assignment, indicator: Indicator, target_value: Decimal
) -> AgreedResult:
    _require_keeper(actor, assignment.policy_goal.effect.municipality_id)
    _require_active(indicator)
    return _save(AgreedResult(assignment=assignment), indicator=indicator, target_value=target_value)


@transaction.atomic
def agreed_result_update(
    *, actor, agreed_result: AgreedResult, indicator: Indicator, target_value: Decimal
) -> AgreedResult:
    _require_keeper(actor, agreed_result.assignment.policy_goal.effect.municipality_id)
    _require_active(indicator)
    return _save(agreed_result, indicator=indicator, target_value=target_value)


@transaction.atomic
def agreed_result_delete(*, actor, agreed_result: AgreedResult) -> None:
    _require_keeper(actor, agreed_result.assignment.policy_goal.effect.municipality_id)
    agreed_result.delete()


# -- measurements ----------------------------------------------------------------------------------------


@transaction.atomic
def measurement_record(
    *,
    actor,
    indicator: Indicator,
    municipality,
    period_start: date,
    period_end: date,
    value: Decimal,
    source: str,
    area=None,
) -> Measurement:
    """A figure of a manual indicator for the gemeente (or one of its areas) over a period."""
    _require_keeper(actor, municipality.pk)
    if not indicator.is_manual or not indicator.is_active:
        raise ValidationError({"indicator": _("Voor deze indicator voert u geen meting in.")})
    _require_same_gemeente(municipality.pk, area=area)
    return _save(
        Measurement(indicator=indicator, municipality=municipality, entered_by=actor),
        area=area,
        period_start=period_start,
        period_end=period_end,
        value=value,
        source=source,
        entered_at=timezone.now(),
    )


# -- the nightly computation of the indicators -------------------------------------------------------------


@transaction.atomic
def indicator_cells_refresh(*, today: date, batch: int = 25) -> IndicatorRefresh:
    """Compute and store, as of ``today``, the cells of every computed indicator (per neighbourhood, and
    for self-reliance also per life domain) for every gemeente, over the periods the monitor and the
    chain show (``queries.stored_periods``). One query per computed indicator per ``batch`` gemeenten.
    The new cells replace the previous ones when all are stored (one transaction): a failure halfway
    leaves the previous computation in use. A system job (``tasks.refresh_indicators``, nightly); counts
    only, no personal data."""
    from eenplan.core.models import Municipality

    from .queries import COMPUTATIONS, SELF_RELIANCE, Scope, stored_periods

    refresh = IndicatorRefresh.objects.create(today=today, started_at=timezone.now())
    periods = tuple(stored_periods(today))
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(is_active=True, kind=Indicator.Kind.COMPUTED)
        if indicator.code in COMPUTATIONS
    ]
    ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), batch):
        scope = Scope(tuple(ids[first : first + batch]), periods, today)
        cells = []
        for indicator in indicators:
            computation = COMPUTATIONS[indicator.code]
            scopes = [(scope, False)]
            if indicator.code == SELF_RELIANCE:
                scopes.append((Scope(scope.municipality_ids, periods, today, by_life_domain=True), True))
            for each, by_domain in scopes:
                for (municipality_id, area_id, group, (start, end)), tally in computation.per_area(
                    each
                ).items():
                    cells.append(
                        IndicatorCell(
                            refresh=refresh,
                            indicator=indicator,
                            municipality_id=municipality_id,
                            area_id=area_id,
                            life_domain_id=group if by_domain else None,
                            period_start=start,
                            period_end=end,
                            households=tally.households,
                            flagged=tally.flagged,
                            num=round(tally.num),
                            den=round(tally.den),
                        )
                    )
        IndicatorCell.objects.bulk_create(cells, batch_size=5000)
    refresh.finished_at = timezone.now()
    refresh.save(update_fields=["finished_at"])
    IndicatorRefresh.objects.exclude(pk=refresh.pk).delete()
    return refresh


# -- the reading as a PDF ---------------------------------------------------------------------------------


def reading_document_make(*, municipality, year: int, today: date | None = None) -> ReadingDocument:
    """Make the reading of ``municipality`` for ``year`` as of ``today`` as a PDF and store it in place
    of the previous one. Called by the nightly job for every gemeente and by the policy advisor's
    "maak een nieuwe PDF" (the view checks who asks: ``reading.reading_municipality_for``)."""
    from .reading import reading, reading_pdf

    today = today or timezone.localdate()
    pdf = reading_pdf(reading(municipality, year=year, today=today))
    document, _created = ReadingDocument.objects.update_or_create(
        municipality=municipality, year=year, defaults={"made_at": timezone.now(), "pdf": pdf}
    )
    return document
