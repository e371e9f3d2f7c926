"""The SWV's people: inviting someone to a role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zelfscan.models import Bestuur, Rol, School


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
