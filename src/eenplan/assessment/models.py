"""Self-reliance instruments as data: an instrument (a scale with optional level labels) and its life
domains (leefgebieden). Shipped as JSON files in ``assessment/config/instruments`` and loaded on
migration (``assessment/configuration.py``); the functional admin adjusts them in beheer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import ConfigurationItem


def validate_levels(levels, scale_min: int, scale_max: int) -> None:
    """Check the level labels of a scale: a list of ``{"value": int, "label": str, "description": str}``
    whose values lie within ``scale_min``..``scale_max`` and occur once. Pure, so the loader can use it
    on a migration's historical models too."""
    if not isinstance(scale_min, int) or not isinstance(scale_max, int) or scale_min >= scale_max:
        raise ValidationError(
            _("De laagste score (%(min)s) moet lager zijn dan de hoogste score (%(max)s)."),
            code="scale",
            params={"min": scale_min, "max": scale_max},
        )
    if not isinstance(levels, list):
        raise ValidationError(_("De niveaus moeten een lijst zijn."), code="levels_not_a_list")
    errors, seen = [], set()
    for level in levels:
        value = level.get("value") if isinstance(level, dict) else None
        label = level.get("label") if isinstance(level, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or not isinstance(label, str) or not label:
            errors.append(
                ValidationError(
                    _("Elk niveau heeft een hele waarde en een omschrijving: %(level)s."),
                    code="level_shape",
                    params={"level": level},
                )
            )
            continue
        if not scale_min <= value <= scale_max:
            errors.append(
                ValidationError(
                    _("Niveau %(value)s ligt buiten de schaal van %(min)s tot en met %(max)s."),
                    code="level_out_of_range",
                    params={"value": value, "min": scale_min, "max": scale_max},
                )
            )
        if value in seen:
            errors.append(
                ValidationError(
                    _("Niveau %(value)s komt meer dan één keer voor."),
                    code="level_duplicate",
                    params={"value": value},
                )
            )
        seen.add(value)
    if errors:
        raise ValidationError(errors)


class Instrument(ConfigurationItem):
    """A self-reliance instrument, e.g. the life domains on a 1–5 scale or the six dimensions of
    Positieve Gezondheid on a 0–10 scale. ``levels`` names (some of) the scores; empty for a plain
    numeric scale."""

    scale_min = models.IntegerField(_("laagste score"))
    scale_max = models.IntegerField(_("hoogste score"))
    levels = models.JSONField(
        _("niveaus"),
        default=list,
        blank=True,
        help_text=_(
            'Een lijst van {"value": score, "label": naam, "description": uitleg}; '
            "leeg voor een gewone cijferschaal."
        ),
    )
    source = models.TextField(
        _("bron"), blank=True, help_text=_("Waar de opzet van het instrument vandaan komt.")
    )

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")), name="instrument_scale_min_below_max"
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.scale_min is None or self.scale_max is None:
            return  # the field validation reports the missing score
        try:
            validate_levels(self.levels, self.scale_min, self.scale_max)
        except ValidationError as error:
            field = "scale_max" if error.error_list[0].code == "scale" else "levels"
            raise ValidationError({field: error.error_list}) from error

    def level(self, value: int) -> dict | None:
        """The named level for a score, or None when the score has no name."""
        return next((level for level in self.levels if level["value"] == value), None)


class LifeDomain(models.Model):
    """A leefgebied (or dimension) of an instrument: one thing that is scored on the instrument's scale."""

    class AppliesTo(models.TextChoices):
        EVERYONE = "everyone", _("iedereen")
        HOUSEHOLDS_WITH_CHILDREN = "households_with_children", _("huishoudens met kinderen")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="domains", verbose_name=_("instrument")
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True, help_text=_("In gewone taal (B1)."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    applies_to = models.CharField(
        _("geldt voor"), max_length=30, choices=AppliesTo.choices, default=AppliesTo.EVERYONE
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")
        ordering = ["instrument", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="lifedomain_code_unique_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """A self-reliance assessment of one person on one instrument: only the domains that matter to the
    request are scored (data minimisation), the professional's and the resident's view side by side."""

    person = models.ForeignKey(
        "households.Person", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("persoon")
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, verbose_name=_("instrument"))
    assessed_on = models.DateField(_("datum"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zelfredzaamheidsmeting")
        verbose_name_plural = _("zelfredzaamheidsmetingen")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.assessed_on}"


class DomainScore(models.Model):
    """One life domain in an assessment: the situation in words, own strength, network, both scores."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, verbose_name=_("leefgebied"))
    situation = models.TextField(_("hoe gaat het nu"), blank=True)
    own_strength = models.TextField(_("wat lukt zelf (eigen kracht)"), blank=True)
    network = models.TextField(_("wat doet het netwerk"), blank=True)
    professional_score = models.SmallIntegerField(_("score professional"), null=True, blank=True)
    resident_score = models.SmallIntegerField(_("score inwoner"), null=True, blank=True)

    class Meta:
        verbose_name = _("score per leefgebied")
        verbose_name_plural = _("scores per leefgebied")
        ordering = ["domain__order", "domain__code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="domainscore_once_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.professional_score}/{self.resident_score}"

    def clean(self) -> None:
        instrument = self.assessment.instrument
        for field in ("professional_score", "resident_score"):
            value = getattr(self, field)
            if value is not None and not instrument.scale_min <= value <= instrument.scale_max:
                raise ValidationError(
                    {
                        field: _("Een score ligt tussen %(min)s en %(max)s.")
                        % {"min": instrument.scale_min, "max": instrument.scale_max}
                    }
                )
