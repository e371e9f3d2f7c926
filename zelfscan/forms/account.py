"""Logging in, the second step, and answering an offered role."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The combination of user name and password is not correct. Note: both are "
            "case-sensitive."
        ),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail address or user name")
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class TokenForm(forms.Form):
    """The code of the authenticator app (six digits) or, at login, a recovery code (eight
    letters and digits, as django-otp makes them; spaces and capitals are forgiven)."""

    token = forms.CharField(
        label=_("Code from your authenticator app or a recovery code"),
        help_text=_("Six digits from the app, or one of your recovery codes."),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )

    def __init__(self, *args, alleen_app: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.alleen_app = alleen_app
        if alleen_app:
            field = self.fields["token"]
            field.label = _("Code from your authenticator app")
            field.help_text = _("Six digits; a new code appears every 30 seconds.")
            field.widget.attrs.update(inputmode="numeric", pattern="[0-9]{6}")

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).lower()
        if len(token) == 6 and token.isdigit():
            return token
        if not self.alleen_app and re.fullmatch(r"[a-z2-7]{8}", token):
            return token
        if self.alleen_app:
            raise forms.ValidationError(_("Enter the six digits of the code."))
        raise forms.ValidationError(
            _("Enter the six digits of the code, or a recovery code of eight characters.")
        )


class RolaanbodAntwoordForm(forms.Form):
    aanbod = forms.IntegerField(min_value=1)
    antwoord = forms.ChoiceField(choices=[("aanvaarden", _("Accept")), ("weigeren", _("Decline"))])
