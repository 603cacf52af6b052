"""Households, the people in them, and the network around them."""

from django.conf import settings
from django.core.validators import RegexValidator
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
    street = models.CharField(_("straat"), max_length=100, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^[1-9][0-9]{3}[A-Z]{2}$", _("Vul een postcode in zoals 8011AB."))],
    )
    city = models.CharField(_("plaats"), max_length=100, blank=True)
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

    @property
    def address(self) -> str:
        number = f"{self.house_number or ''}{self.house_number_addition}"
        line = " ".join(part for part in (self.street, number) if part)
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (line, place) if part)

    @property
    def has_children(self) -> bool:
        return any(member.relation == Person.Relation.CHILD for member in self.members.all())


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
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(
        _("voorkeurstaal"),
        max_length=50,
        default="Nederlands",
        help_text=_("De taal waarin we iemand het best bereiken."),
    )
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


class NetworkMember(models.Model):
    """Someone around the household who is not a member: an informal carer, family, a neighbour."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("familie")
        FRIEND = "friend", _("vriend of vriendin")
        NEIGHBOUR = "neighbour", _("buur")
        VOLUNTEER = "volunteer", _("vrijwilliger")
        OTHER = "other", _("anders")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="network")
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("wie is het"), max_length=20, choices=Kind.choices)
    is_informal_carer = models.BooleanField(_("mantelzorger"), default=False)
    contribution = models.TextField(
        _("wat doet of kan deze persoon doen"),
        blank=True,
        help_text=_("In gewone woorden, bijvoorbeeld: doet boodschappen op zaterdag."),
    )
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("netwerklid")
        verbose_name_plural = _("netwerk")
        ordering = ["household", "name"]

    def __str__(self) -> str:
        return self.name
