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
        db_index=False,  # household_area below
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
        # A team's reach starts from the households in its areas: with the id in the index, PostgreSQL
        # reads them from the index alone (docs/performance.md).
        indexes = [models.Index(fields=["area", "id"], name="household_area")]

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


ADULT_AGE = 18


def adult_birthday_cutoff(today):
    """Whoever was born after this date is a minor today."""
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


class Representation(models.Model):
    """Someone who may act for a person in Mijn plan (the resident portal): a parent or guardian of a
    minor child who lives elsewhere, or a curator, mentor or gemachtigde, each authorised explicitly by
    the team with the evidence it saw. A parent's representation ends by itself on the child's 18th
    birthday. The representative is known by BSN; their account is linked at their first log-in."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("ouder of voogd van een minderjarig kind")
        CURATOR = "curator", _("curator")
        MENTOR = "mentor", _("mentor")
        AUTHORISED = "authorised", _("gemachtigde")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="representations", verbose_name=_("namens wie")
    )
    kind = models.CharField(_("soort vertegenwoordiging"), max_length=20, choices=Kind.choices)
    representative_name = models.CharField(_("naam vertegenwoordiger"), max_length=200)
    representative_bsn = models.CharField(
        _("BSN vertegenwoordiger"), max_length=9, blank=True, validators=[validate_bsn]
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representations",
        verbose_name=_("account vertegenwoordiger"),
    )
    evidence = models.CharField(
        _("waaruit blijkt het"),
        max_length=300,
        help_text=_("Bijvoorbeeld: de beschikking van de kantonrechter, of een getekende machtiging."),
    )
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("vertegenwoordiging")
        verbose_name_plural = _("vertegenwoordigingen")
        ordering = ["person", "starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.representative_name} ({self.get_kind_display()})"

    @classmethod
    def in_force(cls, today) -> models.Q:
        """The representations that count today: started, not ended or withdrawn, and a parent's only
        while the child is a minor."""
        minor = models.Q(person__date_of_birth__gt=adult_birthday_cutoff(today))
        return (
            models.Q(withdrawn_at__isnull=True, starts_on__lte=today)
            & (models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today))
            & (~models.Q(kind=cls.Kind.PARENT) | minor)
        )
