"""State changes of sharing: arrangements (grant, change, withdraw), a partner's request for one, and
break-the-glass access. Each takes effect at once, keeps its history and writes the processing log."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenplan.accounts.models import TEAM_ROLES, Role
from eenplan.core.actions import Subject, processing_log_record
from eenplan.households.models import Household, Person
from eenplan.households.queries import acts_for_household, sees_household

from .models import Arrangement, ArrangementRequest, ArrangementVersion, BreakGlassAccess
from .queries import leads_team_in, may_manage_sharing

BREAK_GLASS_MIN_REASON = 20


class SharingError(Exception):
    """A sharing change that is not allowed; the message is Dutch and shown to the user."""


def _snapshot(arrangement: Arrangement) -> dict:
    return {
        "partner": arrangement.partner.name,
        "purpose": arrangement.purpose.code,
        "categories": sorted(category.code for category in arrangement.categories.all()),
        "legal_basis": arrangement.legal_basis.code,
        "starts_on": arrangement.starts_on.isoformat(),
        "ends_on": arrangement.ends_on.isoformat(),
        "consent_given_by": arrangement.consent_given_by,
        "consent_form": arrangement.consent_form,
        "consent_document": arrangement.consent_document,
        "note": arrangement.note,
        "withdrawn": arrangement.withdrawn_at is not None,
        "withdrawal_reason": arrangement.withdrawal_reason,
    }


def _check_terms(*, partner, purpose, categories, legal_basis, starts_on, ends_on, consent_given_by,
                 consent_form, consent_document, household) -> None:  # fmt: skip
    if not categories:
        raise SharingError(_("Kies minstens één gegevenscategorie."))
    if ends_on < starts_on:
        raise SharingError(_("De einddatum ligt voor de begindatum."))
    if Role.PARTNER_PROFESSIONAL not in purpose.roles or not purpose.is_active:
        raise SharingError(_("Dit doel is niet ingesteld voor partners."))
    if not legal_basis.is_active:
        raise SharingError(_("Deze grondslag is niet in gebruik."))
    if partner.municipality_id != household.municipality_id:
        raise SharingError(_("Deze partner werkt niet in de gemeente van het huishouden."))
    if legal_basis.code == "consent":
        if not consent_given_by or not consent_form:
            raise SharingError(_("Leg vast wie toestemming gaf en hoe (mondeling of schriftelijk)."))
        if consent_form == Arrangement.ConsentForm.WRITTEN and not consent_document:
            raise SharingError(_("Leg vast waar het ondertekende formulier is bewaard."))


def _record(*, actor, arrangement: Arrangement, change: str, description: str) -> None:
    ArrangementVersion.objects.create(
        arrangement=arrangement, version=arrangement.version, change=change, changed_by=actor,
        changed_at=timezone.now(), snapshot=_snapshot(arrangement),
    )  # fmt: skip
    processing_log_record(
        actor=actor, action="create" if change == ArrangementVersion.Change.GRANT else "update",
        channel="screen", object_type="arrangement",
        subjects=[Subject(arrangement.pk, arrangement.household_id)],
        categories=["identity-contact"], description=description,
    )  # fmt: skip


@transaction.atomic
def arrangement_grant(
    *, actor, household: Household, partner, purpose, categories, legal_basis, starts_on, ends_on,
    consent_given_by: str = "", consent_form: str = "", consent_document: str = "", note: str = "",
) -> Arrangement:  # fmt: skip
    """Make an arrangement with a partner; it is in force from its start date."""
    if not may_manage_sharing(actor, household):
        raise SharingError(_("Alleen de regisseur of de teamleider maakt afspraken over delen."))
    categories = list(categories)
    _check_terms(
        partner=partner, purpose=purpose, categories=categories, legal_basis=legal_basis,
        starts_on=starts_on, ends_on=ends_on, consent_given_by=consent_given_by, consent_form=consent_form,
        consent_document=consent_document, household=household,
    )  # fmt: skip
    is_consent = legal_basis.code == "consent"
    arrangement = Arrangement.objects.create(
        household=household, partner=partner, purpose=purpose, legal_basis=legal_basis,
        starts_on=starts_on, ends_on=ends_on,
        consent_given_by=consent_given_by if is_consent else "",
        consent_form=consent_form if is_consent else "",
        consent_document=consent_document if is_consent else "",
        note=note, granted_by=actor, granted_at=timezone.now(),
    )  # fmt: skip
    arrangement.categories.set(categories)
    _record(
        actor=actor, arrangement=arrangement, change=ArrangementVersion.Change.GRANT,
        description=f"Deelafspraak met {partner.name} vastgelegd",
    )  # fmt: skip
    return arrangement


@transaction.atomic
def arrangement_change(
    *, actor, arrangement: Arrangement, purpose, categories, legal_basis, starts_on, ends_on,
    consent_given_by: str = "", consent_form: str = "", consent_document: str = "", note: str = "",
) -> Arrangement:  # fmt: skip
    """Change what an arrangement allows; the partner sees the new terms at once."""
    arrangement = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
    if not may_manage_sharing(actor, arrangement.household):
        raise SharingError(_("Alleen de regisseur of de teamleider maakt afspraken over delen."))
    if arrangement.withdrawn_at:
        raise SharingError(_("Deze afspraak is ingetrokken en kan niet meer worden gewijzigd."))
    categories = list(categories)
    _check_terms(
        partner=arrangement.partner, purpose=purpose, categories=categories, legal_basis=legal_basis,
        starts_on=starts_on, ends_on=ends_on, consent_given_by=consent_given_by, consent_form=consent_form,
        consent_document=consent_document, household=arrangement.household,
    )  # fmt: skip
    is_consent = legal_basis.code == "consent"
    arrangement.purpose, arrangement.legal_basis = purpose, legal_basis
    arrangement.starts_on, arrangement.ends_on = starts_on, ends_on
    arrangement.consent_given_by = consent_given_by if is_consent else ""
    arrangement.consent_form = consent_form if is_consent else ""
    arrangement.consent_document = consent_document if is_consent else ""
    arrangement.note = note
    arrangement.version += 1
    arrangement.save()
    arrangement.categories.set(categories)
    _record(
        actor=actor, arrangement=arrangement, change=ArrangementVersion.Change.CHANGE,
        description=f"Deelafspraak met {arrangement.partner.name} gewijzigd",
    )  # fmt: skip
    return arrangement


def may_withdraw(user, arrangement: Arrangement) -> bool:
    """Who manages sharing may withdraw; the resident may withdraw consent they gave (portal)."""
    if user.role == Role.RESIDENT:
        is_consent = arrangement.legal_basis.code == "consent"
        return is_consent and acts_for_household(user, arrangement.household_id)
    return may_manage_sharing(user, arrangement.household)


@transaction.atomic
def arrangement_withdraw(*, actor, arrangement: Arrangement, reason: str) -> Arrangement:
    """Withdraw an arrangement: from this moment the partner no longer sees the household."""
    arrangement = (
        Arrangement.objects.select_for_update()
        .select_related("household", "legal_basis")
        .get(pk=arrangement.pk)
    )
    if not may_withdraw(actor, arrangement):
        raise SharingError(_("U mag deze afspraak niet intrekken."))
    if arrangement.withdrawn_at:
        raise SharingError(_("Deze afspraak is al ingetrokken."))
    arrangement.withdrawn_at = timezone.now()
    arrangement.withdrawn_by = actor
    arrangement.withdrawal_reason = reason.strip()
    arrangement.version += 1
    arrangement.save()
    _record(
        actor=actor, arrangement=arrangement, change=ArrangementVersion.Change.WITHDRAW,
        description=f"Deelafspraak met {arrangement.partner.name} ingetrokken",
    )  # fmt: skip
    return arrangement


@transaction.atomic
def arrangement_consent_give(*, actor, arrangement: Arrangement) -> Arrangement:
    """The resident gives consent again (Mijn plan) for an arrangement on the basis of consent that was
    withdrawn: a new arrangement with the same partner, purpose and categories, in force from today until
    the end date of the old one. Recorded as consent given in Mijn plan by the resident themselves."""
    arrangement = Arrangement.objects.select_related("household", "legal_basis", "partner", "purpose").get(
        pk=arrangement.pk
    )
    today = timezone.localdate()
    if arrangement.legal_basis.code != "consent" or not acts_for_household(actor, arrangement.household_id):
        raise SharingError(_("U kunt hier geen toestemming geven."))
    if arrangement.withdrawn_at is None:
        raise SharingError(_("Deze afspraak geldt al."))
    if arrangement.ends_on < today:
        raise SharingError(_("Deze afspraak is voorbij. Vraag uw consulent om een nieuwe afspraak."))
    renewed = Arrangement.objects.create(
        household=arrangement.household, partner=arrangement.partner, purpose=arrangement.purpose,
        legal_basis=arrangement.legal_basis, starts_on=today, ends_on=arrangement.ends_on,
        consent_given_by=actor.get_full_name() or actor.get_username(),
        consent_form=Arrangement.ConsentForm.PORTAL,
        consent_document=f"Mijn plan, {timezone.localtime():%d-%m-%Y %H:%M}",
        note=arrangement.note, granted_by=actor, granted_at=timezone.now(),
    )  # fmt: skip
    renewed.categories.set(arrangement.categories.all())
    _record(
        actor=actor, arrangement=renewed, change=ArrangementVersion.Change.GRANT,
        description=f"Toestemming gegeven in Mijn plan voor delen met {arrangement.partner.name}",
    )  # fmt: skip
    return renewed


@transaction.atomic
def arrangement_request_submit(
    *, actor, resident_name: str, bsn: str, purpose, categories, reason: str
) -> ArrangementRequest:
    """A partner professional asks to see a resident's data; it goes to the case director (or, when
    the BSN is not known, to the team leads). The partner is never told whether the BSN matched."""
    if actor.role != Role.PARTNER_PROFESSIONAL or not actor.partner_id:
        raise SharingError(_("Alleen een professional van een partner kan dit vragen."))
    categories = list(categories)
    if not categories:
        raise SharingError(_("Kies minstens één gegevenscategorie."))
    if Role.PARTNER_PROFESSIONAL not in purpose.roles:
        raise SharingError(_("Dit doel is niet ingesteld voor partners."))
    person = Person.objects.filter(bsn=bsn, household__municipality=actor.partner.municipality_id).first()
    request = ArrangementRequest.objects.create(
        partner=actor.partner, requested_by=actor, requested_at=timezone.now(),
        household=person.household if person else None, resident_name=resident_name.strip(), bsn=bsn,
        purpose=purpose, reason=reason.strip(),
    )  # fmt: skip
    request.categories.set(categories)
    if person:
        processing_log_record(
            actor=actor, action="create", channel="screen", object_type="arrangement_request",
            subjects=[Subject(request.pk, person.household_id, person.pk)], categories=["identity-contact"],
            description="Verzoek om gegevens te delen ingediend", purpose=None,
        )  # fmt: skip
    return request


@transaction.atomic
def arrangement_request_grant(
    *, actor, request: ArrangementRequest, categories, legal_basis, starts_on, ends_on,
    consent_given_by: str = "", consent_form: str = "", consent_document: str = "", note: str = "",
) -> Arrangement:  # fmt: skip
    """Grant a request: an arrangement for the requested purpose, with the categories the case director
    decides (at most those asked for)."""
    request = ArrangementRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ArrangementRequest.Status.REQUESTED or request.household is None:
        raise SharingError(_("Over dit verzoek is al beslist."))
    categories = list(categories)
    asked = set(request.categories.values_list("pk", flat=True))
    if not {category.pk for category in categories} <= asked:
        raise SharingError(_("Geef niet meer categorieën dan de partner vroeg."))
    arrangement = arrangement_grant(
        actor=actor, household=request.household, partner=request.partner, purpose=request.purpose,
        categories=categories, legal_basis=legal_basis, starts_on=starts_on, ends_on=ends_on,
        consent_given_by=consent_given_by, consent_form=consent_form, consent_document=consent_document,
        note=note or request.reason[:500],
    )  # fmt: skip
    request.status = ArrangementRequest.Status.GRANTED
    request.decided_by, request.decided_at, request.arrangement = actor, timezone.now(), arrangement
    request.save()
    return arrangement


@transaction.atomic
def arrangement_request_refuse(*, actor, request: ArrangementRequest, note: str) -> ArrangementRequest:
    """Refuse a request, with the reason the partner will read."""
    request = ArrangementRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ArrangementRequest.Status.REQUESTED:
        raise SharingError(_("Over dit verzoek is al beslist."))
    if request.household is None:
        allowed = leads_team_in(actor, request.partner.municipality_id)
    else:
        allowed = may_manage_sharing(actor, request.household)
    if not allowed:
        raise SharingError(_("U mag over dit verzoek niet beslissen."))
    if not note.strip():
        raise SharingError(_("Schrijf waarom het verzoek wordt geweigerd."))
    request.status = ArrangementRequest.Status.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note.strip()
    request.save()
    if request.household_id:
        processing_log_record(
            actor=actor, action="update", channel="screen", object_type="arrangement_request",
            subjects=[Subject(request.pk, request.household_id)], categories=["identity-contact"],
            description="Verzoek om gegevens te delen geweigerd",
        )  # fmt: skip
    return request


@transaction.atomic
def break_glass_start(*, actor, household: Household, reason: str) -> BreakGlassAccess:
    """Open a household outside the user's reach in a vital interest, for a limited time; the team lead
    reviews it afterwards. The opening itself is logged on the basis of vital interest."""
    if actor.role not in TEAM_ROLES:
        raise SharingError(_("Alleen medewerkers van een wijkteam kunnen noodtoegang vragen."))
    if len(reason.strip()) < BREAK_GLASS_MIN_REASON:
        raise SharingError(
            _("Beschrijf in minstens %(count)d tekens waarom dit nodig is.")
            % {"count": BREAK_GLASS_MIN_REASON}
        )
    if sees_household(actor, household.pk):
        raise SharingError(_("U heeft al toegang tot dit huishouden; noodtoegang is niet nodig."))
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=actor, household=household, reason=reason.strip(), started_at=now,
        expires_at=now + timedelta(hours=settings.EENPLAN_BREAK_GLASS_HOURS),
    )  # fmt: skip
    processing_log_record(
        actor=actor, action="read", channel="screen", object_type="break_glass",
        subjects=[Subject(access.pk, household.pk)], categories=["identity-contact"],
        description="Noodtoegang geopend (de reden staat bij de noodtoegang)", purpose="emergency",
    )  # fmt: skip
    return access


@transaction.atomic
def break_glass_review(
    *, actor, access: BreakGlassAccess, was_justified: bool, note: str
) -> BreakGlassAccess:
    """The team lead's review of a break-the-glass access by a member of their team."""
    access = BreakGlassAccess.objects.select_for_update().select_related("user").get(pk=access.pk)
    if actor.role != Role.TEAM_LEAD or access.user.team_id != actor.team_id:
        raise SharingError(_("Alleen de teamleider van dit team beoordeelt noodtoegang."))
    if access.reviewed_at:
        raise SharingError(_("Deze noodtoegang is al beoordeeld."))
    access.reviewed_by, access.reviewed_at = actor, timezone.now()
    access.was_justified, access.review_note = was_justified, note.strip()
    if not was_justified and access.expires_at > access.reviewed_at:
        access.expires_at = access.reviewed_at  # an unjustified access ends now
    access.save()
    return access
