from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import UtrechtFormMixin

FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearForm(UtrechtFormMixin, forms.Form):
    """The budget year to show (GET ?jaar=2026); the current year when none or an invalid one is given."""

    jaar = forms.IntegerField(
        label=_("Begrotingsjaar"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Vul een jaartal in, bijvoorbeeld 2026.")},
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data or None, **kwargs)
        self.fields["jaar"].initial = timezone.localdate().year

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["jaar"]:
            return self.cleaned_data["jaar"]
        return timezone.localdate().year
