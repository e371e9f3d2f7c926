from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from zelfscan.models import Bestuur, Rol, School


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
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits; a new code appears every 30 seconds."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
        error_messages={"min_length": _("Enter the six digits of the code.")},
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits of the code."))
        return token


class InviteForm(forms.Form):
    """A new role for a person in one SWV: the choices are limited to that SWV."""

    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    soort = forms.ChoiceField(label=_("Role"), choices=Rol.Soort.choices)
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("For an IB-er, directeur or consulent."),
    )
    bestuur = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Bestuur.objects.none(),
        required=False,
        help_text=_("For a bestuur user."),
    )

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        self.swv = swv
        self.fields["school"].queryset = School.objects.filter(swv=swv, actief=True)
        self.fields["bestuur"].queryset = Bestuur.objects.filter(scholen__swv=swv).distinct()

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort in Rol.SCHOOLROLLEN and not data.get("school"):
            self.add_error("school", _("Choose the school this role is for."))
        if soort in Rol.BESTUURSROLLEN and not data.get("bestuur"):
            self.add_error("bestuur", _("Choose the board this role is for."))
        if soort not in Rol.SCHOOLROLLEN:
            data["school"] = None
        if soort not in Rol.BESTUURSROLLEN:
            data["bestuur"] = None
        return data
