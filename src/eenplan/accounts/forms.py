from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from eenplan.core.forms import UtrechtFormMixin


class LoginForm(UtrechtFormMixin, forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    password = forms.CharField(label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput)

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None:
                raise forms.ValidationError(
                    _("De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters."),
                    code="invalid_login",
                )
        return cleaned


class TokenForm(UtrechtFormMixin, forms.Form):
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        help_text=_("De 6 cijfers die de app nu toont."),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Vul de 6 cijfers in die de app toont.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()
