"""Purpose-bound sharing with partners (domain.md §4): sharing arrangements with their history,
requests for one by a partner professional, and break-the-glass access in a vital interest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.accounts.models import Partner
from eenplan.core.models import DataCategory, LegalBasis, Purpose
from eenplan.households.models import Household


class ArrangementQuerySet(models.QuerySet):
    def active_on(self, day) -> "ArrangementQuerySet":
        """In force on that day: started, not ended, not withdrawn."""
        return self.filter(starts_on__lte=day, ends_on__gte=day, withdrawn_at__isnull=True)

    def active(self) -> "ArrangementQuerySet":
        return self.active_on(timezone.localdate())


class Arrangement(models.Model):
    """A sharing arrangement (deelafspraak): which partner organisation may see which categories of one
    household's data, for which purpose, on which legal basis, from when to when, and how consent was
    recorded when the basis is consent. Changes and withdrawal take effect at once; each is kept as an
    ArrangementVersion."""

    class ConsentForm(models.TextChoices):
        VERBAL = "verbal", _("mondeling")
        WRITTEN = "written", _("schriftelijk")
        PORTAL = "portal", _("in Mijn plan, na inloggen")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="arrangements")
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="arrangements", verbose_name=_("partnerorganisatie")
    )
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, verbose_name=_("doel"))
    categories = models.ManyToManyField(DataCategory, verbose_name=_("gegevenscategorieën"))
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, verbose_name=_("grondslag"))
    starts_on = models.DateField(_("geldig vanaf"))
    ends_on = models.DateField(_("geldig tot en met"))
    consent_given_by = models.CharField(
        _("toestemming gegeven door"), max_length=200, blank=True,
        help_text=_("De inwoner zelf, of wie namens de inwoner mag beslissen (ouder, curator, mentor)."),
    )  # fmt: skip
    consent_form = models.CharField(
        _("vorm van de toestemming"), max_length=10, choices=ConsentForm.choices, blank=True
    )
    consent_document = models.CharField(
        _("document"), max_length=300, blank=True,
        help_text=_("Waar het ondertekende formulier is bewaard, bijvoorbeeld het kenmerk in het archief."),
    )  # fmt: skip
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    granted_at = models.DateTimeField(_("vastgelegd op"))
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("ingetrokken door"),
    )  # fmt: skip
    withdrawal_reason = models.CharField(_("reden van intrekken"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        verbose_name = _("deelafspraak")
        verbose_name_plural = _("deelafspraken")
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["partner", "household"], name="arrangement_partner_household")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="arrangement_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.purpose}"

    @property
    def reference(self) -> str:
        return f"DA-{self.pk:06d}"

    def is_active_on(self, day) -> bool:
        return self.withdrawn_at is None and self.starts_on <= day <= self.ends_on

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        today = timezone.localdate()
        if self.withdrawn_at:
            return _("ingetrokken")
        if self.starts_on > today:
            return _("gaat nog in")
        if self.ends_on < today:
            return _("verlopen")
        return _("geldig")


class ArrangementVersion(models.Model):
    """One step in the history of an arrangement: what it said after a grant, a change or a withdrawal."""

    class Change(models.TextChoices):
        GRANT = "grant", _("afgesproken")
        CHANGE = "change", _("gewijzigd")
        WITHDRAW = "withdraw", _("ingetrokken")

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("versie"))
    change = models.CharField(_("wijziging"), max_length=10, choices=Change.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    changed_at = models.DateTimeField(_("op"))
    snapshot = models.JSONField(_("inhoud"))

    class Meta:
        verbose_name = _("versie van een deelafspraak")
        verbose_name_plural = _("versies van deelafspraken")
        ordering = ["arrangement", "version"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "version"], name="arrangement_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.arrangement.reference} v{self.version}"


class ArrangementRequest(models.Model):
    """A partner professional asks for an arrangement, with a reason; the case director grants or
    refuses. The partner names the resident by BSN: whether that BSN is known is never told to them."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("in behandeling")
        GRANTED = "granted", _("toegekend")
        REFUSED = "refused", _("geweigerd")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="arrangement_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    requested_at = models.DateTimeField(_("aangevraagd op"))
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, null=True, blank=True, related_name="arrangement_requests"
    )
    resident_name = models.CharField(_("naam van de inwoner"), max_length=200)
    bsn = models.CharField(_("BSN"), max_length=9)
    purpose = models.ForeignKey(Purpose, on_delete=models.PROTECT, verbose_name=_("doel"))
    categories = models.ManyToManyField(DataCategory, verbose_name=_("gegevenscategorieën"))
    reason = models.TextField(_("waarom nodig"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("beslist door"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    decision_note = models.CharField(_("toelichting bij het besluit"), max_length=500, blank=True)
    arrangement = models.OneToOneField(
        Arrangement, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )

    class Meta:
        verbose_name = _("verzoek om gegevens te delen")
        verbose_name_plural = _("verzoeken om gegevens te delen")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner} — {self.purpose} ({self.get_status_display()})"


class BreakGlassAccess(models.Model):
    """Break-the-glass: access in a vital interest to a household outside the user's reach, with a typed
    reason, for a limited time; the team lead reviews it afterwards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="break_glass")
    reason = models.TextField(_("reden"))
    started_at = models.DateTimeField(_("begonnen op"))
    expires_at = models.DateTimeField(_("verloopt op"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("beoordeeld door"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_note = models.CharField(_("oordeel"), max_length=500, blank=True)
    was_justified = models.BooleanField(_("terecht gebruikt"), null=True)

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} → {self.household} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return timezone.now() < self.expires_at
