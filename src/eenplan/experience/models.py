"""Client-experience questions (cliëntervaring) per law, answered by the resident after support has
run for a while, and their answers, kept anonymous by design.

The questionnaires are configuration: ``experience/config/questionnaires.json``, loaded on migration
(``experience/configuration.py``) and adjusted by the functional admin in beheer.

Anonymity by design: ``ExperienceAnswer`` holds no link to a plan, household, person or user, only the
gemeente, law, theme, question code, value and the month answered. Its primary key is random (UUID)
and it has no timestamp, so neither the key nor a clock tells in which order answers came in.
``ExperienceParticipation`` records, separately, only that a plan was answered and on which day, so
the plan is not asked again.

What remains linkable, and why the month: someone who reads both tables (or the processing log, which
says when the resident answered) can put the participations of one month next to that month's answers.
When only one plan of a law in a gemeente was answered in a month, that month's answers for that law
are that household's. A day or a time would make every answer linkable this way; the month makes it
the exception in all but the smallest gemeenten, while still letting the thermometer show change over
time. What is shown is aggregated, and every cell of fewer than 10 answers is suppressed
(``queries.experience_results``). The physical row order in the database is not hidden either: that
is a matter of database access, not of this app."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import ConfigurationItem
from eenplan.intake.models import Law


class Theme(models.TextChoices):
    ACCESS = "access", _("toegang")
    QUALITY = "quality", _("kwaliteit")
    EFFECT = "effect", _("effect")


class Scale(models.IntegerChoices):
    """The 5-point agree scale, most agreeing first as the resident reads it. "Weet ik niet" is not on
    the scale: it is stored as no value (NULL)."""

    STRONGLY_AGREE = 5, _("Helemaal mee eens")
    AGREE = 4, _("Mee eens")
    NEUTRAL = 3, _("Neutraal")
    DISAGREE = 2, _("Niet mee eens")
    STRONGLY_DISAGREE = 1, _("Helemaal niet mee eens")


AGREEING = (Scale.AGREE, Scale.STRONGLY_AGREE)
DEFAULT_INVITE_AFTER_DAYS = 90
DEFAULT_INVITE_UNTIL_DAYS_AFTER_CLOSING = 90


class Questionnaire(ConfigurationItem):
    """The client-experience questions for one law, and when a household is invited to answer them."""

    law = models.CharField(_("wet"), max_length=20, choices=Law.choices, unique=True)
    topic = models.CharField(
        _("onderwerp voor de inwoner"),
        max_length=200,
        help_text=_('Waar de hulp over ging, in gewone taal (B1). Bijvoorbeeld: "de hulp voor uw kind".'),
    )
    invite_after_days = models.PositiveSmallIntegerField(
        _("uitnodigen na (dagen)"),
        default=DEFAULT_INVITE_AFTER_DAYS,
        help_text=_("Zoveel dagen na het akkoord op het plan krijgt de inwoner de vragen."),
    )
    invite_until_days_after_closing = models.PositiveSmallIntegerField(
        _("uitnodigen tot (dagen na afsluiten)"),
        default=DEFAULT_INVITE_UNTIL_DAYS_AFTER_CLOSING,
        help_text=_(
            "Is het plan afgesloten? Dan krijgt de inwoner de vragen nog zoveel dagen. Daarna niet meer: "
            "de hulp is dan te lang geleden."
        ),
    )

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("vragenlijst cliëntervaring")
        verbose_name_plural = _("vragenlijsten cliëntervaring")
        ordering = ["law"]


class Question(models.Model):
    """One statement the resident agrees or disagrees with, on one theme (access, quality, effect).
    The code identifies the question in the anonymous answers, so it stays when the text is improved."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("vragenlijst")
    )
    code = models.SlugField(_("code"), max_length=50)
    theme = models.CharField(_("thema"), max_length=10, choices=Theme.choices)
    statement = models.CharField(_("stelling"), max_length=300, help_text=_("In gewone taal (B1)."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["questionnaire", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="question_code_unique_per_questionnaire"
            )
        ]

    def __str__(self) -> str:
        return self.statement


class ExperienceParticipation(models.Model):
    """That a plan's household answered the experience questions, so the plan is not asked again.
    Nothing of what was answered is here."""

    plan = models.OneToOneField(
        "plans.Plan",
        on_delete=models.CASCADE,
        related_name="experience_participation",
        verbose_name=_("plan"),
    )
    answered_on = models.DateField(_("beantwoord op"))

    class Meta:
        verbose_name = _("deelname aan de vragen over de hulp")
        verbose_name_plural = _("deelnames aan de vragen over de hulp")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.answered_on}"


def first_of_month(day):
    return day.replace(day=1)


class ExperienceAnswer(models.Model):
    """One anonymous answer to one question. Deliberately without a link to a plan, household, person
    or user, without a timestamp and with a random key (see the module docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices)
    theme = models.CharField(_("thema"), max_length=10, choices=Theme.choices)
    question_code = models.SlugField(_("stelling"), max_length=50)
    value = models.PositiveSmallIntegerField(
        _("antwoord"), choices=Scale.choices, null=True, blank=True, help_text=_("Leeg: weet ik niet.")
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand van het antwoord."))

    class Meta:
        verbose_name = _("antwoord cliëntervaring")
        verbose_name_plural = _("antwoorden cliëntervaring")
        indexes = [models.Index(fields=["municipality", "law", "month"], name="experience_answer_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="experience_answer_value_on_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.law} {self.question_code}: {self.value}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Een maand begint op de eerste dag.")})
