"""Core records every app builds on: municipality and areas, the configuration of purposes, legal
bases and data categories, and the processing log (verwerkingenlog)."""

import hashlib
import json
from datetime import UTC

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A gemeente, identified by its CBS code (GMxxxx)."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("inwoners"))
    population_source = models.CharField(_("bron inwonertal"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A district (wijk) or neighbourhood (buurt) of a municipality, with a CBS-format code."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("wijk")
        NEIGHBOURHOOD = "neighbourhood", _("buurt")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="areas")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="district", parent__isnull=True))
                | (models.Q(kind="neighbourhood", parent__isnull=False)),
                name="area_neighbourhood_has_district",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ConfigurationItem(models.Model):
    """Shared shape of configuration that the functional admin reads and adjusts (loaded from
    ``core/config/*.json`` on migration)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegalBasis(ConfigurationItem):
    """Grondslag (AVG art. 6), e.g. public task, consent, vital interest."""

    gdpr_article = models.CharField(_("AVG-artikel"), max_length=50, blank=True)

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("grondslag")
        verbose_name_plural = _("grondslagen")


class Purpose(ConfigurationItem):
    """Doelbinding: why personal data is processed, on which basis by default, and by which roles."""

    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, verbose_name=_("grondslag"))
    roles = models.JSONField(
        _("rollen"), default=list, blank=True, help_text=_("De rollen die voor dit doel mogen verwerken.")
    )

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")


class DataCategory(ConfigurationItem):
    """A category of personal data, e.g. identity & contact, health (AVG art. 9)."""

    is_special_category = models.BooleanField(_("bijzonder persoonsgegeven (AVG art. 9)"), default=False)

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("gegevenscategorie")
        verbose_name_plural = _("gegevenscategorieën")


class RolePolicy(models.Model):
    """The default policy of domain.md §5 for one role, as data: the categories of personal data the
    role may process at all (``core.access.permit`` enforces them on every access function) and, as
    text, the reach in households, aggregated data and configuration that the code implements."""

    role = models.CharField(_("rol"), max_length=30, unique=True)
    categories = models.ManyToManyField(
        DataCategory, blank=True, related_name="role_policies", verbose_name=_("gegevenscategorieën")
    )
    households = models.TextField(_("huishoudens"), blank=True)
    aggregated = models.CharField(_("geaggregeerde gegevens"), max_length=200, blank=True)
    configuration = models.CharField(_("configuratie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("toegangsbeleid van een rol")
        verbose_name_plural = _("toegangsbeleid per rol")
        ordering = ["role"]

    def __str__(self) -> str:
        return self.role


GENESIS_HASH = "0" * 64


class ProcessingLogEntry(models.Model):
    """One processing of personal data: who did what with whose data, why, on which basis, how.

    Append-only and hash-chained: ``entry_hash`` covers every field and the previous entry's hash, so
    a changed or removed row breaks the chain (``eenplan manage processinglog_verify``). Write only
    through ``eenplan.core.actions.processing_log_write``; codes are copied, not referenced, so the log
    stays true when configuration changes.
    """

    class Action(models.TextChoices):
        READ = "read", _("bekeken")
        CREATE = "create", _("vastgelegd")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        EXPORT = "export", _("geëxporteerd")
        DISCLOSE = "disclose", _("verstrekt")

    class Channel(models.TextChoices):
        SCREEN = "screen", _("scherm")
        API = "api", _("API")
        EXPORT = "export", _("export")
        JOB = "job", _("achtergrondtaak")
        SYSTEM = "system", _("systeem")

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(editable=False)
    actor_id = models.BigIntegerField(null=True, editable=False)
    actor_name = models.CharField(max_length=200, editable=False)
    actor_role = models.CharField(max_length=40, editable=False)
    organisation = models.CharField(max_length=200, editable=False)
    action = models.CharField(max_length=20, choices=Action.choices, editable=False)
    purpose = models.CharField(max_length=50, editable=False)
    legal_basis = models.CharField(max_length=50, editable=False)
    channel = models.CharField(max_length=20, choices=Channel.choices, editable=False)
    household_id = models.BigIntegerField(null=True, editable=False, db_index=True)
    person_id = models.BigIntegerField(null=True, editable=False, db_index=True)
    categories = models.JSONField(default=list, editable=False)
    object_type = models.CharField(max_length=100, editable=False)
    object_id = models.CharField(max_length=100, blank=True, editable=False)
    description = models.CharField(max_length=300, blank=True, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    # No index: the chain is walked by sequence, never looked up by hash. A unique index on the hash
    # (and PostgreSQL's second one for LIKE) put two random page writes in every page view's insert,
    # under the chain head's lock: 2.3 GB at `city` scale, half of the insert's time.
    entry_hash = models.CharField(max_length=64, editable=False)

    HASHED_FIELDS = (
        "sequence",
        "occurred_at",
        "actor_id",
        "actor_name",
        "actor_role",
        "organisation",
        "action",
        "purpose",
        "legal_basis",
        "channel",
        "household_id",
        "person_id",
        "categories",
        "object_type",
        "object_id",
        "description",
        "previous_hash",
    )

    class Meta:
        verbose_name = _("verwerking")
        verbose_name_plural = _("verwerkingenlog")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["actor_id", "occurred_at"], name="processinglog_actor")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The processing log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The processing log is append-only: entries cannot be deleted.")

    def compute_hash(self) -> str:
        payload = {name: getattr(self, name) for name in self.HASHED_FIELDS}
        payload["occurred_at"] = self.occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ProcessingLogHead(models.Model):
    """The single row that holds the end of the chain; locked while an entry is appended, so that
    concurrent writers form one chain, and compared by the verification so a removed last row shows."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("einde van de verwerkingenlogketen")

    def __str__(self) -> str:
        return f"#{self.last_sequence}"


class ConfigurationVersion(models.Model):
    """The single row whose number goes up whenever beheer changes configuration (purposes, the role
    policy, teams and their areas, …): every process then reads the configuration again
    (core.configuration.configuration_cached)."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("versie van de configuratie")

    def __str__(self) -> str:
        return f"v{self.version}"
