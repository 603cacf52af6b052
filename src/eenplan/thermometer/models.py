"""The policy chain of a gemeente and its indicators (domain.md §6):

    effect (societal outcome) → policy goals → assignments (opdrachten, with agreed results and a budget
    line) → service delivery (a social-map service or a tailored-provision product) → indicators

Indicators are configuration (``config/indicators.json``, loaded by migration 0002, adjusted by the
functional admin in beheer): a *computed* indicator is counted from the case data by a function in
``queries.COMPUTATIONS``; a *manual* one holds figures from elsewhere (a GGD monitor, a welfare
organisation's registration), entered as a ``Measurement``.

The chain itself is policy content of one gemeente, kept by its policy advisor (domain.md §5). It holds
no personal data: nothing here names or points at a household."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import ConfigurationItem
from eenplan.intake.models import Law
from eenplan.provisions.configuration import taakveld_choices, taakvelden


class Indicator(ConfigurationItem):
    """A measure of the chain: what is counted (``definition``, shown to users next to every figure),
    in which unit, and whether a higher value is better."""

    class Unit(models.TextChoices):
        PERCENT = "percent", _("procent")
        DAYS = "days", _("dagen")
        EURO = "euro", _("euro")
        NUMBER = "number", _("aantal")

    class Kind(models.TextChoices):
        COMPUTED = "computed", _("berekend uit de dossiers")
        MANUAL = "manual", _("met de hand ingevoerd")

    definition = models.TextField(
        _("definitie"), help_text=_("Precies wat er geteld wordt; dit staat bij elk cijfer.")
    )
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    higher_is_better = models.BooleanField(_("hoger is beter"), default=True)
    source = models.CharField(
        _("bron"),
        max_length=300,
        blank=True,
        help_text=_("Waar een met de hand ingevoerd cijfer vandaan komt."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["order", "name"]

    @property
    def is_manual(self) -> bool:
        return self.kind == self.Kind.MANUAL


class Effect(models.Model):
    """A societal outcome the gemeente works towards, e.g. "Inwoners wonen langer zelfstandig thuis"."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    name = models.CharField(_("effect"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("effect")
        verbose_name_plural = _("effecten")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["municipality", "order"], name="effect_municipality_order")]

    def __str__(self) -> str:
        return self.name


