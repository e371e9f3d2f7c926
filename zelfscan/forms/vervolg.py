"""After the scan: the consulent's own view, the conversation, the development plan's points,
notes and steps, and the consulent's overview's order."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zelfscan.forms.scans import OordeelForm, WijzigingForm
from zelfscan.forms.velden import Datumveld, tekstveld
from zelfscan.models import Consulentoordeel, Gesprek, Notitie, Ontwikkelpunt, Trajectstap

# A status change's note starts with the change itself ("Status: gepland → bezig. "); what the
# school adds must leave room for that within the note's limit.
_RUIMTE_VOOR_STATUSREGEL = 1000


class GesprekForm(forms.Form):
    datum = Datumveld(wat=_("the date of the conversation"))
    deelnemers = tekstveld(Gesprek, "deelnemers", wat=_("the participants"))
    agenda = tekstveld(Gesprek, "agenda", wat=_("the agenda"))
    notities = tekstveld(Gesprek, "notities", wat=_("the notes"))
    afspraken = tekstveld(Gesprek, "afspraken", wat=_("the agreements"))
    besproken = forms.BooleanField(required=False)


class OntwikkelpuntForm(forms.Form):
    # "groep:<id>" or "item:<id>"; whether it is of the scan's norm is the service's rule.
    koppeling = forms.RegexField(
        regex=r"^(groep|item):[0-9]{1,18}$",
        error_messages={
            "required": _("Choose the ijkpunt, theme or indicator the point is about."),
            "invalid": _("Choose the ijkpunt, theme or indicator the point is about."),
        },
    )
    titel = tekstveld(Ontwikkelpunt, "titel", wat=_("the title"))
    doel = tekstveld(Ontwikkelpunt, "doel", wat=_("the SMART goal"))
    acties = tekstveld(Ontwikkelpunt, "acties", wat=_("the actions"))
    eigenaar = tekstveld(Ontwikkelpunt, "eigenaar", wat=_("the owner"))
    deadline = Datumveld(wat=_("a deadline"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=Ontwikkelpunt.Status.choices,
        error_messages={
            "invalid_choice": _("Choose a status: gepland, bezig, afgerond or gestopt."),
            "required": _("Choose a status: gepland, bezig, afgerond or gestopt."),
        },
    )
    toelichting = tekstveld(
        Notitie, "tekst", wat=_("the explanation"), required=False,
        max_length=Notitie._meta.get_field("tekst").max_length - _RUIMTE_VOOR_STATUSREGEL,
    )  # fmt: skip


class NotitieForm(forms.Form):
    datum = Datumveld(wat=_("a date"))
    tekst = tekstveld(Notitie, "tekst", wat=_("the text"))


class StappenForm(forms.Form):
    """The seven steps of the Ontwikkelprogramma HGW on one form: ``datum-1``, ``resultaat-1``,
    and so on. A step the form did not send is left as it is."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for stap, _label in Trajectstap.Stap.choices:
            self.fields[f"datum-{stap}"] = Datumveld(
                wat=_("a date"), required=False,
                ongeldig=_("Step %(stap)s: fill in a valid date.") % {"stap": stap},
            )  # fmt: skip
            self.fields[f"resultaat-{stap}"] = tekstveld(
                Trajectstap, "resultaat", wat=_("the result"), widget=forms.TextInput
            )

    def stappen(self) -> list[tuple[int, object, str]]:
        """(step, date or None, result) for each step the form sent."""
        return [
            (stap, self.cleaned_data[f"datum-{stap}"], self.cleaned_data[f"resultaat-{stap}"])
            for stap in Trajectstap.Stap.values
            if f"datum-{stap}" in self.data or f"resultaat-{stap}" in self.data
        ]


class SorteringForm(forms.Form):
    """The order of the consulent's overview; an unknown order is the default one."""

    sorteer = forms.ChoiceField(
        choices=[("school", _("school")), ("status", _("status")),
                 ("gesprek", _("last conversation")), ("achterstand", _("past the deadline"))],
        required=False,
    )  # fmt: skip

    def sortering(self) -> str:
        return (self.is_valid() and self.cleaned_data["sorteer"]) or "school"


class ConsulentoordeelForm(OordeelForm):
    """What the consulent saw of one item (``score-12``): the norm's scale or no view
    (empty), and a note."""

    toelichting = tekstveld(Consulentoordeel, "toelichting", wat=_("the note"), strip=False)


class GroepsoordeelForm(ConsulentoordeelForm):
    """The same of one group (``groepscore-3``)."""

    namen = {"score": "groepscore", "toelichting": "groeptoelichting", "versie": "groepversie"}


class ConsulentWijzigingForm(WijzigingForm):
    """Which item or group the autosave script's change is about, and the change's id."""

    soort = forms.ChoiceField(
        choices=[("item", "item"), ("groep", "groep")],
        error_messages=WijzigingForm.base_fields["soort"].error_messages,
    )
