"""The surveys of the thermometer (domain.md §6): statements per theme (own strength, integrality,
prevention, collaboration, regie, information sharing, finances), answered by the layers of a gemeente
from council to kitchen table. The reading shows per theme where the layers' perceptions diverge: where
the policy chain breaks (``queries.theme_layer_scores``).

Themes and statements are configuration: ``surveys/config/statements.json``, loaded by migration 0002
(``configuration.py``) and adjusted by the functional admin in beheer.

Anonymity by design. A survey round sends links (``Invitation``): a random token per respondent, of
which only the SHA-256 hash is stored, with the layer it was made for and whether it was used (not
when). The policy advisor mails the links themselves; the system never knows who got which link. An
answer (``Response`` with its ``Answer`` rows) holds the survey, the layer and the day it was submitted,
and nothing else: no link to the invitation, no user, no time of day, no address, and no processing-log
row (there is no personal data to log). What is read is aggregated per theme and layer, and a layer
with fewer than ``queries.MIN_RESPONDENTS`` respondents is not shown.

An invitation used to keep the day it was used. Someone who kept the list of who got which link and
read the database could then put the invitations of a layer used on a day next to the responses of that
layer submitted that day, and on a quiet day know whose answers they were; so it keeps only whether.
What remains: a policy advisor who sends one link and watches the count of used links learns that the
person answered, not what. The screens never show single responses or their days, and beheer does not show
responses at all."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.core.models import ConfigurationItem


class SurveyError(Exception):
    """A request the survey refuses (a link unknown, used or out of its period, answers incomplete …),
    with a message in Dutch for the person who made it and a short code for the caller."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class Layer(models.TextChoices):
    """The layers of a gemeente that answer a survey, from council to kitchen table (fixed)."""

    COUNCIL_BOARD = "council_board", _("Raad en college")
    MANAGEMENT = "management", _("Management")
    POLICY = "policy", _("Beleid")
    EXECUTION = "execution", _("Uitvoering")
    PARTNERS = "partners", _("Partners")
    RESIDENTS = "residents", _("Inwoners")


class Score(models.IntegerChoices):
    """The 5-point scale, from "helemaal oneens" to "helemaal eens" as the respondent reads it.
    "Weet ik niet" is not on the scale: it is stored as no score (NULL)."""

    STRONGLY_DISAGREE = 1, _("Helemaal oneens")
    DISAGREE = 2, _("Oneens")
    NEUTRAL = 3, _("Neutraal")
    AGREE = 4, _("Eens")
    STRONGLY_AGREE = 5, _("Helemaal eens")


class Theme(ConfigurationItem):
    """A theme of the survey, e.g. prevention, with its statements."""

    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta(ConfigurationItem.Meta):
        verbose_name = _("thema van de enquête")
        verbose_name_plural = _("thema's van de enquête")
        ordering = ["order", "name"]


class Statement(models.Model):
    """One statement respondents agree or disagree with, phrased so that agreeing is the intended
    situation. The code identifies it in the answers, so it stays when the text is improved."""

    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="statements", verbose_name=_("thema")
    )
    code = models.SlugField(_("code"), max_length=80, unique=True)
    text = models.CharField(_("stelling"), max_length=300, help_text=_("Kort en in gewone taal (B1)."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(
        _("in gebruik"),
        default=True,
        help_text=_("Alleen stellingen in gebruik komen in een nieuwe enquête."),
    )

    class Meta:
        verbose_name = _("stelling")
        verbose_name_plural = _("stellingen")
        ordering = ["theme__order", "theme__name", "order", "code"]

    def __str__(self) -> str:
        return self.text


class Survey(models.Model):
    """One round of the survey in a gemeente: the statements it asks and when it can be answered."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("gemeente")
    )
    title = models.CharField(_("titel"), max_length=200)
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"))
    statements = models.ManyToManyField(Statement, related_name="surveys", verbose_name=_("stellingen"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
        help_text=_("Leeg bij een enquête uit synthetische gegevens."),
    )
    created_on = models.DateField(_("gemaakt op"))

    class Meta:
        verbose_name = _("enquête")
        verbose_name_plural = _("enquêtes")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("De enquête sluit na de dag dat hij opengaat.")})

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Invitation(models.Model):
    """One link to answer a survey once, for a layer. Only the SHA-256 hash of its token is stored: the
    token itself is shown once when the links are made. Nothing here names a person, nothing in a
    response points back here (see the module docstring), and ``used`` says only whether, not when: the
    day a link was used next to the day of a response would tell whose answers they are on a quiet day."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("enquête")
    )
    layer = models.CharField(_("laag"), max_length=20, choices=Layer.choices)
    token_hash = models.CharField(_("hash van de code"), max_length=64, unique=True, editable=False)
    used = models.BooleanField(_("gebruikt"), default=False)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        indexes = [models.Index(fields=["survey", "layer"], name="survey_invitation_layer")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.layer}"


class Response(models.Model):
    """One anonymous set of answers: the survey, the layer and the day, deliberately without a link to
    the invitation or to any user, and without a time (see the module docstring)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("enquête")
    )
    layer = models.CharField(_("laag"), max_length=20, choices=Layer.choices)
    submitted_on = models.DateField(_("ingestuurd op"))

    class Meta:
        verbose_name = _("ingevulde enquête")
        verbose_name_plural = _("ingevulde enquêtes")
        indexes = [models.Index(fields=["survey", "layer"], name="survey_response_layer")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.layer}"


class Answer(models.Model):
    """The score one response gave one statement, or none for "weet ik niet"."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("ingevulde enquête")
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="+", verbose_name=_("stelling")
    )
    score = models.PositiveSmallIntegerField(
        _("antwoord"), choices=Score.choices, null=True, blank=True, help_text=_("Leeg: weet ik niet.")
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="survey_answer_once_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="survey_answer_score_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.score}"