class PolicyGoal(models.Model):
    """A beleidsdoel under an effect, optionally aimed at one life domain and one law."""

    effect = models.ForeignKey(
        Effect, on_delete=models.CASCADE, related_name="goals", verbose_name=_("effect")
    )
    name = models.CharField(_("beleidsdoel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    life_domain = models.ForeignKey(
        "assessment.LifeDomain",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leefgebied"),
        help_text=_("Het leefgebied waarop dit doel de zelfredzaamheid wil verbeteren."),
    )
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("beleidsdoel")
        verbose_name_plural = _("beleidsdoelen")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """An opdracht: who carries out (part of) a policy goal — the wijkteam, a partner organisation or
    someone named in words — with the results agreed, a budget line (Iv3 taakveld and amount) and a
    period. Exactly one executor."""

    policy_goal = models.ForeignKey(
        PolicyGoal, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("beleidsdoel")
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wijkteam"),
    )
    partner = models.ForeignKey(
        "accounts.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partnerorganisatie"),
    )
    executor_name = models.CharField(_("andere uitvoerder"), max_length=200, blank=True)
    name = models.CharField(_("opdracht"), max_length=200)
    results = models.TextField(_("afgesproken resultaten"), blank=True)
    taakveld = models.CharField(_("Iv3-taakveld"), max_length=10, choices=taakveld_choices())
    budget_cents = models.PositiveBigIntegerField(_("budget (eurocent)"), default=0)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"))

    class Meta:
        verbose_name = _("opdracht")
        verbose_name_plural = _("opdrachten")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="assignment_period"),
            models.CheckConstraint(
                condition=(
                    Q(team__isnull=False, partner__isnull=True, executor_name="")
                    | Q(team__isnull=True, partner__isnull=False, executor_name="")
                    | (Q(team__isnull=True, partner__isnull=True) & ~Q(executor_name=""))
                ),
                name="assignment_one_executor",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def executor(self) -> str:
        if self.team_id:
            return self.team.name
        if self.partner_id:
            return self.partner.name
        return self.executor_name

    @property
    def budget_euros(self) -> Decimal:
        return Decimal(self.budget_cents).scaleb(-2)

    @property
    def taakveld_name(self) -> str:
        return taakvelden().get(self.taakveld, "")

    def overlaps(self, start, end) -> bool:
        return self.starts_on <= end and self.ends_on >= start


class Delivery(models.Model):
    """Dienstverlening under an assignment: a service of the social map or a tailored-provision product
    of the catalogue, exactly one."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("opdracht")
    )
    service = models.ForeignKey(
        "socialmap.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dienst van de sociale kaart"),
    )
    product = models.ForeignKey(
        "provisions.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("maatwerkvoorziening (product)"),
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("dienstverlening")
        verbose_name_plural = _("dienstverlening")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False, product__isnull=True)
                | Q(service__isnull=True, product__isnull=False),
                name="delivery_service_or_product",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.service.name if self.service_id else self.product.name


class AgreedResult(models.Model):
    """A result agreed in an assignment, as a target on an indicator."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="agreed_results", verbose_name=_("opdracht")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="agreed_results", verbose_name=_("indicator")
    )
    target_value = models.DecimalField(_("streefwaarde"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("afgesproken resultaat")
        verbose_name_plural = _("afgesproken resultaten")
        ordering = ["indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "indicator"], name="agreed_result_once_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target_value}"


class Measurement(models.Model):
    """A figure of a manual indicator for a gemeente (or one of its areas) over a period, with its
    source; entered by the policy advisor."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="measurements",
        limit_choices_to={"kind": Indicator.Kind.MANUAL},
        verbose_name=_("indicator"),
    )
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    area = models.ForeignKey(
        "core.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebied"),
    )
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    source = models.CharField(_("bron"), max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(_("ingevoerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["-period_end", "-entered_at", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "indicator", "period_start"], name="measurement_lookup")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="measurement_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}–{self.period_end}: {self.value}"


class IndicatorRefresh(models.Model):
    """One computation of the stored cells of every computed indicator, for every gemeente, as of the day
    ``today`` (``actions.indicator_cells_refresh``, nightly). Readers use the latest finished one."""

    today = models.DateField(_("stand van"))
    started_at = models.DateTimeField(_("gestart op"))
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("berekening van de indicatoren")
        verbose_name_plural = _("berekeningen van de indicatoren")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.today} ({self.finished_at or '…'})"


class IndicatorCell(models.Model):
    """What one computed indicator counted in one neighbourhood over one period: distinct households,
    households flagged in the numerator, and the sums. A household lives in one neighbourhood, so cells
    add up exactly to a district, a team's areas or a gemeente (``queries._stored``). ``life_domain`` is
    set for the self-reliance indicator on one domain only. Aggregates, no personal data."""

    refresh = models.ForeignKey(IndicatorRefresh, on_delete=models.CASCADE, related_name="cells")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("core.Area", on_delete=models.CASCADE, related_name="+")
    life_domain = models.ForeignKey(
        "assessment.LifeDomain", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    households = models.PositiveIntegerField()
    flagged = models.PositiveIntegerField()
    num = models.BigIntegerField()
    den = models.BigIntegerField()

    class Meta:
        verbose_name = _("cel van een indicator")
        verbose_name_plural = _("cellen van indicatoren")
        indexes = [
            models.Index(fields=["refresh", "period_start", "municipality"], name="indicatorcell_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period_start}–{self.period_end}"


class ReadingDocument(models.Model):
    """The reading of a gemeente for a year as a PDF, to send to the council: made by the nightly job
    for the current year, or on request (``actions.reading_document_make``). Making one takes about a
    second (WeasyPrint lays out some ten pages); the stored one downloads at once and, made at one
    moment, is a stable document to refer to. Aggregates only, no personal data."""

    municipality = models.ForeignKey("core.Municipality", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    made_at = models.DateTimeField(_("gemaakt op"))
    pdf = models.BinaryField()

    class Meta:
        verbose_name = _("lezing als PDF")
        verbose_name_plural = _("lezingen als PDF")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="readingdocument_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} ({self.made_at:%Y-%m-%d %H:%M})"
