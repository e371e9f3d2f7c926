"""The SWV's people: inviting someone to a role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ijkpunten.models import Normkader
from zelfscan.models import Bestuur, Rol, School, Wijk


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


class DuoForm(forms.Form):
    """Besides DUO's file of all vestigingen: which are the SWV's, their pupils, and the wijk
    of a new primary school (DUO has none)."""

    gemeenten = forms.CharField(
        label=_("Gemeenten"), required=False, max_length=2000,
        help_text=_("The schools in these gemeenten (as DUO writes them, e.g. ALMERE), "
                    "separated by commas."),
    )  # fmt: skip
    codes = forms.CharField(
        label=_("Or these codes"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("BRIN numbers (all their vestigingen) or vestigingscodes, separated by "
                    "commas or one per line."),
    )  # fmt: skip
    leerlingen = forms.FileField(
        label=_("DUO's pupils per vestiging (optional)"), required=False,
        error_messages={"empty": _("The file is empty.")},
    )  # fmt: skip
    wijk_nieuw = forms.ModelChoiceField(
        label=_("Wijk of a new primary school"), queryset=None, required=False,
        empty_label=_("none: a new primary school is refused"),
    )  # fmt: skip

    def __init__(self, *args, swv, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk_nieuw"].queryset = Wijk.objects.filter(swv=swv).order_by("naam")


class VorigeScansForm(forms.Form):
    """The version of the norm the past scores were given against (the template's items)."""

    normkader = forms.ModelChoiceField(label=_("Version of the norm"), queryset=None,
                                       empty_label=None)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["normkader"].queryset = Normkader.objects.vastgesteld().order_by(
            "-vastgesteld_op", "-pk"
        )
