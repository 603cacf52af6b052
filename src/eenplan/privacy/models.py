"""The resident's AVG rights and retention: corrections made on request (art. 16), the retention
rules per record type (configuration), and what each destruction run destroyed (without personal data)."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import ConfigurationItem
from eenplan.households.models import Household, Person


class Rectification(models.Model):
    """A resident's request to correct their data (AVG art. 16) and how it was handled. Which fields
    changed is kept, not the old values: the wrong data is gone."""

    class Outcome(models.TextChoices):
        DONE = "done", _("gecorrigeerd")
        REFUSED = "refused", _("afgewezen")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="rectifications", verbose_name=_("persoon")
    )
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="rectifications", verbose_name=_("huishouden")
    )
    requested_on = models.DateField(_("gevraagd op"))
    request = models.TextField(_("wat de inwoner vroeg"))
    fields_changed = models.JSONField(_("gewijzigde gegevens"), default=list, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("toelichting"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("behandeld door")
    )
    handled_at = models.DateTimeField(_("behandeld op"))

    class Meta:
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")
        ordering = ["-handled_at", "-pk"]

    def __str__(self) -> str:
        return f"Correctie {self.requested_on:%Y-%m-%d} ({self.get_outcome_display()})"


class RetentionRule(ConfigurationItem):
    """A bewaartermijn: records of one type whose laws include one of ``laws`` (empty: every law) are
    destroyed ``years`` after the date at ``date_field``. When several rules match, the longest counts."""

    record_type = models.CharField(
        _("soort gegeven"),
        max_length=100,
        help_text=_("app_label.ModelName, bijvoorbeeld intake.SupportRequest."),
    )
    date_field = models.CharField(
        _("datumveld"),
        max_length=200,
        help_text=_("Het veld met de datum waarop de termijn begint, bijvoorbeeld closed_on."),
    )
    laws_field = models.CharField(
        _("veld met de wet(ten)"), max_length=200, blank=True,
        help_text=_("Bijvoorbeeld laws, of product__law. Leeg: de regel geldt voor alle wetten."),
    )  # fmt: skip
    laws = models.JSONField(_("wetten"), default=list, blank=True, help_text=_("Leeg: alle wetten."))
    years = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"))
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["record_type", "code"]

    @property
    def record_type_label(self) -> str:
        try:
            return str(apps.get_model(self.record_type)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return self.record_type

    @property
    def laws_label(self) -> str:
        from eenplan.intake.models import Law

        if not self.laws:
            return str(_("alle wetten"))
        return ", ".join(str(Law(code).label) if code in Law.values else code for code in self.laws)

    def clean(self) -> None:
        try:
            model = apps.get_model(self.record_type)
        except (LookupError, ValueError):
            raise ValidationError({"record_type": _("Dit soort gegeven bestaat niet.")}) from None
        for name in ("date_field", "laws_field"):
            path = getattr(self, name)
            try:
                if path:
                    list(model.objects.values(path)[:0])
            except FieldError:
                raise ValidationError({name: _("Dit veld bestaat niet bij dit soort gegeven.")}) from None
        if not isinstance(self.laws, list):
            raise ValidationError({"laws": _('Een lijst van wetten, bijvoorbeeld ["jeugdwet"].')})


class DestructionRun(models.Model):
    """One run of the destruction job (or a dry run that only reports)."""

    started_at = models.DateTimeField(_("begonnen op"))
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    today = models.DateField(_("peildatum"))
    dry_run = models.BooleanField(_("proefdraaien"), default=False)
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("vernietigingsronde")
        verbose_name_plural = _("vernietigingsronden")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Vernietiging {self.today:%Y-%m-%d}"


class DestructionRecord(models.Model):
    """What one run destroyed: the record type and number, never the personal data itself."""

    run = models.ForeignKey(DestructionRun, on_delete=models.CASCADE, related_name="records")
    rule = models.CharField(_("bewaartermijn"), max_length=50, blank=True)
    record_type = models.CharField(_("soort gegeven"), max_length=100)
    object_id = models.CharField(_("nummer"), max_length=50)
    household_id = models.BigIntegerField(_("huishouden"), null=True, blank=True)
    description = models.CharField(_("omschrijving"), max_length=300)

    class Meta:
        verbose_name = _("vernietigd gegeven")
        verbose_name_plural = _("vernietigde gegevens")
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return self.description
