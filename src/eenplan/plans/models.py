"""One plan per household: goals in the resident's words, agreements on who does what, one case
director (regisseur), the resident's agreement, evaluations and a full version history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.accounts.models import Partner
from eenplan.assessment.models import Assessment, LifeDomain
from eenplan.households.models import Household, NetworkMember, Person


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("concept")
        AGREED = "agreed", _("akkoord van de inwoner")
        ACTIVE = "active", _("loopt")
        EVALUATED = "evaluated", _("geëvalueerd")
        CLOSED = "closed", _("afgesloten")

    class AgreedHow(models.TextChoices):
        VERBAL = "verbal", _("mondeling, in het gesprek")
        WRITTEN = "written", _("schriftelijk, met een handtekening")
        PORTAL = "portal", _("in Mijn plan")

    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="plans",
        db_index=False,  # plan_household below
    )
    support_request = models.ForeignKey(
        "intake.SupportRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="plans"
    )
    case_director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="directed_plans",
        verbose_name=_("regisseur"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    what_matters = models.TextField(
        _("wat is belangrijk voor u?"), blank=True, help_text=_("In de woorden van de inwoner.")
    )
    agreed_on = models.DateField(_("akkoord gegeven op"), null=True, blank=True)
    agreed_how = models.CharField(
        _("hoe akkoord gegeven"), max_length=10, choices=AgreedHow.choices, blank=True
    )
    agreed_note = models.CharField(_("toelichting bij het akkoord"), max_length=300, blank=True)
    agreed_version = models.PositiveIntegerField(_("akkoord op versie"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closed_reason = models.CharField(_("reden van afsluiten"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        ordering = ["-pk"]
        # The plans of a user's reach, by household, read from the index alone (docs/performance.md).
        indexes = [models.Index(fields=["household", "id"], name="plan_household")]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=~models.Q(status="closed"), name="one_open_plan_per_household"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"P-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def changed_since_agreement(self) -> bool:
        return self.agreed_version is not None and self.version != self.agreed_version


class Participant(models.Model):
    """Someone who takes part in the plan, with their role in it."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("lid van het huishouden")
        NETWORK = "network", _("netwerk")
        PARTNER = "partner", _("professional van een partner")
        TEAM = "team", _("wijkteam")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("wie"), max_length=10, choices=Kind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    network_member = models.ForeignKey(
        NetworkMember, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_roles"
    )
    role = models.CharField(_("rol in het plan"), max_length=200)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.person_id:
            return self.person.full_name
        if self.network_member_id:
            return self.network_member.name
        if self.user_id:
            organisation = self.user.organisation_label
            name = self.user.get_full_name() or self.user.get_username()
            return f"{name} ({organisation})" if organisation else name
        return ""


class Goal(models.Model):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("eerst")
        MEDIUM = 2, _("daarna")
        LOW = 3, _("later")

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", _("gehaald")
        PARTLY = "partly", _("deels gehaald")
        NOT = "not", _("niet gehaald")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("doel, in de woorden van de inwoner"))
    domains = models.ManyToManyField(LifeDomain, blank=True, related_name="+", verbose_name=_("leefgebieden"))
    priority = models.PositiveSmallIntegerField(
        _("voorrang"), choices=Priority.choices, default=Priority.MEDIUM
    )
    target_date = models.DateField(_("wanneer bereikt"), null=True, blank=True)
    outcome = models.CharField(_("resultaat"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["priority", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ServiceOutcome(models.TextChoices):
    """Whether a social-map service helped, recorded at evaluation (the social map's feedback loop)."""

    HELPED = "helped", _("hielp")
    PARTLY = "partly", _("hielp deels")
    NOT_HELPED = "not_helped", _("hielp niet")


class Agreement(models.Model):
    """Who does what by when. A creative, non-standard agreement is as easy to record as a product."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("de inwoner zelf")
        NETWORK = "network", _("iemand uit het netwerk")
        COMMUNITY = "community", _("een voorziening in de wijk")
        PARTNER = "partner", _("een partnerorganisatie")
        TEAM = "team", _("het wijkteam")
        PROVISION = "provision", _("een maatwerkvoorziening")

    class Status(models.TextChoices):
        OPEN = "open", _("afgesproken")
        DONE = "done", _("gedaan")
        STOPPED = "stopped", _("gestopt")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="agreements")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("bij doel"),
    )
    kind = models.CharField(_("wie doet het"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("wat wordt er gedaan"))
    performer = models.CharField(_("naam van wie het doet"), max_length=200, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("inwoner")
    )
    network_member = models.ForeignKey(
        NetworkMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("netwerklid"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partnerorganisatie"),
    )
    community_service = models.CharField(_("voorziening in de wijk"), max_length=200, blank=True)
    service = models.ForeignKey(
        "socialmap.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("dienst van de sociale kaart"),
    )
    service_outcome = models.CharField(
        _("heeft de dienst geholpen?"), max_length=20, choices=ServiceOutcome.choices, blank=True
    )
    due_on = models.DateField(_("wanneer"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def who(self) -> str:
        """Who carries the agreement out, in words."""
        if self.person_id:
            return self.person.full_name
        if self.network_member_id:
            return self.network_member.name
        if self.partner_id:
            return self.partner.name
        if self.service_id:
            return self.service.name
        if self.community_service:
            return self.community_service
        return self.performer or str(self.get_kind_display())


class PlanResponse(models.Model):
    """The resident's own response to their plan, given in Mijn plan, with the version they read."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responses")
    plan_version = models.PositiveIntegerField(_("op versie"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    text = models.TextField(_("reactie"))
    created_at = models.DateTimeField(_("gegeven op"), auto_now_add=True)

    class Meta:
        verbose_name = _("reactie op het plan")
        verbose_name_plural = _("reacties op het plan")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanVersion(models.Model):
    """A snapshot of the plan after every change: the full history, never edited."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    change = models.CharField(_("wijziging"), max_length=300)
    snapshot = models.JSONField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("versie van een plan")
        verbose_name_plural = _("versies van plannen")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class Evaluation(models.Model):
    """How it went: per goal in the resident's words and the professional's, with a new assessment."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    held_on = models.DateField(_("datum"))
    summary = models.TextField(_("samenvatting"), blank=True)
    assessment = models.OneToOneField(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluation"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Evaluatie {self.held_on}"


class GoalEvaluation(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="evaluations")
    outcome = models.CharField(_("resultaat"), max_length=10, choices=Goal.Outcome.choices)
    resident_words = models.TextField(_("wat zegt de inwoner"), blank=True)
    professional_words = models.TextField(_("wat ziet de professional"), blank=True)

    class Meta:
        verbose_name = _("evaluatie van een doel")
        verbose_name_plural = _("evaluaties van doelen")
        constraints = [models.UniqueConstraint(fields=["evaluation", "goal"], name="goal_evaluated_once")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.outcome}"
