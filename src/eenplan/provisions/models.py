"""Tailored provisions (maatwerkvoorzieningen): the product catalogue as configuration, and the legal
path application (aanvraag) → the team's advice → the gemeente's decision (beschikking) → allocation
(toewijzing) to a provider, with the legal terms from the deadline engine."""

from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenplan.accounts.models import Partner
from eenplan.core.models import ConfigurationItem
from eenplan.households.models import Household, Person
from eenplan.intake.models import Law, LegalTerm

from . import money
from .configuration import taakveld_choices


class Unit(models.TextChoices):
    """iStandaarden LDT_Eenheid."""

    MINUTE = "01", _("minuut")
    HOUR = "04", _("uur")
    DAY_AND_NIGHT = "14", _("etmaal")
    DAY_PART = "16", _("dagdeel (4 uur)")
    PIECES_OUTPUT = "82", _("stuks (output)")
    EURO = "83", _("euro")
    PIECES_EFFORT = "84", _("stuks (inspanning)")


class Frequency(models.TextChoices):
    """iStandaarden LDT_Frequentie."""

    DAY = "1", _("per dag")
    WEEK = "2", _("per week")
    MONTH = "4", _("per maand")
    TOTAL = "6", _("totaal in de hele periode")


class Product(ConfigurationItem):
    """A tailored provision the gemeente can grant, with its codes and tariff."""

    law = models.CharField(_("wet"), max_length=20, choices=Law.choices)
    category = models.CharField(
        _("productcategorie (iWmo/iJw)"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{2}$", _("Twee cijfers, bijvoorbeeld 01."))],
    )
    product_code = models.CharField(_("productcode"), max_length=5, blank=True)
    unit = models.CharField(_("eenheid"), max_length=2, choices=Unit.choices)
    frequency = models.CharField(_("frequentie"), max_length=1, choices=Frequency.choices)
    tariff_cents = models.PositiveIntegerField(_("tarief per eenheid (eurocent)"))
    taakveld = models.CharField(_("Iv3-taakveld"), max_length=10, choices=taakveld_choices())
    reconsider_after_months = models.PositiveSmallIntegerField(
        _("heronderzoek na (maanden)"), null=True, blank=True, help_text=_("Wmo 2015 art. 2.3.9.")
    )

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("productcatalogus")

    @property
    def has_allocation_message(self) -> bool:
        return self.law in (Law.WMO, Law.YOUTH) and bool(self.category)

    def value_cents(self, volume: int, starts_on: date, ends_on: date, within=None) -> int:
        return money.value_cents(
            volume=volume,
            tariff_cents=self.tariff_cents,
            frequency=self.frequency,
            starts_on=starts_on,
            ends_on=ends_on,
            within=within,
        )


class ApplicationQuerySet(models.QuerySet):
    def open_on(self, day: date):
        """Applications a decision maker still works on: not decided yet, or decided and still within
        the objection term."""
        undecided = Q(decision__isnull=True)
        objection_running = Q(decision__objection_ends_on__gte=day)
        return self.exclude(status=Application.Status.WITHDRAWN).filter(undecided | objection_running)


class Application(models.Model):
    """An aanvraag for a tailored provision, made from an agreement in the plan."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("wacht op advies")
        ADVISED = "advised", _("wacht op besluit")
        DECIDED = "decided", _("besloten")
        WITHDRAWN = "withdrawn", _("ingetrokken")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="applications")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("voor wie")
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="applications")
    agreement = models.OneToOneField(
        "plans.Agreement", on_delete=models.PROTECT, related_name="application", null=True, blank=True
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="applications", verbose_name=_("product")
    )
    volume = models.PositiveIntegerField(_("omvang"))
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"))
    motivation = models.TextField(_("waarom is dit nodig"))
    urgent = models.BooleanField(_("spoed (Wmo art. 2.3.3)"), default=False)
    received_on = models.DateField(_("aanvraag ontvangen op"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="application_period")
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"A-{self.pk:06d}"

    @property
    def decision_or_none(self):
        return getattr(self, "decision", None)

    @property
    def advice_or_none(self):
        return getattr(self, "advice", None)


class Recommendation(models.TextChoices):
    GRANT = "grant", _("toekennen")
    PARTLY = "partly", _("gedeeltelijk toekennen")
    REFUSE = "refuse", _("afwijzen")


class Advice(models.Model):
    """The team's indicatie-advies. The team advises, the gemeente decides."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="advice")
    recommendation = models.CharField(_("advies"), max_length=10, choices=Recommendation.choices)
    volume = models.PositiveIntegerField(_("geadviseerde omvang"))
    reasons = models.TextField(_("onderbouwing"))
    advised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    advised_on = models.DateField(_("advies gegeven op"))

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")

    def __str__(self) -> str:
        return f"Advies {self.application}"


class Decision(models.Model):
    """The beschikking: grant, grant in part or refuse, with reasons, by someone who did not advise."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("besluit"), max_length=10, choices=Recommendation.choices)
    volume = models.PositiveIntegerField(_("toegekende omvang"), default=0)
    starts_on = models.DateField(_("vanaf"), null=True, blank=True)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    reasons = models.TextField(_("motivering"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("besloten op"))
    objection_ends_on = models.DateField(_("bezwaar mogelijk tot en met"))

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self) -> str:
        return f"Besluit {self.application}"

    @property
    def is_granted(self) -> bool:
        return self.outcome in (Recommendation.GRANT, Recommendation.PARTLY)


class ApplicationTerm(LegalTerm):
    """A legal term of an application: the decision term, and after the decision the objection term."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="terms")

    class Meta(LegalTerm.Meta):
        verbose_name = _("termijn van een aanvraag")
        verbose_name_plural = _("termijnen van aanvragen")
        constraints = [
            models.UniqueConstraint(fields=["application", "rule"], name="term_once_per_application")
        ]


class Allocation(models.Model):
    """A toewijzing: the provider that delivers a granted provision, sent as WMO301/JW301."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="allocations")
    provider = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("aanbieder")
    )
    number = models.PositiveIntegerField(_("toewijzingnummer"), unique=True)
    volume = models.PositiveIntegerField(_("omvang"))
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"))
    allocated_at = models.DateTimeField(_("toegewezen op"))
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["-allocated_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="allocation_period")
        ]

    def __str__(self) -> str:
        return f"Toewijzing {self.number}"

    @property
    def product(self) -> Product:
        return self.decision.application.product
