"""The melding (SupportRequest) and the legal terms it starts."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.households.models import Household, Person

from . import deadlines


class Law(models.TextChoices):
    WMO = "wmo", _("Wmo 2015")
    YOUTH = "jeugdwet", _("Jeugdwet")
    PARTICIPATION = "participatiewet", _("Participatiewet")
    DEBT = "wgs", _("Schuldhulpverlening (Wgs)")
    OTHER = "other", _("Anders")


class SupportRequestQuerySet(models.QuerySet):
    def next_due_refresh(self) -> int:
        """Store in ``next_due`` the nearest end of a running term of each of these meldingen (NULL when
        none runs), in one UPDATE; the number of meldingen."""
        running = Term.objects.filter(support_request=models.OuterRef("pk"), status=Term.Status.RUNNING)
        return self.update(next_due=models.Subquery(running.order_by("due_on").values("due_on")[:1]))


class SupportRequest(models.Model):
    """A melding: a resident's request for support. Receiving it starts the legal clock."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("telefoon")
        EMAIL = "email", _("e-mail")
        DESK = "desk", _("balie of inloopspreekuur")
        HOME = "home", _("huisbezoek")
        LETTER = "letter", _("brief")
        PORTAL = "portal", _("Mijn plan")
        REFERRAL = "referral", _("verwijzing door een partner")

    class Reporter(models.TextChoices):
        RESIDENT = "resident", _("de inwoner zelf")
        NETWORK = "network", _("iemand uit het netwerk")
        PARTNER = "partner", _("een professional van een partner")
        CONSULTANT = "consultant", _("een consulent")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normaal")
        URGENT = "urgent", _("spoed")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("afgesloten")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="support_requests")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="support_requests", verbose_name=_("voor wie")
    )
    received_on = models.DateField(_("ontvangen op"))
    channel = models.CharField(_("hoe binnengekomen"), max_length=20, choices=Channel.choices)
    reporter = models.CharField(_("gemeld door"), max_length=20, choices=Reporter.choices)
    reporter_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    question = models.TextField(_("de vraag, in de woorden van de inwoner"))
    laws = models.JSONField(_("wetten"), default=list)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_support_requests",
        verbose_name=_("consulent"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registered_support_requests"
    )
    registered_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    receipt_confirmed_at = models.DateTimeField(_("ontvangst bevestigd op"))
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closed_reason = models.CharField(_("reden van afsluiten"), max_length=300, blank=True)
    # The resident's own view before the conversation (Mijn plan, or recorded by the consultant).
    personal_plan = models.TextField(
        _("persoonlijk plan van de inwoner"), blank=True,
        help_text=_("Wat de inwoner zelf heeft opgeschreven (Wmo art. 2.3.2 lid 2)."),
    )  # fmt: skip
    personal_plan_received_on = models.DateField(_("persoonlijk plan ontvangen op"), null=True, blank=True)
    # The nearest end of a running term, kept by every action that changes a term or the status (the
    # caseload's order; NULL when no term runs). Derived from the terms, never edited.
    next_due = models.DateField(_("eerstvolgende termijn"), null=True, blank=True, editable=False)
    self_assessment = models.OneToOneField(
        "assessment.Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_request",
        verbose_name=_("eigen inschatting van de inwoner"),
    )

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "assigned_to"], name="supportrequest_status"),
            # The caseload: the open meldingen in its order (CASELOAD_ORDER), with the household to check
            # reach without reading the table (PostgreSQL; elsewhere without INCLUDE).
            models.Index(
                fields=["-urgency", "next_due", "received_on", "id"],
                include=["household"],
                condition=models.Q(status="open"),
                name="supportrequest_caseload",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"M-{self.pk:06d}"

    def get_laws_display(self) -> str:
        return ", ".join(str(Law(law).label) for law in self.laws)


class LegalTerm(models.Model):
    """A legal term that runs from an event (a melding, an application, a decision), with its end from
    the deadline engine. Intake's melding terms and provisions' decision and objection terms share it."""

    class Status(models.TextChoices):
        RUNNING = "running", _("loopt")
        SUSPENDED = "suspended", _("opgeschort")
        MET = "met", _("gehaald")
        ENDED = "ended", _("vervallen")

    rule = models.CharField(_("termijn"), max_length=50)
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("uiterlijk"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)

    class Meta:
        abstract = True
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.rule} {self.due_on}"

    @property
    def definition(self) -> deadlines.TermRule:
        return deadlines.rules()[self.rule]

    def days_left(self, today: date) -> int:
        return deadlines.days_left(self.due_on, today)


