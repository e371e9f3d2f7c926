import re

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


class KengetallenForm(forms.Form):
    """The numbers behind the risk signals; checked against each other."""

    leerlingen = forms.IntegerField(
        label=_("Number of pupils"), min_value=0, max_value=10000, required=False
    )
    ib_fte = forms.DecimalField(
        label=_("IB fte"), min_value=0, max_value=10, decimal_places=3, required=False,
    )  # fmt: skip
    verwijzingen_sbo = forms.IntegerField(
        label=_("Referrals to SBO this year"), min_value=0, required=False
    )
    verwijzingen_so = forms.IntegerField(
        label=_("Referrals to SO this year"), min_value=0, required=False
    )
    thuiszitters = forms.IntegerField(
        label=_("Pupils at home without school"), min_value=0, required=False
    )
    opps = forms.IntegerField(label=_("Development plans (OPP)"), min_value=0, required=False)
    inspectieoordeel = forms.ChoiceField(
        label=_("Latest judgement of the inspectorate"), required=False,
        choices=[("", _("unknown")), ("voldoende", _("voldoende (basistoezicht) or better")),
                 ("onvoldoende", _("onvoldoende")), ("zeer_zwak", _("zeer zwak"))],
    )  # fmt: skip
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        from zelfscan.resultaten.rekenregels import ib_norm_tekst

        super().__init__(*args, **kwargs)
        self.fields["ib_fte"].help_text = _("The norm is at least %(per)s fte per pupil.") % {
            "per": ib_norm_tekst()
        }

    def clean(self):
        data = super().clean()
        leerlingen = data.get("leerlingen")
        if leerlingen is not None:
            for veld in ("verwijzingen_sbo", "verwijzingen_so", "thuiszitters", "opps"):
                if (data.get(veld) or 0) > leerlingen:
                    self.add_error(veld, _("This cannot be more than the number of pupils."))
            fte = data.get("ib_fte")
            if fte is not None and leerlingen and fte > leerlingen / 20:
                self.add_error("ib_fte", _("More than one fte per 20 pupils is not plausible."))
        return data


class ScanrondeForm(forms.Form):
    schooljaar = forms.RegexField(
        label=_("School year"), regex=r"^20[0-9]{2}-20[0-9]{2}$", help_text="2025-2026",
        error_messages={"invalid": _("A school year such as 2025-2026.")},
    )  # fmt: skip
    normkader = forms.ModelChoiceField(label=_("Version of the norm"), queryset=None)
    onderdelen = forms.MultipleChoiceField(
        label=_("Parts"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        from ijkpunten.models import Normkader
        from zelfscan.models import Scanronde

        super().__init__(*args, **kwargs)
        self.fields["normkader"].queryset = Normkader.objects.vastgesteld()
        self.fields["onderdelen"].choices = Scanronde.Onderdeel.choices
        self.fields["onderdelen"].initial = Scanronde.Onderdeel.values

    def clean_schooljaar(self):
        value = self.cleaned_data["schooljaar"]
        start, end = (int(x) for x in value.split("-"))
        if end != start + 1:
            raise forms.ValidationError(_("A school year such as 2025-2026."))
        return value
