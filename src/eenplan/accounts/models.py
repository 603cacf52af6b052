"""Accounts, roles, teams and partner organisations."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import Area, Municipality


class Role(models.TextChoices):
    RESIDENT = "resident", _("Inwoner")
    CONSULTANT = "consultant", _("Consulent")
    TEAM_LEAD = "team_lead", _("Teamleider")
    DECISION_MAKER = "decision_maker", _("Beslisser")
    PARTNER_PROFESSIONAL = "partner_professional", _("Professional van een partner")
    POLICY_ADVISOR = "policy_advisor", _("Beleidsadviseur")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")


TEAM_ROLES = {Role.CONSULTANT, Role.TEAM_LEAD}


class Team(models.Model):
    """A neighbourhood team (wijkteam) that serves the households in its areas."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("naam"), max_length=100)
    areas = models.ManyToManyField(Area, related_name="teams", verbose_name=_("gebieden"))

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """A partner organisation (samenwerkingspartner) whose professionals take part in plans."""

    class Kind(models.TextChoices):
        GENERAL_PRACTICE = "general_practice", _("Huisartsenpraktijk")
        HOUSING = "housing", _("Woningcorporatie")
        INCOME_WORK = "income_work", _("Werk en inkomen")
        WELFARE = "welfare", _("Welzijn")
        YOUTH_CARE = "youth_care", _("Jeugdhulp")
        MENTAL_HEALTH = "mental_health", _("GGZ")
        CARE_PROVIDER = "care_provider", _("Zorgaanbieder")
        DEBT_HELP = "debt_help", _("Schuldhulpverlening")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="partners")
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    agb_code = models.CharField(
        _("AGB-code"), max_length=8, blank=True,
        validators=[RegexValidator(r"^[0-9]{8}$", _("Een AGB-code heeft 8 cijfers."))],
        help_text=_("Nodig om een aanbieder een toewijzing (iWmo/iJw) te sturen."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EenplanUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """The first account (``eenplan manage createsuperuser``) is a functional admin."""
        extra_fields.setdefault("role", Role.FUNCTIONAL_ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Every person who logs in. One role per account; team and partner follow from the role."""

    objects = EenplanUserManager()

    role = models.CharField(_("rol"), max_length=30, choices=Role.choices, default=Role.RESIDENT)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("gemeente")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members", verbose_name=_("team")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="professionals",
        verbose_name=_("partnerorganisatie"),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=True) | models.Q(role__in=["consultant", "team_lead"]),
                name="user_team_only_for_team_roles",
            ),
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True) | models.Q(role="partner_professional"),
                name="user_partner_only_for_partner_role",
            ),
        ]

    @property
    def is_staff_role(self) -> bool:
        """Staff roles work with other people's data and need two-factor authentication."""
        return self.role != Role.RESIDENT or self.is_superuser or self.is_staff

    @property
    def organisation_label(self) -> str:
        if self.partner_id:
            return self.partner.name
        if self.team_id:
            return f"{self.team.name}, {self.team.municipality.name}"
        if self.municipality_id:
            return f"Gemeente {self.municipality.name}"
        return ""
