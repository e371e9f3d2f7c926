"""How a person wants to hear of each kind of notification."""

from django import forms

from zelfscan.models import Melding, Meldingsvoorkeur


class MeldingvoorkeurForm(forms.Form):
    """One choice per kind; ``huidig``: the choices made before (kind -> channel)."""

    def __init__(self, *args, huidig: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for soort, label in Melding.Soort.choices:
            self.fields[soort] = forms.ChoiceField(
                label=label, choices=Meldingsvoorkeur.Kanaal.choices,
                initial=huidig.get(soort, Meldingsvoorkeur.Kanaal.EMAIL),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )  # fmt: skip
