"""What was actually spent: a provider's declaration (or an invoice) on an allocation, per month.
Granted and committed amounts are derived from decisions and allocations (see budget/queries.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eenplan.provisions.models import Allocation


class Expenditure(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="expenditures")
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand waarin geleverd is."))
    volume = models.PositiveIntegerField(_("geleverde omvang"))
    amount_cents = models.PositiveIntegerField(_("bedrag (eurocent)"))
    reference = models.CharField(_("factuur- of declaratienummer"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        ordering = ["month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "month"], name="expenditure_once_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="expenditure_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} {self.month:%Y-%m}"
