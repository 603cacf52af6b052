"""Households and the people in them. The intake issue extends these with contact details,
addresses and the network; this is the part the access layer needs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import Area, Municipality
from eenplan.core.validators import validate_bsn


class Household(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="households")
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"kind": Area.Kind.NEIGHBOURHOOD},
        verbose_name=_("buurt"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Huishouden {self.pk}"

    @property
    def reference(self) -> str:
        return f"HH-{self.pk:06d}"


class Person(models.Model):
    class Relation(models.TextChoices):
        HEAD = "head", _("hoofd van het huishouden")
        PARTNER = "partner", _("partner")
        CHILD = "child", _("kind")
        OTHER = "other", _("ander lid")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    relation = models.CharField(_("relatie"), max_length=20, choices=Relation.choices)
    given_name = models.CharField(_("voornaam"), max_length=100)
    surname_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["household", "date_of_birth"]
        constraints = [
            models.UniqueConstraint(fields=["bsn"], condition=~models.Q(bsn=""), name="person_unique_bsn")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.surname_prefix, self.surname) if part)