class Term(LegalTerm):
    """One legal term of a melding, with its end recomputed whenever it is suspended or extended."""

    support_request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="terms")

    class Meta(LegalTerm.Meta):
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        constraints = [
            models.UniqueConstraint(fields=["support_request", "rule"], name="term_once_per_request")
        ]

    def compute_due_on(self, today: date) -> date:
        """The end from the rule, every suspension (an open one counts up to today) and extension."""
        suspensions = tuple(
            deadlines.Suspension(s.starts_on, s.ends_on or today, s.reason) for s in self.suspensions.all()
        )
        extensions = tuple(deadlines.Extension(e.days, e.reason) for e in self.extensions.all())
        return deadlines.deadline(
            self.definition, self.starts_on, suspensions=suspensions, extensions=extensions
        )


class TermSuspension(models.Model):
    """Awb 4:15: the term stands still, e.g. while the resident gathers information."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="suspensions")
    starts_on = models.DateField(_("opgeschort vanaf"))
    ends_on = models.DateField(_("weer verder op"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opschorting")
        verbose_name_plural = _("opschortingen")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return self.reason


class TermExtension(models.Model):
    """Awb 4:14: the term cannot be met; the resident is told and gets a new term."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveIntegerField(_("aantal dagen"))
    reason = models.CharField(_("reden"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verlenging")
        verbose_name_plural = _("verlengingen")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.reason


class Inquiry(models.Model):
    """The onderzoek after a melding: one per melding, with one or more kitchen-table conversations."""

    class Status(models.TextChoices):
        OPEN = "open", _("loopt")
        FINISHED = "finished", _("afgerond")

    support_request = models.OneToOneField(SupportRequest, on_delete=models.CASCADE, related_name="inquiry")
    started_on = models.DateField(_("gestart op"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("onderzoek")
        verbose_name_plural = _("onderzoeken")

    def __str__(self) -> str:
        return f"Onderzoek {self.support_request.reference}"

    @property
    def report_or_none(self):
        return getattr(self, "report", None)


class Conversation(models.Model):
    """A kitchen-table conversation, recorded in the order of the conversation itself."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="conversations")
    held_on = models.DateField(_("datum"))
    place = models.CharField(_("waar"), max_length=200)
    participants = models.CharField(_("wie waren erbij"), max_length=500)
    interpreter_offered = models.BooleanField(_("tolk aangeboden"), default=False)
    client_support_offered = models.BooleanField(_("gratis cliëntondersteuning aangeboden"), default=False)
    what_matters = models.TextField(
        _("wat is belangrijk voor u, waar wordt u gelukkig van?"),
        help_text=_("In de woorden van de inwoner."),
    )
    question_behind = models.TextField(_("de vraag achter de vraag"), blank=True)
    own_actions = models.TextField(_("wat gaan de inwoner en het netwerk zelf doen?"), blank=True)
    ideas = models.TextField(
        _("ideeën voor oplossingen buiten de standaardproducten"), blank=True,
        help_text=_("Bijvoorbeeld: een dag per week meerijden met de bezorger."),
    )  # fmt: skip
    assessment = models.OneToOneField(
        "assessment.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="conversation"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keukentafelgesprek")
        verbose_name_plural = _("keukentafelgesprekken")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Gesprek {self.held_on}"


class InquiryReport(models.Model):
    """The verslag: drafted from what was recorded, edited by the consultant, given to the resident,
    with room for the resident's own response."""

    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="report")
    text = models.TextField(_("tekst van het verslag"))
    issued_on = models.DateField(_("uitgereikt op"), null=True, blank=True)
    resident_response = models.TextField(_("reactie van de inwoner"), blank=True)
    resident_agrees = models.BooleanField(_("de inwoner is het eens met het verslag"), null=True, blank=True)
    response_recorded_on = models.DateField(_("reactie vastgelegd op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")

    def __str__(self) -> str:
        return f"Verslag {self.inquiry.support_request.reference}"
