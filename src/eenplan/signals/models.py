"""Collective signals: what consultants see in many households of one neighbourhood (loneliness, debts,
transport, carer strain …), recorded without personal data, and the prevention that answers them.

Themes are configuration (``signals/config/themes.json``, loaded by migration 0002, edited in beheer).
A theme names the life domains of the Leefgebieden instrument from which derived signals are counted
(``queries.derived_counts``)."""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import ConfigurationItem


class Theme(ConfigurationItem):
    """A theme of collective signals, e.g. eenzaamheid, and the life domains it is derived from."""

    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    domains = models.ManyToManyField(
        "assessment.LifeDomain",
        blank=True,
        related_name="+",
        verbose_name=_("leefgebieden"),
        help_text=_("Lage scores op deze leefgebieden tellen als afgeleid signaal voor dit thema."),
    )

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("thema van signalen")
        verbose_name_plural = _("thema's van signalen")
        ordering = ["order", "name"]


def household_key(household_id: int) -> str:
    """A keyed pseudonym of a household (HMAC-SHA256 with SECRET_KEY), see ``Signal``."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"household:{household_id}".encode(), hashlib.sha256
    ).hexdigest()


class Signal(models.Model):
    """An observation a consultant marked as a collective signal: a theme, the neighbourhood and a text
    that was de-identified (``deidentify.deidentify``) before it was stored. The raw text is never stored.

    ``household_key`` lets policy count distinct persons (households): ten signals about one family are
    one person, not ten. It is HMAC-SHA256 of the household id keyed with ``settings.SECRET_KEY``, not a
    foreign key and not a plain hash: without the key nobody can compute it from a household id (ids are
    small numbers, so a plain hash would be reversed by trying them all), so the signal cannot be traced
    back to the household by reading the database, and deleting the household leaves the signal as it
    is. Whoever holds the SECRET_KEY and the households table can recompute it; that is why signals are
    read only as aggregates and de-identified examples. Rotating SECRET_KEY starts new pseudonyms: older
    signals then count as other persons in a quarter that spans the rotation."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="signals", verbose_name=_("thema")
    )
    area = models.ForeignKey(
        "core.Area",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "neighbourhood"},
        verbose_name=_("buurt"),
    )
    text = models.TextField(_("waarneming, zonder persoonsgegevens"))
    recorded_on = models.DateField(_("gemeld op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeld door")
    )
    household_key = models.CharField(_("pseudoniem van het huishouden"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-recorded_on", "-pk"]
        indexes = [models.Index(fields=["theme", "area", "recorded_on"], name="signal_theme_area_date")]

    def __str__(self) -> str:
        return f"{self.theme} {self.recorded_on}"


class PreventionLink(models.Model):
    """A prevention activity (a social-map service) that answers the signals of a theme in an area (a
    district or a neighbourhood). Its effect is followed as the signals per quarter before and after
    ``linked_on`` (``queries.prevention_effect``)."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="prevention_links", verbose_name=_("thema")
    )
    area = models.ForeignKey(
        "core.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("gebied")
    )
    service = models.ForeignKey(
        "socialmap.Service", on_delete=models.PROTECT, related_name="+", verbose_name=_("activiteit")
    )
    linked_on = models.DateField(_("gestart op"))
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("preventieve activiteit bij een signaal")
        verbose_name_plural = _("preventieve activiteiten bij signalen")
        ordering = ["-linked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.theme} {self.area}: {self.service_id}"


class DerivedCount(models.Model):
    """The derived signals of one theme in one neighbourhood as counted on ``counted_on`` by the nightly
    ``actions.derived_counts_refresh``: persons scored on the theme's domains in their latest Leefgebieden
    assessment, those with a score of at most 2, and households with a goal on those domains. Counts
    only. A person lives in one neighbourhood, so a district's figure is the sum of its neighbourhoods'.
    Only the latest day is kept."""

    counted_on = models.DateField(_("geteld op"))
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+", verbose_name=_("thema"))
    area = models.ForeignKey("core.Area", on_delete=models.CASCADE, related_name="+", verbose_name=_("buurt"))
    scored = models.PositiveIntegerField(_("personen gemeten"))
    low = models.PositiveIntegerField(_("personen met een lage score"))
    goals = models.PositiveIntegerField(_("huishoudens met een doel"))

    class Meta:
        verbose_name = _("afgeleid signaal (geteld)")
        verbose_name_plural = _("afgeleide signalen (geteld)")
        constraints = [
            models.UniqueConstraint(fields=["counted_on", "theme", "area"], name="derived_count_once"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} {self.area_id} {self.counted_on}"
